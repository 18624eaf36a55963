using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Honnin.Issuer.State;
using static Honnin.Storage.SchemaMigrations;
using static Honnin.Storage.Sql;

namespace Honnin.Storage;

/// <summary>
/// The issuer's state over an ADO.NET database, the one implementation behind <c>SqliteIssuerStore</c> and
/// <c>PostgreSqlIssuerStore</c>. Single use is the
/// database's to enforce: a code is redeemed inside a transaction that locks its row, a status index is claimed by an
/// insert that the primary key lets succeed once, a used value likewise, and an offer changes state by an update that
/// names the state it expects. Claim values are kept only in an offer not yet issued or withdrawn; codes are kept as
/// digests. <see cref="IOfferStore.GetAsync"/> and <see cref="IOfferStore.ListAsync"/> are implemented explicitly, as
/// their names are taken by <see cref="IIssuedCredentialStore"/>: call them through <see cref="IOfferStore"/>.
/// </summary>
public abstract class DbIssuerStore : IPreAuthorizedCodeStore, IStatusListStore, IIssuedCredentialStore, IReplayStore, IOfferStore
{
    /// <summary>The issuer's schema, one array of statements per version.</summary>
    internal static readonly IReadOnlyList<string[]> Schema =
    [
        [
            "CREATE TABLE issuer_codes (digest TEXT PRIMARY KEY, offer_id TEXT NOT NULL, tx_digest {blob}, expires_at BIGINT NOT NULL, max_attempts BIGINT NOT NULL, attempts BIGINT NOT NULL, redeemed BIGINT NOT NULL, invalidated BIGINT NOT NULL)",
            "CREATE TABLE issuer_status_entries (list_id TEXT NOT NULL, idx BIGINT NOT NULL, credential_id TEXT NOT NULL, status BIGINT NOT NULL, PRIMARY KEY (list_id, idx))",
            "CREATE TABLE issuer_credentials ({sequence}, id TEXT NOT NULL UNIQUE, doc_type TEXT NOT NULL, format BIGINT NOT NULL, issued_at BIGINT NOT NULL, valid_until BIGINT, offer_id TEXT, status_list TEXT, status_index BIGINT)",
            "CREATE INDEX issuer_credentials_offer ON issuer_credentials (offer_id)",
            "CREATE TABLE issuer_used_values (scope TEXT NOT NULL, value TEXT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (scope, value))",
            "CREATE INDEX issuer_used_values_expiry ON issuer_used_values (scope, expires_at)",
        ],
        [
            "CREATE TABLE issuer_offers (id TEXT PRIMARY KEY, configuration_id TEXT NOT NULL, claims TEXT, batch_size BIGINT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, state BIGINT NOT NULL, requires_approval BIGINT NOT NULL, approved_at BIGINT, transaction_id TEXT UNIQUE, holder_keys TEXT, closed_at BIGINT, notification TEXT)",
            "CREATE INDEX issuer_offers_created ON issuer_offers (created_at)",
        ],
    ];

    private const string OfferColumns = "id, configuration_id, claims, batch_size, created_at, expires_at, state, requires_approval, approved_at, transaction_id, holder_keys, closed_at, notification";

    // Random picks before falling back to choosing among the free indices read from the list.
    private const int RandomAttempts = 32;

    // Times a transaction the database failed for a deadlock is run again.
    private const int MaxTransientAttempts = 8;

    private readonly Func<CancellationToken, ValueTask<DbConnection>> _open;
    private readonly SqlDialect _dialect;

    private protected DbIssuerStore(Func<CancellationToken, ValueTask<DbConnection>> open, SqlDialect dialect)
    {
        _open = open;
        _dialect = dialect;
    }

