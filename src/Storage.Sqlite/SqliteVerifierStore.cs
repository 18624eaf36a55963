namespace Honnin.Storage.Sqlite;

/// <summary>
/// The verifier's state in one SQLite file: the status list cache (tokens as fetched, until they expire) and the
/// OpenID4VP transactions (each answered once; the ephemeral private key kept until the answer, the verified elements
/// until the transaction is purged). Several processes may share the file. Open with <see cref="OpenAsync"/>.
/// </summary>
public sealed class SqliteVerifierStore : DbVerifierStore, IDisposable
{
    private SqliteVerifierStore(string path)
        : base(SqliteDatabase.Opener(SqliteDatabase.ConnectionString(path)), SqliteDatabase.Dialect) => Path = path;

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens the store at <paramref name="path"/>, creating the file and applying the schema migrations.</summary>
    /// <param name="path">The database file (it may hold other components' tables too).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="InvalidOperationException">The file holds a newer verifier schema.</exception>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file cannot be opened or is not a database.</exception>
    public static async Task<SqliteVerifierStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return await StoreOpening.OpenAsync(new SqliteVerifierStore(System.IO.Path.GetFullPath(path)), s => s.MigrateAsync(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Closes the pooled connections to the file.</summary>
    public void Dispose() => SqliteDatabase.Release(Path);
}
