using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Presentation;
using Honnin.Holder.Storage;

namespace Honnin.Storage.Sqlite;

/// <summary>
/// A wallet in one SQLite file: credentials and the person's log sealed with AES-256-GCM under a data key that the
/// <see cref="IWalletKeyProvider"/> wraps, batch use and the log written in one transaction. Several processes may open
/// the same file; the database decides which presentation takes a credential. Open with <see cref="OpenAsync"/>.
/// </summary>
public sealed class SqliteWalletStore : ICredentialStore, IDisposable
{
    private readonly DbWalletStore _store;

    private SqliteWalletStore(DbWalletStore store, string path)
    {
        _store = store;
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

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
    /// Opens the wallet at <paramref name="path"/>, creating it when the file does not exist: applies the schema
    /// migrations, then unwraps the data key with <paramref name="keys"/> (a new wallet gets a fresh key).
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="keys">Guards the data key: a passphrase, or the platform keystore.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open wallet.</returns>
    /// <exception cref="WalletStoreException">The key does not open this wallet (a wrong passphrase: nothing is changed), or the file is a newer wallet.</exception>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file cannot be opened or is not a database.</exception>
    public static async Task<SqliteWalletStore> OpenAsync(string path, IWalletKeyProvider keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            var store = await DbWalletStore.OpenAsync(SqliteDatabase.Opener(SqliteDatabase.ConnectionString(full)), SqliteDatabase.Dialect, keys, cancellationToken).ConfigureAwait(false);
            return new SqliteWalletStore(store, full);
        }
        catch
        {
            // Nothing keeps the file open after a failed open (a wrong passphrase, a file that is no database).
            SqliteDatabase.Release(full);
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

    /// <summary>
    /// Checks the file (SQLite's <c>integrity_check</c>) and the wallet: every record opens under the key, and no
    /// credential was presented more often here than the log records.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The problems found; empty when the wallet is whole.</returns>
    public async Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.Opener(SqliteDatabase.ConnectionString(Path))(cancellationToken).ConfigureAwait(false);
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        var result = (string?)await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result == "ok" ? await _store.CheckIntegrityAsync(cancellationToken).ConfigureAwait(false) : [$"SQLite integrity_check: {result}"];
    }

    /// <summary>Forgets the data key held in memory and closes the pooled connections to the file. The file stays as committed.</summary>
    public void Dispose()
    {
        _store.Dispose();
        SqliteDatabase.Release(Path);
    }
}
