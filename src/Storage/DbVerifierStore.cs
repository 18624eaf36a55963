using System.Data.Common;
using Honnin.Verifier.Protocol;
using Honnin.Verifier.Status;
using static Honnin.Storage.SchemaMigrations;
using static Honnin.Storage.Sql;

namespace Honnin.Storage;

/// <summary>
/// The verifier's state over an ADO.NET database, the one implementation behind <c>SqliteVerifierStore</c> and
/// <c>PostgreSqlVerifierStore</c>, shared by every instance of a verifier service: the status list cache and the
/// OpenID4VP transactions. A status list is public data; what is cached is the token as fetched, verified again by
/// whoever reads it. A transaction is answered by one conditional update that the database lets succeed once, whichever
/// instance runs it; the update erases the transaction's ephemeral private key. The verified elements of the answer stay
/// until <see cref="PurgeAsync"/> removes the expired transaction: the database holds them, keep it where the service's
/// secrets are kept. Times are kept to the millisecond.
/// </summary>
public abstract class DbVerifierStore : IStatusListCache, IVerifierTransactionStore
{
    /// <summary>The verifier's schema, one array of statements per version.</summary>
    internal static readonly IReadOnlyList<string[]> Schema =
    [
        [
            "CREATE TABLE verifier_status_lists (uri TEXT PRIMARY KEY, token {blob} NOT NULL, fetched_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)",
        ],
        [
            "CREATE TABLE verifier_transactions (id TEXT PRIMARY KEY, request_id TEXT NOT NULL UNIQUE, nonce TEXT NOT NULL, state TEXT NOT NULL, query TEXT NOT NULL, purpose TEXT, response_mode TEXT NOT NULL, encryption_key TEXT, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, answered_at BIGINT, valid BIGINT, result TEXT, response_code TEXT UNIQUE)",
            "CREATE INDEX verifier_transactions_expiry ON verifier_transactions (expires_at)",
        ],
    ];

    private const string TransactionColumns = "id, request_id, nonce, state, query, purpose, response_mode, encryption_key, created_at, expires_at, answered_at, valid, result, response_code";

    private readonly Func<CancellationToken, ValueTask<DbConnection>> _open;
    private readonly SqlDialect _dialect;

    private protected DbVerifierStore(Func<CancellationToken, ValueTask<DbConnection>> open, SqlDialect dialect)
    {
        _open = open;
        _dialect = dialect;
    }