    /// <summary>Applies the schema migrations.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    private protected async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await ApplyAsync(connection, _dialect, "issuer", Schema, message => new InvalidOperationException(message), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task AddAsync(PreAuthorizedCodeGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var insert = Command(connection, null,
            "INSERT INTO issuer_codes (digest, offer_id, tx_digest, expires_at, max_attempts, attempts, redeemed, invalidated) VALUES (@digest, @offer, @tx, @expires, @max, 0, 0, 0) ON CONFLICT (digest) DO NOTHING");
        Parameter(insert, "@digest", PreAuthorizedCodeGrant.CodeDigest(grant.Code));
        Parameter(insert, "@offer", grant.OfferId);
        Parameter(insert, "@tx", grant.TransactionCode is null ? null : PreAuthorizedCodeGrant.TransactionCodeDigest(grant.Code, grant.TransactionCode));
        Parameter(insert, "@expires", grant.ExpiresAt.ToUnixTimeMilliseconds());
        Parameter(insert, "@max", (long)grant.MaxTransactionCodeAttempts);
        if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new ArgumentException("The pre-authorized code is already kept.", nameof(grant));
        }
    }

    /// <inheritdoc/>
    public async Task<CodeRedemption> RedeemAsync(string code, string? transactionCode, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var digest = PreAuthorizedCodeGrant.CodeDigest(code);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        string offerId;
        byte[]? txDigest;
        long expires, max, attempts, redeemed, invalidated;
        await using (var select = Command(connection, transaction, "SELECT offer_id, tx_digest, expires_at, max_attempts, attempts, redeemed, invalidated FROM issuer_codes WHERE digest = @digest" + _dialect.RowLock))
        {
            Parameter(select, "@digest", digest);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new CodeRedemption(CodeRedemptionOutcome.Unknown);
            }

            (offerId, txDigest, expires, max, attempts, redeemed, invalidated) = (reader.GetString(0), reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
        }

        var (outcome, newAttempts) = CodeRedemptionRule.Decide(redeemed != 0, invalidated != 0, DateTimeOffset.FromUnixTimeMilliseconds(expires), txDigest, (int)attempts, (int)max, code, transactionCode, now);
        await using (var update = Command(connection, transaction, "UPDATE issuer_codes SET attempts = @attempts, redeemed = @redeemed, invalidated = @invalidated WHERE digest = @digest"))
        {
            Parameter(update, "@attempts", (long)newAttempts);
            Parameter(update, "@redeemed", redeemed != 0 || outcome == CodeRedemptionOutcome.Redeemed ? 1L : 0L);
            Parameter(update, "@invalidated", invalidated != 0 || outcome == CodeRedemptionOutcome.Invalidated ? 1L : 0L);
            Parameter(update, "@digest", digest);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CodeRedemption(outcome, outcome == CodeRedemptionOutcome.Redeemed ? offerId : null, (int)Math.Max(0, max - newAttempts));
    }

    /// <inheritdoc/>
    public async Task<int> AllocateAsync(string listId, int size, string credentialId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        return (await AllocateAsync(listId, size, [credentialId], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<int>> AllocateAsync(string listId, int size, IReadOnlyList<string> credentialIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listId);
        ArgumentNullException.ThrowIfNull(credentialIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        foreach (var credentialId in credentialIds)
        {
            ArgumentNullException.ThrowIfNull(credentialId, nameof(credentialIds));
        }

        // Two batches claiming indices of one list can each wait for an index the other holds; the database breaks
        // such a deadlock by failing one transaction, which then starts again.
        return await WriteAsync<IReadOnlyList<int>>(async (connection, transaction) =>
        {
            var indices = new List<int>(credentialIds.Count);
            foreach (var credentialId in credentialIds)
            {
                indices.Add(await ClaimOneAsync(connection, transaction, listId, size, credentialId, cancellationToken).ConfigureAwait(false));
            }

            return indices;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> SetStatusAsync(string listId, int index, byte status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listId);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var update = Command(connection, null, "UPDATE issuer_status_entries SET status = @status WHERE list_id = @list AND idx = @idx");
        Parameter(update, "@status", (long)status);
        Parameter(update, "@list", listId);
        Parameter(update, "@idx", (long)index);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<int, StatusEntry>> ReadAsync(string listId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listId);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null, "SELECT idx, credential_id, status FROM issuer_status_entries WHERE list_id = @list");
        Parameter(select, "@list", listId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new Dictionary<int, StatusEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries[(int)reader.GetInt64(0)] = new StatusEntry(reader.GetString(1), (byte)reader.GetInt64(2));
        }

        return entries;
    }

    /// <inheritdoc/>
    public Task AddAsync(IssuedCredentialRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return AddRangeAsync([record], cancellationToken);
    }

    /// <inheritdoc/>
    public async Task AddRangeAsync(IReadOnlyList<IssuedCredentialRecord> records, CancellationToken cancellationToken = default)
    {
        CheckRecords(records, null);
        await WriteAsync(async (connection, transaction) =>
        {
            await InsertRecordsAsync(connection, transaction, records, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IssuedCredentialRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var found = await ReadRecordsAsync("WHERE id = @value", id, cancellationToken).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<IssuedCredentialRecord>> ListAsync(string? offerId = null, CancellationToken cancellationToken = default) =>
        await ReadRecordsAsync(offerId is null ? "" : "WHERE offer_id = @value", offerId, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<bool> TryUseAsync(string scope, string value, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(value);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using (var purge = Command(connection, null, "DELETE FROM issuer_used_values WHERE scope = @scope AND expires_at <= @now"))
        {
            Parameter(purge, "@scope", scope);
            Parameter(purge, "@now", now.ToUnixTimeMilliseconds());
            await purge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var insert = Command(connection, null, "INSERT INTO issuer_used_values (scope, value, expires_at) VALUES (@scope, @value, @expires) ON CONFLICT (scope, value) DO NOTHING");
        Parameter(insert, "@scope", scope);
        Parameter(insert, "@value", value);
        Parameter(insert, "@expires", expiresAt.ToUnixTimeMilliseconds());
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task AddAsync(OfferRecord offer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (offer.State != OfferState.Offered)
        {
            throw new ArgumentException($"An offer is added in state {OfferState.Offered}, not {offer.State}.", nameof(offer));
        }

        bool added;
        try
        {
            added = await WriteAsync(async (connection, transaction) =>
            {
                await using var insert = Command(connection, transaction,
                    $"INSERT INTO issuer_offers ({OfferColumns}) VALUES (@id, @configuration, @claims, @batch, @created, @expires, @state, @approval, @approved, @transaction, @keys, @closed, @notification) ON CONFLICT (id) DO NOTHING");
                Parameter(insert, "@id", offer.Id);
                Parameter(insert, "@configuration", offer.ConfigurationId);
                Parameter(insert, "@claims", offer.Claims);
                Parameter(insert, "@batch", (long)offer.BatchSize);
                Parameter(insert, "@created", offer.CreatedAt.ToUnixTimeMilliseconds());
                Parameter(insert, "@expires", offer.ExpiresAt.ToUnixTimeMilliseconds());
                Parameter(insert, "@state", (long)offer.State);
                Parameter(insert, "@approval", offer.RequiresApproval ? 1L : 0L);
                Parameter(insert, "@approved", offer.ApprovedAt?.ToUnixTimeMilliseconds());
                Parameter(insert, "@transaction", offer.TransactionId);
                Parameter(insert, "@keys", WriteKeys(offer.HolderKeys));
                Parameter(insert, "@closed", offer.ClosedAt?.ToUnixTimeMilliseconds());
                Parameter(insert, "@notification", offer.Notification);
                return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (_dialect.IsUniqueViolation(e))
        {
            throw new ArgumentException("Another offer has this transaction id.", nameof(offer), e);
        }

        if (!added)
        {
            throw new ArgumentException($"An offer with id '{offer.Id}' is already kept.", nameof(offer));
        }
    }

    /// <inheritdoc/>
    async Task<OfferRecord?> IOfferStore.GetAsync(string offerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        var found = await ReadOffersAsync("WHERE id = @value", offerId, cancellationToken).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : null;
    }

    /// <inheritdoc/>
    public async Task<OfferRecord?> FindByTransactionAsync(string transactionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactionId);
        var found = await ReadOffersAsync("WHERE transaction_id = @value", transactionId, cancellationToken).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : null;
    }

    /// <inheritdoc/>
    async Task<IReadOnlyList<OfferRecord>> IOfferStore.ListAsync(CancellationToken cancellationToken) =>
        await ReadOffersAsync("", null, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public Task<bool> ApproveAsync(string offerId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        return ChangeOfferAsync(
            "UPDATE issuer_offers SET approved_at = COALESCE(approved_at, @at) WHERE id = @id AND requires_approval = 1 AND state IN (@offered, @deferred)",
            command =>
            {
                Parameter(command, "@at", at.ToUnixTimeMilliseconds());
                Parameter(command, "@id", offerId);
                Parameter(command, "@offered", (long)OfferState.Offered);
                Parameter(command, "@deferred", (long)OfferState.Deferred);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> DeferAsync(string offerId, string transactionId, IReadOnlyList<string> holderKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        ArgumentNullException.ThrowIfNull(transactionId);
        ArgumentNullException.ThrowIfNull(holderKeys);
        foreach (var key in holderKeys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(holderKeys));
        }

        try
        {
            return await ChangeOfferAsync(
                "UPDATE issuer_offers SET state = @deferred, transaction_id = @transaction, holder_keys = @keys WHERE id = @id AND state = @offered",
                command =>
                {
                    Parameter(command, "@deferred", (long)OfferState.Deferred);
                    Parameter(command, "@transaction", transactionId);
                    Parameter(command, "@keys", WriteKeys(holderKeys));
                    Parameter(command, "@id", offerId);
                    Parameter(command, "@offered", (long)OfferState.Offered);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (_dialect.IsUniqueViolation(e))
        {
            throw new ArgumentException("Another offer has this transaction id.", nameof(transactionId), e);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> CompleteAsync(string offerId, OfferState expected, IReadOnlyList<IssuedCredentialRecord> records, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        if (expected is not (OfferState.Offered or OfferState.Deferred))
        {
            throw new ArgumentOutOfRangeException(nameof(expected), expected, "An offer is completed from state Offered or Deferred.");
        }

        CheckRecords(records, offerId);

        // The update takes the offer's row (on PostgreSQL, a racer waits for it and then finds the state changed; on
        // SQLite the transaction holds the write lock): only the one that changed the state inserts the records, and a
        // duplicate id rolls the change back with them.
        return await WriteAsync(async (connection, transaction) =>
        {
            await using (var update = Command(connection, transaction,
                "UPDATE issuer_offers SET state = @issued, claims = NULL, holder_keys = NULL, closed_at = @at WHERE id = @id AND state = @expected"))
            {
                Parameter(update, "@issued", (long)OfferState.Issued);
                Parameter(update, "@at", at.ToUnixTimeMilliseconds());
                Parameter(update, "@id", offerId);
                Parameter(update, "@expected", (long)expected);
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    return false;
                }
            }

            await InsertRecordsAsync(connection, transaction, records, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<bool> WithdrawAsync(string offerId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        return ChangeOfferAsync(
            "UPDATE issuer_offers SET state = @withdrawn, claims = NULL, holder_keys = NULL, closed_at = @at WHERE id = @id AND state IN (@offered, @deferred)",
            command =>
            {
                Parameter(command, "@withdrawn", (long)OfferState.Withdrawn);
                Parameter(command, "@at", at.ToUnixTimeMilliseconds());
                Parameter(command, "@id", offerId);
                Parameter(command, "@offered", (long)OfferState.Offered);
                Parameter(command, "@deferred", (long)OfferState.Deferred);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RecordNotificationAsync(string offerId, string notificationEvent, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        ArgumentNullException.ThrowIfNull(notificationEvent);
        return ChangeOfferAsync(
            "UPDATE issuer_offers SET notification = @notification WHERE id = @id AND state = @issued",
            command =>
            {
                Parameter(command, "@notification", notificationEvent);
                Parameter(command, "@id", offerId);
                Parameter(command, "@issued", (long)OfferState.Issued);
            },
            cancellationToken);
    }

    // Null records, ids that appear twice and, for an offer's completion, records of another offer are the caller's
    // mistakes, refused before the database is asked.
    private static void CheckRecords(IReadOnlyList<IssuedCredentialRecord> records, string? offerId)
    {
        ArgumentNullException.ThrowIfNull(records);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            if (!ids.Add(record.Id))
            {
                throw new ArgumentException($"The issued credential id '{record.Id}' appears twice.", nameof(records));
            }

            if (offerId is not null && record.OfferId != offerId)
            {
                throw new ArgumentException($"The issued credential '{record.Id}' names another offer.", nameof(records));
            }
        }
    }

    // Inserts issued-credential records inside the caller's transaction; an id already kept abandons the transaction.
    private static async Task InsertRecordsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<IssuedCredentialRecord> records, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            await using var insert = Command(connection, transaction,
                "INSERT INTO issuer_credentials (id, doc_type, format, issued_at, valid_until, offer_id, status_list, status_index) VALUES (@id, @type, @format, @issued, @valid, @offer, @list, @idx) ON CONFLICT (id) DO NOTHING");
            Parameter(insert, "@id", record.Id);
            Parameter(insert, "@type", record.DocType);
            Parameter(insert, "@format", (long)record.Format);
            Parameter(insert, "@issued", record.IssuedAt.ToUnixTimeMilliseconds());
            Parameter(insert, "@valid", record.ValidUntil?.ToUnixTimeMilliseconds());
            Parameter(insert, "@offer", record.OfferId);
            Parameter(insert, "@list", record.StatusListId);
            Parameter(insert, "@idx", (long?)record.StatusIndex);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                throw new ArgumentException($"An issued credential with id '{record.Id}' is already kept.", nameof(records));
            }
        }
    }

    // One compare-and-set of an offer: an update whose WHERE names the state it expects, true when it changed the row.
    private Task<bool> ChangeOfferAsync(string sql, Action<DbCommand> parameters, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var update = Command(connection, transaction, sql);
            parameters(update);
            return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }, cancellationToken);

    // Runs work in a write transaction and commits what it did; an exception rolls it back. When the database broke a
    // deadlock by failing the transaction (PostgreSQL), the work runs again in a new one.
    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await _open(cancellationToken).ConfigureAwait(false);
            await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await work(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (DbException e) when (_dialect.IsTransient(e) && attempt < MaxTransientAttempts)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string? WriteKeys(IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            return null;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var key in keys)
            {
                writer.WriteStringValue(key);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string[] ReadKeys(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(k => k.GetString()!)];
    }

    private async Task<List<OfferRecord>> ReadOffersAsync(string where, string? value, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null, $"SELECT {OfferColumns} FROM issuer_offers {where} ORDER BY created_at, id");
        if (value is not null)
        {
            Parameter(select, "@value", value);
        }

        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var offers = new List<OfferRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            offers.Add(new OfferRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                checked((int)reader.GetInt64(3)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                (OfferState)reader.GetInt64(6))
            {
                RequiresApproval = reader.GetInt64(7) != 0,
                ApprovedAt = reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                TransactionId = reader.IsDBNull(9) ? null : reader.GetString(9),
                HolderKeys = reader.IsDBNull(10) ? [] : ReadKeys(reader.GetString(10)),
                ClosedAt = reader.IsDBNull(11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                Notification = reader.IsDBNull(12) ? null : reader.GetString(12),
            });
        }

        return offers;
    }

    // A random index first; when the list is crowded, one chosen among the indices still free, until one is claimed or
    // none is left (then the transaction is abandoned, so a batch gets all its indices or none).
    private static async Task<int> ClaimOneAsync(DbConnection connection, DbTransaction transaction, string listId, int size, string credentialId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < RandomAttempts; attempt++)
        {
            var index = RandomNumberGenerator.GetInt32(size);
            if (await TryClaimAsync(connection, transaction, listId, index, credentialId, cancellationToken).ConfigureAwait(false))
            {
                return index;
            }
        }

        while (true)
        {
            var taken = new HashSet<long>();
            await using (var select = Command(connection, transaction, "SELECT idx FROM issuer_status_entries WHERE list_id = @list"))
            {
                Parameter(select, "@list", listId);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    taken.Add(reader.GetInt64(0));
                }
            }

            var free = Enumerable.Range(0, size).Where(i => !taken.Contains(i)).ToList();
            if (free.Count == 0)
            {
                throw new StatusListFullException(listId);
            }

            var index = free[RandomNumberGenerator.GetInt32(free.Count)];
            if (await TryClaimAsync(connection, transaction, listId, index, credentialId, cancellationToken).ConfigureAwait(false))
            {
                return index;
            }
        }
    }

    private static async Task<bool> TryClaimAsync(DbConnection connection, DbTransaction transaction, string listId, int index, string credentialId, CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, transaction, "INSERT INTO issuer_status_entries (list_id, idx, credential_id, status) VALUES (@list, @idx, @credential, 0) ON CONFLICT (list_id, idx) DO NOTHING");
        Parameter(insert, "@list", listId);
        Parameter(insert, "@idx", (long)index);
        Parameter(insert, "@credential", credentialId);
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<List<IssuedCredentialRecord>> ReadRecordsAsync(string where, string? value, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null, $"SELECT id, doc_type, format, issued_at, valid_until, offer_id, status_list, status_index FROM issuer_credentials {where} ORDER BY seq");
        if (value is not null)
        {
            Parameter(select, "@value", value);
        }

        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<IssuedCredentialRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new IssuedCredentialRecord(
                reader.GetString(0),
                reader.GetString(1),
                (CredentialFormat)reader.GetInt64(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : checked((int)reader.GetInt64(7))));
        }

        return records;
    }
}
