using Honnin.Holder.Storage;

namespace Honnin.Storage.Sqlite;

/// <summary>
/// A wallet in one SQLite file: credentials, the person's log, consents and software device keys sealed with
/// AES-256-GCM under a data key that the <see cref="IWalletKeyProvider"/> wraps; batch use and the log written in one
/// transaction. Several processes may open the same file; the database decides which presentation takes a credential.
/// Open with <see cref="OpenAsync"/>.
/// </summary>
public sealed class SqliteWalletStore : DbWalletStore
{
    private SqliteWalletStore(string path)
        : base(SqliteDatabase.Opener(SqliteDatabase.ConnectionString(path)), SqliteDatabase.Dialect) => Path = path;

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens the wallet at <paramref name="path"/>, creating it when the file does not exist: unwraps the data key with
    /// <paramref name="keys"/> (a new wallet gets a fresh key), then applies the schema migrations.
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
        return await StoreOpening.OpenAsync(new SqliteWalletStore(System.IO.Path.GetFullPath(path)), s => s.OpenAsync(keys, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks the file (SQLite's <c>integrity_check</c>) and the wallet: every record opens under the key, and no
    /// credential was presented more often here than the log records.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The problems found; empty when the wallet is whole.</returns>
    public override async Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.Opener(SqliteDatabase.ConnectionString(Path))(cancellationToken).ConfigureAwait(false);
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        var result = (string?)await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result == "ok" ? await base.CheckIntegrityAsync(cancellationToken).ConfigureAwait(false) : [$"SQLite integrity_check: {result}"];
    }

    /// <summary>Forgets the keys held in memory and closes the pooled connections to the file. The file stays as committed.</summary>
    /// <param name="disposing">True when called from <see cref="DbWalletStore.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteDatabase.Release(Path);
        }
    }
}
