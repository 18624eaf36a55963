using Honnin.Issuer.State;
using Honnin.Tests.Contracts;

namespace Honnin.Issuer.Tests.State;

public sealed class InMemoryPreAuthorizedCodeStoreContractTests : PreAuthorizedCodeStoreContract
{
    protected override Task<IPreAuthorizedCodeStore> CreateAsync() => Task.FromResult<IPreAuthorizedCodeStore>(new InMemoryIssuerState());
}

public sealed class InMemoryStatusListStoreContractTests : StatusListStoreContract
{
    protected override Task<IStatusListStore> CreateAsync() => Task.FromResult<IStatusListStore>(new InMemoryIssuerState());
}

public sealed class InMemoryIssuedCredentialStoreContractTests : IssuedCredentialStoreContract
{
    protected override Task<IIssuedCredentialStore> CreateAsync() => Task.FromResult<IIssuedCredentialStore>(new InMemoryIssuerState());
}

public sealed class InMemoryReplayStoreContractTests : ReplayStoreContract
{
    protected override Task<IReplayStore> CreateAsync() => Task.FromResult<IReplayStore>(new InMemoryIssuerState());
}

public sealed class InMemoryOfferStoreContractTests : OfferStoreContract
{
    protected override Task<(IOfferStore Offers, IIssuedCredentialStore Issued)> CreateAsync()
    {
        var state = new InMemoryIssuerState();
        return Task.FromResult<(IOfferStore, IIssuedCredentialStore)>((state, state));
    }
}
