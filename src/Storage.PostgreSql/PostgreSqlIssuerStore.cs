using Npgsql;

namespace Honnin.Storage.PostgreSql;

/// <summary>
/// The issuer's state in PostgreSQL, for several stateless instances of the issuer service — pre-authorized codes (as
/// digests) and their transaction code attempts, status list allocation, credential offers (claim values only until
/// issued or withdrawn), issued-credential records (never claim values), used nonces and DPoP proofs — with single use
/// decided by row locks, primary keys and compare-and-set updates. Open with <see cref="OpenAsync"/>.
/// </summary>
public sealed class PostgreSqlIssuerStore : DbIssuerStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgreSqlIssuerStore(NpgsqlDataSource dataSource)
        : base(PostgreSqlDatabase.Opener(dataSource), PostgreSqlDatabase.Dialect) => _dataSource = dataSource;

    /// <summary>Opens the store the connection string names, applying the schema migrations (one instance at a time).</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="InvalidOperationException">The database holds a newer issuer schema.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    public static async Task<PostgreSqlIssuerStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return await StoreOpening.OpenAsync(new PostgreSqlIssuerStore(NpgsqlDataSource.Create(connectionString)), s => s.MigrateAsync(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Closes the connections.</summary>
    public void Dispose() => _dataSource.Dispose();
}
