using Honnin.Issuer.State;
using Honnin.Storage.Sqlite;
using Honnin.Storage.Tests.Support;
using Honnin.Tests.Contracts;

namespace Honnin.Storage.Tests.Sqlite;

/// <summary>Opens a fresh SQLite issuer store per test, in a folder of its own.</summary>
public sealed class SqliteIssuerStores : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<SqliteIssuerStore> _open = [];

    public async Task<SqliteIssuerStore> OpenAsync()
    {
        var store = await SqliteIssuerStore.OpenAsync(_folder.File(Guid.NewGuid().ToString("N") + ".db"));
        _open.Add(store);
        return store;
    }

    public void Dispose()
    {
        _open.ForEach(s => s.Dispose());
        _folder.Dispose();
    }
}

public sealed class SqlitePreAuthorizedCodeStoreContractTests : PreAuthorizedCodeStoreContract, IDisposable
{
    private readonly SqliteIssuerStores _stores = new();

    protected override async Task<IPreAuthorizedCodeStore> CreateAsync() => await _stores.OpenAsync();

    public void Dispose() => _stores.Dispose();
}

public sealed class SqliteStatusListStoreContractTests : StatusListStoreContract, IDisposable
{
    private readonly SqliteIssuerStores _stores = new();

    protected override async Task<IStatusListStore> CreateAsync() => await _stores.OpenAsync();

    public void Dispose() => _stores.Dispose();
}

public sealed class SqliteIssuedCredentialStoreContractTests : IssuedCredentialStoreContract, IDisposable
{
    private readonly SqliteIssuerStores _stores = new();

    protected override async Task<IIssuedCredentialStore> CreateAsync() => await _stores.OpenAsync();

    public void Dispose() => _stores.Dispose();
}

public sealed class SqliteReplayStoreContractTests : ReplayStoreContract, IDisposable
{
    private readonly SqliteIssuerStores _stores = new();

    protected override async Task<IReplayStore> CreateAsync() => await _stores.OpenAsync();

    public void Dispose() => _stores.Dispose();
}

public sealed class SqliteOfferStoreContractTests : OfferStoreContract, IDisposable
{
    private readonly SqliteIssuerStores _stores = new();

    protected override async Task<(IOfferStore Offers, IIssuedCredentialStore Issued)> CreateAsync()
    {
        var store = await _stores.OpenAsync();
        return (store, store);
    }

    public void Dispose() => _stores.Dispose();
}

public sealed class SqliteStatusListCacheContractTests : StatusListCacheContract, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<SqliteVerifierStore> _open = [];

    protected override async Task<Verifier.Status.IStatusListCache> CreateAsync()
    {
        var store = await SqliteVerifierStore.OpenAsync(_folder.File(Guid.NewGuid().ToString("N") + ".db"));
        _open.Add(store);
        return store;
    }

    public void Dispose()
    {
        _open.ForEach(s => s.Dispose());
        _folder.Dispose();
    }
}

public sealed class SqliteVerifierTransactionStoreContractTests : VerifierTransactionStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<SqliteVerifierStore> _open = [];

    protected override async Task<Verifier.Protocol.IVerifierTransactionStore> CreateAsync()
    {
        var store = await SqliteVerifierStore.OpenAsync(_folder.File(Guid.NewGuid().ToString("N") + ".db"));
        _open.Add(store);
        return store;
    }

    public void Dispose()
    {
        _open.ForEach(s => s.Dispose());
        _folder.Dispose();
    }
}
