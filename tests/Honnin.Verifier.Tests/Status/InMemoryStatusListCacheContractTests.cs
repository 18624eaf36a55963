using Honnin.Tests.Contracts;
using Honnin.Verifier.Status;

namespace Honnin.Verifier.Tests.Status;

public sealed class InMemoryStatusListCacheContractTests : StatusListCacheContract
{
    protected override Task<IStatusListCache> CreateAsync() => Task.FromResult<IStatusListCache>(new InMemoryStatusListCache());
}
