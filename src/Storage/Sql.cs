using System.Data.Common;

namespace Honnin.Storage;

/// <summary>Commands and parameters the same way on every database: named <c>@parameters</c>, null as <see cref="DBNull"/>.</summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }

    public static void Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>How every store opens: the store is made, then opened (migrated, its key unwrapped); a store that fails to open is disposed, so that nothing holds its database.</summary>
internal static class StoreOpening
{
    public static async Task<T> OpenAsync<T>(T store, Func<T, Task> open)
        where T : IDisposable
    {
        try
        {
            await open(store).ConfigureAwait(false);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
