using System.Data.Common;
using Npgsql;

namespace Honnin.Storage.PostgreSql;

/// <summary>
/// How the PostgreSQL stores talk to the database: read committed transactions whose conditional updates take row locks
/// (the second of two concurrent takers re-reads the row and finds it used), and an advisory lock that lets only one
/// instance migrate the schema at a time.
/// </summary>
internal static class PostgreSqlDatabase
{
    public static readonly SqlDialect Dialect = new()
    {
        Name = "PostgreSQL",
        BlobType = "BYTEA",
        SequenceColumn = "seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        BeginWriteAsync = static async (connection, cancellationToken) => await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false),
        // An arbitrary constant that names "Honnin schema migrations" among the advisory locks of the database.
        MigrationLock = "SELECT pg_advisory_xact_lock(4852017736419)",
        RowLock = " FOR UPDATE",
        IsUniqueViolation = static e => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation },
        IsUndefinedTable = static e => e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable },
        IsTransient = static e => e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure },
    };

    public static Func<CancellationToken, ValueTask<DbConnection>> Opener(NpgsqlDataSource dataSource) =>
        async cancellationToken => await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
}
