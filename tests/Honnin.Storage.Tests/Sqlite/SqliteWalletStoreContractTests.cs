using Honnin.Holder.Credentials;
using Honnin.Holder.Presentation;
using Honnin.Storage.Sqlite;
using Honnin.Storage.Tests.Support;
using Honnin.Tests.Contracts;

namespace Honnin.Storage.Tests.Sqlite;

public sealed class SqliteCredentialStoreContractTests : CredentialStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<SqliteWalletStore> _open = [];

    protected override async Task<ICredentialStore> CreateStoreAsync() => Track(await SqliteWalletStore.OpenAsync(_folder.File("wallet.db"), TestKeys.Cheap()));

    protected override async Task<ICredentialStore> ReopenAsync(ICredentialStore store)
    {
        var sqlite = (SqliteWalletStore)store;
        sqlite.Dispose();
        return Track(await SqliteWalletStore.OpenAsync(sqlite.Path, TestKeys.Cheap()));
    }

    public void Dispose()
    {
        _open.ForEach(s => s.Dispose());
        _folder.Dispose();
    }

    private SqliteWalletStore Track(SqliteWalletStore store)
    {
        _open.Add(store);
        return store;
    }
}

public sealed class SqlitePresentationLogContractTests : PresentationLogContract, IDisposable
{
    private readonly TempFolder _folder = new();
    private SqliteWalletStore? _store;

    protected override async Task<IPresentationLog> CreateLogAsync()
    {
        _store = await SqliteWalletStore.OpenAsync(_folder.File("wallet.db"), TestKeys.Cheap());
        return _store.Log;
    }

    public void Dispose()
    {
        _store?.Dispose();
        _folder.Dispose();
    }
}

public sealed class SqliteSharingConsentsContractTests : SharingConsentsContract, IDisposable
{
    private readonly TempFolder _folder = new();
    private SqliteWalletStore? _store;

    protected override async Task<ISharingConsents> CreateAsync()
    {
        _store = await SqliteWalletStore.OpenAsync(_folder.File("wallet.db"), TestKeys.Cheap());
        return _store.Consents;
    }

    public void Dispose()
    {
        _store?.Dispose();
        _folder.Dispose();
    }
}

public sealed class SqliteDeviceKeyStoreContractTests : DeviceKeyStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<SqliteWalletStore> _open = [];

    protected override async Task<(Holder.Keys.IDeviceKeyStore Keys, Func<Task<Holder.Keys.IDeviceKeyStore>> Reopen)> CreateAsync()
    {
        var path = _folder.File("wallet.db");
        var store = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap());
        _open.Add(store);
        return (store.DeviceKeys, async () =>
        {
            var reopened = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap());
            _open.Add(reopened);
            return reopened.DeviceKeys;
        });
    }

    public void Dispose()
    {
        _open.ForEach(s => s.Dispose());
        _folder.Dispose();
    }
}
