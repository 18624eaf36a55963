using Honnin.Holder.Credentials;
using Honnin.Holder.Presentation;
using Honnin.Storage.PostgreSql;
using Honnin.Storage.Tests.Support;
using Honnin.Tests.Contracts;

namespace Honnin.Storage.Tests.PostgreSql;

[Collection(PostgresClusterFixture.Name)]
public sealed class PostgreSqlCredentialStoreContractTests(PostgresCluster cluster) : CredentialStoreContract, IDisposable
{
    private readonly List<PostgreSqlWalletStore> _open = [];
    private readonly Dictionary<ICredentialStore, string> _connections = [];

    protected override async Task<ICredentialStore> CreateStoreAsync()
    {
        var connection = await cluster.NewSchemaAsync();
        var store = await PostgreSqlWalletStore.OpenAsync(connection, TestKeys.Cheap());
        _open.Add(store);
        _connections[store] = connection;
        return store;
    }

    protected override async Task<ICredentialStore> ReopenAsync(ICredentialStore store)
    {
        var connection = _connections[store];
        ((PostgreSqlWalletStore)store).Dispose();
        var reopened = await PostgreSqlWalletStore.OpenAsync(connection, TestKeys.Cheap());
        _open.Add(reopened);
        _connections[reopened] = connection;
        return reopened;
    }

    public void Dispose() => _open.ForEach(s => s.Dispose());
}

[Collection(PostgresClusterFixture.Name)]
public sealed class PostgreSqlPresentationLogContractTests(PostgresCluster cluster) : PresentationLogContract, IDisposable
{
    private PostgreSqlWalletStore? _store;

    protected override async Task<IPresentationLog> CreateLogAsync()
    {
        _store = await PostgreSqlWalletStore.OpenAsync(await cluster.NewSchemaAsync(), TestKeys.Cheap());
        return _store.Log;
    }

    public void Dispose() => _store?.Dispose();
}

[Collection(PostgresClusterFixture.Name)]
public sealed class PostgreSqlSharingConsentsContractTests(PostgresCluster cluster) : SharingConsentsContract, IDisposable
{
    private PostgreSqlWalletStore? _store;

    protected override async Task<ISharingConsents> CreateAsync()
    {
        _store = await PostgreSqlWalletStore.OpenAsync(await cluster.NewSchemaAsync(), TestKeys.Cheap());
        return _store.Consents;
    }

    public void Dispose() => _store?.Dispose();
}

[Collection(PostgresClusterFixture.Name)]
public sealed class PostgreSqlDeviceKeyStoreContractTests(PostgresCluster cluster) : DeviceKeyStoreContract, IDisposable
{
    private readonly List<PostgreSqlWalletStore> _open = [];

    protected override async Task<(Holder.Keys.IDeviceKeyStore Keys, Func<Task<Holder.Keys.IDeviceKeyStore>> Reopen)> CreateAsync()
    {
        var connection = await cluster.NewSchemaAsync();
        var store = await PostgreSqlWalletStore.OpenAsync(connection, TestKeys.Cheap());
        _open.Add(store);
        return (store.DeviceKeys, async () =>
        {
            var reopened = await PostgreSqlWalletStore.OpenAsync(connection, TestKeys.Cheap());
            _open.Add(reopened);
            return reopened.DeviceKeys;
        });
    }

    public void Dispose() => _open.ForEach(s => s.Dispose());
}
