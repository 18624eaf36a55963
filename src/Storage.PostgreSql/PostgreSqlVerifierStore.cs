using Npgsql;

namespace Honnin.Storage.PostgreSql;

/// <summary>
/// The verifier's state in PostgreSQL, shared by every instance of a verifier service: the status list cache (tokens as
/// fetched, until they expire) and the OpenID4VP transactions (each answered once, whichever instance receives the
/// answer; the ephemeral private key kept until the answer, the verified elements until the transaction is purged).
/// Open with <see cref="OpenAsync"/>.
/// </summary>
public sealed class PostgreSqlVerifierStore : DbVerifierStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgreSqlVerifierStore(NpgsqlDataSource dataSource)
        : base(PostgreSqlDatabase.Opener(dataSource), PostgreSqlDatabase.Dialect) => _dataSource = dataSource;

    /// <summary>Opens the store the connection string names, applying the schema migrations (one instance at a time).</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="InvalidOperationException">The database holds a newer verifier schema.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    public static async Task<PostgreSqlVerifierStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return await StoreOpening.OpenAsync(new PostgreSqlVerifierStore(NpgsqlDataSource.Create(connectionString)), s => s.MigrateAsync(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Closes the connections.</summary>
    public void Dispose() => _dataSource.Dispose();
}
