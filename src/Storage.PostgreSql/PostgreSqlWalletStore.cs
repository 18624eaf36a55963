using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Presentation;
using Honnin.Holder.Storage;
using Npgsql;

namespace Honnin.Storage.PostgreSql;

/// <summary>
/// A wallet in a PostgreSQL database (one wallet per database or schema, chosen by the connection string's
/// <c>Search Path</c>): the same schema and sealing as <c>SqliteWalletStore</c> — credentials and the person's log
/// under AES-256-GCM with a data key the <see cref="IWalletKeyProvider"/> wraps, batch use and the log in one
/// transaction. Several instances may share the database; its row locks decide which presentation takes a credential.
/// Open with <see cref="OpenAsync(string, IWalletKeyProvider, CancellationToken)"/>.
/// </summary>
public sealed class PostgreSqlWalletStore : ICredentialStore, IDisposable
{
    private readonly DbWalletStore _store;
    private readonly NpgsqlDataSource _dataSource;

    private PostgreSqlWalletStore(DbWalletStore store, NpgsqlDataSource dataSource)
    {
        _store = store;
        _dataSource = dataSource;
    }

    /// <inheritdoc/>
    public IPresentationLog Log => _store.Log;

    /// <inheritdoc/>
    public ISharingConsents Consents => _store.Consents;

    /// <summary>
    /// Software device keys sealed in this wallet, for tools and tests (the CLI keeps its holder keys here). An app keeps
    /// device keys in the platform keystore instead.
    /// </summary>
    public IDeviceKeyStore DeviceKeys => _store.DeviceKeys;

    /// <summary>
    /// Opens the wallet the connection string names, creating its tables when they do not exist: applies the schema
    /// migrations, then unwraps the data key with <paramref name="keys"/> (a new wallet gets a fresh key).
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string; its password never appears in Honnin's messages.</param>
    /// <param name="keys">Guards the data key: a passphrase, or a key service.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open wallet.</returns>
    /// <exception cref="WalletStoreException">The key does not open this wallet (nothing is changed), or the schema is newer than this version.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    public static async Task<PostgreSqlWalletStore> OpenAsync(string connectionString, IWalletKeyProvider keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            var store = await DbWalletStore.OpenAsync(PostgreSqlDatabase.Opener(dataSource), PostgreSqlDatabase.Dialect, keys, cancellationToken).ConfigureAwait(false);
            return new PostgreSqlWalletStore(store, dataSource);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task AddAsync(StoredCredential credential, CancellationToken cancellationToken = default) => _store.AddAsync(credential, cancellationToken);

    /// <inheritdoc/>
    public Task AddRangeAsync(IReadOnlyList<StoredCredential> credentials, CancellationToken cancellationToken = default) => _store.AddRangeAsync(credentials, cancellationToken);

    /// <inheritdoc/>
    public Task<StoredCredential?> GetAsync(string credentialId, CancellationToken cancellationToken = default) => _store.GetAsync(credentialId, cancellationToken);

    /// <inheritdoc/>
    public Task<StoredCredential?> FindUnusedAsync(string credentialId, DateTimeOffset now, CancellationToken cancellationToken = default) => _store.FindUnusedAsync(credentialId, now, cancellationToken);

    /// <inheritdoc/>
    public Task<StoredCredential?> CommitPresentationAsync(string credentialId, int expectedUseCount, PresentationRecord record, CancellationToken cancellationToken = default) =>
        _store.CommitPresentationAsync(credentialId, expectedUseCount, record, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredCredential>> ListAsync(string? docType = null, CancellationToken cancellationToken = default) => _store.ListAsync(docType, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default) => _store.RemoveAsync(id, cancellationToken);

    /// <summary>Checks the wallet: every record opens under the key, and no credential was presented more often here than the log records.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The problems found; empty when the wallet is whole.</returns>
    public Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken = default) => _store.CheckIntegrityAsync(cancellationToken);

    /// <summary>Forgets the data key held in memory and closes the connections.</summary>
    public void Dispose()
    {
        _store.Dispose();
        _dataSource.Dispose();
    }
}
