using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Honnin.Issuer.State;
using static Honnin.Storage.SchemaMigrations;
using static Honnin.Storage.Sql;

namespace Honnin.Storage;

/// <summary>
/// The issuer's state over an ADO.NET database, the one implementation behind <c>SqliteIssuerStore</c> and
/// <c>PostgreSqlIssuerStore</c>. Single use is the
/// database's to enforce: a code is redeemed inside a transaction that locks its row, a status index is claimed by an
/// insert that the primary key lets succeed once, a used value likewise. No claim value is stored; codes are kept as
/// digests.
/// </summary>
public abstract class DbIssuerStore : IPreAuthorizedCodeStore, IStatusListStore, IIssuedCredentialStore, IReplayStore
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
    ];


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
        CheckRecords(records);
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

    // Null records and ids that appear twice are the caller's mistakes, refused before the database is asked.
    private static void CheckRecords(IReadOnlyList<IssuedCredentialRecord> records)
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
