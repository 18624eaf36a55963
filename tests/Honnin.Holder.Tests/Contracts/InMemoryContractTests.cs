using Honnin.Crypto;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Presentation;
using Honnin.Tests;
using Honnin.Tests.Contracts;

namespace Honnin.Holder.Tests.Contracts;

public sealed class InMemoryCredentialStoreContractTests : CredentialStoreContract
{
    protected override Task<ICredentialStore> CreateStoreAsync() => Task.FromResult<ICredentialStore>(new InMemoryCredentialStore());
}

public sealed class InMemoryPresentationLogContractTests : PresentationLogContract
{
    protected override Task<IPresentationLog> CreateLogAsync() => Task.FromResult<IPresentationLog>(new InMemoryPresentationLog());
}

public sealed class InMemoryCredentialStoreLogContractTests : PresentationLogContract
{
    protected override Task<IPresentationLog> CreateLogAsync() => Task.FromResult(new InMemoryCredentialStore().Log);
}

public sealed class InMemorySharingConsentsContractTests : SharingConsentsContract
{
    protected override Task<ISharingConsents> CreateAsync() => Task.FromResult(new InMemoryCredentialStore().Consents);
}

public sealed class InMemoryDeviceKeyResolverContractTests : DeviceKeyResolverContract
{
    protected override Task<IDeviceKeyResolver> CreateResolverAsync(IReadOnlyList<SoftwareSigner> keys)
    {
        var resolver = new InMemoryDeviceKeyResolver();
        foreach (var key in keys)
        {
            resolver.Add(key);
        }

        return Task.FromResult<IDeviceKeyResolver>(resolver);
    }
}

public sealed class SoftwareSignerEs256ContractTests : SignerContract
{
    protected override Task<ISigner> CreateSignerAsync() => Task.FromResult<ISigner>(SoftwareSigner.Generate(CoseAlgorithm.ES256));
}

public sealed class SoftwareSignerEs384ContractTests : SignerContract
{
    protected override Task<ISigner> CreateSignerAsync() => Task.FromResult<ISigner>(SoftwareSigner.Generate(CoseAlgorithm.ES384));
}

public sealed class SoftwareSignerEs512ContractTests : SignerContract
{
    protected override Task<ISigner> CreateSignerAsync() => Task.FromResult<ISigner>(SoftwareSigner.Generate(CoseAlgorithm.ES512));
}

public sealed class SoftwareSignerEdDsaContractTests : SignerContract
{
    protected override Task<ISigner> CreateSignerAsync() => Task.FromResult<ISigner>(SoftwareSigner.Generate(CoseAlgorithm.EdDSA));
}

public sealed class RsaSignerContractTests : SignerContract
{
    protected override Task<ISigner> CreateSignerAsync() => Task.FromResult<ISigner>(new RsaTestSigner(CoseAlgorithm.PS256));
}

public sealed class RemoteStyleSignerContractTests : SignerContract
{
    protected override Task<ISigner> CreateSignerAsync() => Task.FromResult<ISigner>(new QueuedRemoteSigner(SoftwareSigner.Generate(CoseAlgorithm.ES256)));
}
