using Honnin.Issuer.State;

using Npgsql;

namespace Honnin.Storage.PostgreSql;

/// <summary>
/// The issuer's state in PostgreSQL, for several stateless instances of the issuer service — pre-authorized codes (as
/// digests) and their transaction code attempts, status list allocation, issued-credential records (never claim values),
/// used nonces and DPoP proofs — with single use decided by row locks and primary keys. Open with <see cref="OpenAsync"/>.
/// </summary>
public sealed class PostgreSqlIssuerStore : IPreAuthorizedCodeStore, IStatusListStore, IIssuedCredentialStore, IReplayStore, IDisposable
{
    private readonly DbIssuerStore _store;
    private readonly NpgsqlDataSource _dataSource;

    private PostgreSqlIssuerStore(DbIssuerStore store, NpgsqlDataSource dataSource)
    {
        _store = store;
        _dataSource = dataSource;
    }

    /// <summary>Opens the store the connection string names, applying the schema migrations (one instance at a time).</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="InvalidOperationException">The database holds a newer issuer schema.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    public static async Task<PostgreSqlIssuerStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            return new PostgreSqlIssuerStore(await DbIssuerStore.OpenAsync(PostgreSqlDatabase.Opener(dataSource), PostgreSqlDatabase.Dialect, cancellationToken).ConfigureAwait(false), dataSource);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task AddAsync(PreAuthorizedCodeGrant grant, CancellationToken cancellationToken = default) => _store.AddAsync(grant, cancellationToken);

    /// <inheritdoc/>
    public Task<CodeRedemption> RedeemAsync(string code, string? transactionCode, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _store.RedeemAsync(code, transactionCode, now, cancellationToken);

    /// <inheritdoc/>
    public Task<int> AllocateAsync(string listId, int size, string credentialId, CancellationToken cancellationToken = default) => _store.AllocateAsync(listId, size, credentialId, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<int>> AllocateAsync(string listId, int size, IReadOnlyList<string> credentialIds, CancellationToken cancellationToken = default) =>
        _store.AllocateAsync(listId, size, credentialIds, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> SetStatusAsync(string listId, int index, byte status, CancellationToken cancellationToken = default) => _store.SetStatusAsync(listId, index, status, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<int, StatusEntry>> ReadAsync(string listId, CancellationToken cancellationToken = default) => _store.ReadAsync(listId, cancellationToken);

    /// <inheritdoc/>
    public Task AddAsync(IssuedCredentialRecord record, CancellationToken cancellationToken = default) => _store.AddAsync(record, cancellationToken);

    /// <inheritdoc/>
    public Task AddRangeAsync(IReadOnlyList<IssuedCredentialRecord> records, CancellationToken cancellationToken = default) => _store.AddRangeAsync(records, cancellationToken);

    /// <inheritdoc/>
    public Task<IssuedCredentialRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => _store.GetAsync(id, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<IssuedCredentialRecord>> ListAsync(string? offerId = null, CancellationToken cancellationToken = default) => _store.ListAsync(offerId, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> TryUseAsync(string scope, string value, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _store.TryUseAsync(scope, value, expiresAt, now, cancellationToken);

    /// <summary>Closes the connections.</summary>
    public void Dispose() => _dataSource.Dispose();
}
