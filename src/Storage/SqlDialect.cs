using System.Data.Common;

namespace Honnin.Storage;

/// <summary>What differs between the databases the stores run on; the SQL of the stores is otherwise one text.</summary>
internal sealed class SqlDialect
{
    /// <summary>The database's name, for messages.</summary>
    public required string Name { get; init; }

    /// <summary>The column type for bytes.</summary>
    public required string BlobType { get; init; }

    /// <summary>The column definition of an ever-increasing row number that orders rows by insertion.</summary>
    public required string SequenceColumn { get; init; }

    /// <summary>Starts a transaction that will write, taking the write lock at once where the database needs that (SQLite's BEGIN IMMEDIATE).</summary>
    public required Func<DbConnection, CancellationToken, ValueTask<DbTransaction>> BeginWriteAsync { get; init; }

    /// <summary>A statement that serialises schema migrations across processes inside a transaction, or null when the write transaction already does.</summary>
    public string? MigrationLock { get; init; }

    /// <summary>What follows a SELECT inside a write transaction to lock the rows it read (<c> FOR UPDATE</c>), or nothing where the transaction already holds the database's write lock.</summary>
    public string RowLock { get; init; } = "";

    /// <summary>Whether a transaction failed only because another one got in its way (a deadlock the database broke), so that running it again may succeed.</summary>
    public Func<Exception, bool> IsTransient { get; init; } = static _ => false;

    /// <summary>Whether an exception says a table does not exist (a database without that component yet).</summary>
    public required Func<Exception, bool> IsUndefinedTable { get; init; }

    /// <summary>Whether an exception is a unique or primary key violation.</summary>
    public required Func<Exception, bool> IsUniqueViolation { get; init; }

    /// <summary>Replaces the placeholders <c>{blob}</c> and <c>{sequence}</c> of a schema statement.</summary>
    public string Ddl(string statement) => statement.Replace("{blob}", BlobType, StringComparison.Ordinal).Replace("{sequence}", SequenceColumn, StringComparison.Ordinal);
}
