using Honnin.Issuer.State;
using Honnin.Storage.PostgreSql;
using Honnin.Storage.Tests.Support;
using Honnin.Tests.Contracts;

namespace Honnin.Storage.Tests.PostgreSql;

/// <summary>Opens a PostgreSQL issuer store per test, each in a schema of its own.</summary>
public sealed class PostgreSqlIssuerStores(PostgresCluster cluster) : IDisposable
{
    private readonly List<PostgreSqlIssuerStore> _open = [];

    public async Task<PostgreSqlIssuerStore> OpenAsync()
    {
        var store = await PostgreSqlIssuerStore.OpenAsync(await cluster.NewSchemaAsync());
        _open.Add(store);
        return store;
    }

    public void Dispose() => _open.ForEach(s => s.Dispose());
}

[Collection(PostgresClusterFixture.Name)]
public sealed class PostgreSqlPreAuthorizedCodeStoreContractTests(PostgresCluster cluster) : PreAuthorizedCodeStoreContract, IDisposable
{
    private readonly PostgreSqlIssuerStores _stores = new(cluster);

    protected override async Task<IPreAuthorizedCodeStore> CreateAsync() => await _stores.OpenAsync();

    public void Dispose() => _stores.Dispose();
}

[Collection(PostgresClusterFixture.Name)]
public sealed class PostgreSqlStatusListStoreContractTests(PostgresCluster cluster) : StatusListStoreContract, IDisposable
{
    private readonly PostgreSqlIssuerStores _stores = new(cluster);

    protected override async Task<IStatusListStore> CreateAsync() => await _stores.OpenAsync();

    public void Dispose() => _stores.Dispose();
}

[Collection(PostgresClusterFixture.Name)]
public sealed class PostgreSqlIssuedCredentialStoreContractTests(PostgresCluster cluster) : IssuedCredentialStoreContract, IDisposable
{
    private readonly PostgreSqlIssuerStores _stores = new(cluster);

    protected override async Task<IIssuedCredentialStore> CreateAsync() => await _stores.OpenAsync();

    public void Dispose() => _stores.Dispose();
}

[Collection(PostgresClusterFixture.Name)]
public sealed class PostgreSqlReplayStoreContractTests(PostgresCluster cluster) : ReplayStoreContract, IDisposable
{
    private readonly PostgreSqlIssuerStores _stores = new(cluster);

    protected override async Task<IReplayStore> CreateAsync() => await _stores.OpenAsync();

    public void Dispose() => _stores.Dispose();
}

[Collection(PostgresClusterFixture.Name)]
public sealed class PostgreSqlOfferStoreContractTests(PostgresCluster cluster) : OfferStoreContract, IDisposable
{
    private readonly PostgreSqlIssuerStores _stores = new(cluster);

    protected override async Task<(IOfferStore Offers, IIssuedCredentialStore Issued)> CreateAsync()
    {
        var store = await _stores.OpenAsync();
        return (store, store);
    }

    public void Dispose() => _stores.Dispose();
}

[Collection(PostgresClusterFixture.Name)]
public sealed class PostgreSqlStatusListCacheContractTests(PostgresCluster cluster) : StatusListCacheContract, IDisposable
{
    private readonly List<PostgreSqlVerifierStore> _open = [];

    protected override async Task<Verifier.Status.IStatusListCache> CreateAsync()
    {
        var store = await PostgreSqlVerifierStore.OpenAsync(await cluster.NewSchemaAsync());
        _open.Add(store);
        return store;
    }

    public void Dispose() => _open.ForEach(s => s.Dispose());
}

[Collection(PostgresClusterFixture.Name)]
public sealed class PostgreSqlVerifierTransactionStoreContractTests(PostgresCluster cluster) : VerifierTransactionStoreContract, IDisposable
{
    private readonly List<PostgreSqlVerifierStore> _open = [];

    protected override async Task<Verifier.Protocol.IVerifierTransactionStore> CreateAsync()
    {
        var store = await PostgreSqlVerifierStore.OpenAsync(await cluster.NewSchemaAsync());
        _open.Add(store);
        return store;
    }

    public void Dispose() => _open.ForEach(s => s.Dispose());
}
