namespace Honnin.Storage.Sqlite;

/// <summary>
/// The issuer's state in one SQLite file — pre-authorized codes (as digests) and their transaction code attempts,
/// status list allocation, credential offers (claim values only until issued or withdrawn), issued-credential records
/// (never claim values), used nonces and DPoP proofs — with single use
/// decided by the database, so that several processes may share the file. Open with <see cref="OpenAsync"/>.
/// </summary>
public sealed class SqliteIssuerStore : DbIssuerStore, IDisposable
{
    private SqliteIssuerStore(string path)
        : base(SqliteDatabase.Opener(SqliteDatabase.ConnectionString(path)), SqliteDatabase.Dialect) => Path = path;

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens the store at <paramref name="path"/>, creating the file and applying the schema migrations.</summary>
    /// <param name="path">The database file (it may be the wallet's or a verifier's too: each keeps its own tables).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="InvalidOperationException">The file holds a newer issuer schema.</exception>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file cannot be opened or is not a database.</exception>
    public static async Task<SqliteIssuerStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return await StoreOpening.OpenAsync(new SqliteIssuerStore(System.IO.Path.GetFullPath(path)), s => s.MigrateAsync(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Closes the pooled connections to the file.</summary>
    public void Dispose() => SqliteDatabase.Release(Path);
}
