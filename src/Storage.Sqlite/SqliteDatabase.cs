using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Honnin.Storage.Sqlite;

/// <summary>
/// How the SQLite stores open their file: write-ahead logging (readers never block the writer, a kill leaves the last
/// committed transaction), <c>synchronous=FULL</c> (a commit survives a power cut), a busy timeout so that two processes
/// on one file wait for each other instead of failing, and writes that take the lock when they begin.
/// </summary>
internal static class SqliteDatabase
{
    public static readonly SqlDialect Dialect = new()
    {
        Name = "SQLite",
        BlobType = "BLOB",
        SequenceColumn = "seq INTEGER PRIMARY KEY AUTOINCREMENT",
        // BEGIN IMMEDIATE: the write lock is taken at the start, so a transaction that read never fails to upgrade.
        BeginWriteAsync = static (connection, _) => ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false)),
        IsUniqueViolation = static e => e is SqliteException { SqliteErrorCode: 19 },
        IsUndefinedTable = static e => e is SqliteException { SqliteErrorCode: 1 } sqlite && sqlite.Message.Contains("no such table", StringComparison.Ordinal),
    };

    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(path),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public static Func<CancellationToken, ValueTask<DbConnection>> Opener(string connectionString) => async cancellationToken =>
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    };

    /// <summary>Closes the pooled connections to a file, so that it is no longer held open.</summary>
    public static void Release(string path)
    {
        using var connection = new SqliteConnection(ConnectionString(path));
        SqliteConnection.ClearPool(connection);
    }
}
