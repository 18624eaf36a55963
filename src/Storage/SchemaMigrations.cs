using System.Data.Common;
using System.Globalization;
using static Honnin.Storage.Sql;

namespace Honnin.Storage;

/// <summary>
/// Versioned schema migrations, applied when a store opens: each component (wallet, issuer, verifier) has an ordered list
/// of steps, the table <c>honnin_schema</c> records how many were applied, and opening applies the rest in one
/// transaction. Applying is idempotent and safe when several processes open the same database at once; a database whose
/// version is newer than the code is refused, never altered.
/// </summary>
internal static class SchemaMigrations
{
    public static async Task ApplyAsync(DbConnection connection, SqlDialect dialect, string component, IReadOnlyList<string[]> steps, Func<string, Exception> newerSchema, CancellationToken cancellationToken)
    {
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        if (dialect.MigrationLock is { } lockStatement)
        {
            await ExecuteAsync(connection, transaction, lockStatement, cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS honnin_schema (component TEXT PRIMARY KEY, version BIGINT NOT NULL)", cancellationToken).ConfigureAwait(false);
        long version;
        await using (var read = Command(connection, transaction, "SELECT version FROM honnin_schema WHERE component = @component"))
        {
            Parameter(read, "@component", component);
            version = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
        }

        if (version > steps.Count)
        {
            throw newerSchema($"The {component} schema of this {dialect.Name} database is at version {version}; this version of Honnin knows {steps.Count}. Open it with a newer Honnin.");
        }

        if (version == steps.Count)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        for (var step = (int)version; step < steps.Count; step++)
        {
            foreach (var statement in steps[step])
            {
                await ExecuteAsync(connection, transaction, dialect.Ddl(statement), cancellationToken).ConfigureAwait(false);
            }
        }

        await using (var write = Command(connection, transaction, "INSERT INTO honnin_schema (component, version) VALUES (@component, @version) ON CONFLICT (component) DO UPDATE SET version = excluded.version"))
        {
            Parameter(write, "@component", component);
            Parameter(write, "@version", (long)steps.Count);
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