    /// <inheritdoc/>
    public async Task<CachedStatusList?> GetAsync(string uri, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null, "SELECT token, fetched_at, expires_at FROM verifier_status_lists WHERE uri = @uri AND expires_at > @now");
        Parameter(select, "@uri", uri);
        Parameter(select, "@now", now.ToUnixTimeMilliseconds());
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new CachedStatusList(uri, (byte[])reader.GetValue(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)))
            : null;
    }

    /// <inheritdoc/>
    public async Task PutAsync(CachedStatusList entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var upsert = Command(connection, null,
            "INSERT INTO verifier_status_lists (uri, token, fetched_at, expires_at) VALUES (@uri, @token, @fetched, @expires) " +
            "ON CONFLICT (uri) DO UPDATE SET token = excluded.token, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at");
        Parameter(upsert, "@uri", entry.Uri);
        Parameter(upsert, "@token", entry.Token.ToArray());
        Parameter(upsert, "@fetched", entry.FetchedAt.ToUnixTimeMilliseconds());
        Parameter(upsert, "@expires", entry.ExpiresAt.ToUnixTimeMilliseconds());
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task AddAsync(VerifierTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.IsAnswered)
        {
            throw new InvalidOperationException("A new transaction is pending.");
        }

        // Without a conflict target, a clash on the id or on the request id inserts nothing.
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var insert = Command(connection, null,
            $"INSERT INTO verifier_transactions ({TransactionColumns}) VALUES (@id, @request, @nonce, @state, @query, @purpose, @mode, @key, @created, @expires, NULL, NULL, NULL, NULL) ON CONFLICT DO NOTHING");
        Parameter(insert, "@id", transaction.Id);
        Parameter(insert, "@request", transaction.RequestId);
        Parameter(insert, "@nonce", transaction.Nonce);
        Parameter(insert, "@state", transaction.State);
        Parameter(insert, "@query", transaction.Query);
        Parameter(insert, "@purpose", transaction.Purpose);
        Parameter(insert, "@mode", transaction.ResponseMode);
        Parameter(insert, "@key", transaction.EncryptionKey);
        Parameter(insert, "@created", transaction.CreatedAt.ToUnixTimeMilliseconds());
        Parameter(insert, "@expires", transaction.ExpiresAt.ToUnixTimeMilliseconds());
        if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException("A transaction with this id or request id is already kept.");
        }
    }

    /// <inheritdoc/>
    public Task<VerifierTransaction?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ReadTransactionAsync("id", id, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<VerifierTransaction?> FindByRequestIdAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        return ReadTransactionAsync("request_id", requestId, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<VerifierTransaction?> FindByResponseCodeAsync(string responseCodeHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responseCodeHash);
        return ReadTransactionAsync("response_code", responseCodeHash, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<VerifierTransaction?> RedeemResponseCodeAsync(string responseCodeHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responseCodeHash);
        if (await ReadTransactionAsync("response_code", responseCodeHash, cancellationToken).ConfigureAwait(false) is not { } transaction)
        {
            return null;
        }

        // The database decides which reader spends the code: only the update that still finds it counts.
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var spend = Command(connection, null, "UPDATE verifier_transactions SET response_code = NULL WHERE id = @id AND response_code = @code");
        Parameter(spend, "@id", transaction.Id);
        Parameter(spend, "@code", responseCodeHash);
        return await spend.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? transaction : null;
    }

    /// <inheritdoc/>
    public async Task<bool> TryCompleteAsync(string id, VerifierTransactionOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(outcome);

        // One conditional update: the database decides between instances. On PostgreSQL a racer waits for the row and
        // then finds it answered; on SQLite writes take the file's lock in turn.
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var update = Command(connection, null,
            "UPDATE verifier_transactions SET answered_at = @at, valid = @valid, result = @result, response_code = @code, encryption_key = NULL " +
            "WHERE id = @id AND answered_at IS NULL AND expires_at > @at");
        Parameter(update, "@at", outcome.AnsweredAt.ToUnixTimeMilliseconds());
        Parameter(update, "@valid", outcome.Valid ? 1L : 0L);
        Parameter(update, "@result", outcome.Result);
        Parameter(update, "@code", outcome.ResponseCode);
        Parameter(update, "@id", id);
        try
        {
            return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
        catch (DbException e) when (_dialect.IsUniqueViolation(e))
        {
            // Another answer holds this response code: the statement changed nothing.
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var delete = Command(connection, null, "DELETE FROM verifier_transactions WHERE expires_at < @before");
        Parameter(delete, "@before", before.ToUnixTimeMilliseconds());
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies the schema migrations.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    private protected async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await ApplyAsync(connection, _dialect, "verifier", Schema, message => new InvalidOperationException(message), cancellationToken).ConfigureAwait(false);
    }

    // column is one of the store's own column names, never the caller's text.
    private async Task<VerifierTransaction?> ReadTransactionAsync(string column, string value, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null, $"SELECT {TransactionColumns} FROM verifier_transactions WHERE {column} = @value");
        Parameter(select, "@value", value);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var outcome = reader.IsDBNull(10)
            ? null
            : new VerifierTransactionOutcome(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
                reader.GetInt64(11) != 0,
                reader.GetString(12),
                reader.IsDBNull(13) ? null : reader.GetString(13));
        return new VerifierTransaction(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
            outcome);
    }
}
