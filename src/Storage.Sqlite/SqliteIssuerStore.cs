using Honnin.Issuer.State;

namespace Honnin.Storage.Sqlite;

/// <summary>
/// The issuer's state in one SQLite file — pre-authorized codes (as digests) and their transaction code attempts,
/// status list allocation, issued-credential records (never claim values), used nonces and DPoP proofs — with single use
/// decided by the database, so that several processes may share the file. Open with <see cref="OpenAsync"/>.
/// </summary>
public sealed class SqliteIssuerStore : IPreAuthorizedCodeStore, IStatusListStore, IIssuedCredentialStore, IReplayStore, IDisposable
{
    private readonly DbIssuerStore _store;

    private SqliteIssuerStore(DbIssuerStore store, string path)
    {
        _store = store;
        Path = path;
    }

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
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            return new SqliteIssuerStore(await DbIssuerStore.OpenAsync(SqliteDatabase.Opener(SqliteDatabase.ConnectionString(full)), SqliteDatabase.Dialect, cancellationToken).ConfigureAwait(false), full);
        }
        catch
        {
            SqliteDatabase.Release(full);
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

    /// <summary>Closes the pooled connections to the file.</summary>
    public void Dispose() => SqliteDatabase.Release(Path);
}
