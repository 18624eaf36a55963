using Honnin.Tests.Contracts;
using Honnin.Verifier.Protocol;

namespace Honnin.Verifier.Tests.Protocol;

public sealed class InMemoryVerifierTransactionStoreContractTests : VerifierTransactionStoreContract
{
    protected override Task<IVerifierTransactionStore> CreateAsync() => Task.FromResult<IVerifierTransactionStore>(new InMemoryVerifierTransactionStore());
}
