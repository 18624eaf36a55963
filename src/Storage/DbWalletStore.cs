using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Honnin.Crypto;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Jose;
using Honnin.Holder.Presentation;
using Honnin.Holder.Storage;
using static Honnin.Storage.SchemaMigrations;
using static Honnin.Storage.Sql;

namespace Honnin.Storage;

/// <summary>
/// The wallet store over an ADO.NET database, the one implementation behind <c>SqliteWalletStore</c> and
/// <c>PostgreSqlWalletStore</c>: credentials, the person's log, consents and software device keys sealed by
/// <see cref="WalletCipher"/> under a data key that only the <see cref="IWalletKeyProvider"/> unwraps, and every write one
/// transaction. Taking a credential is a conditional update of its use count inside the transaction that appends the log
/// record, so the database — not a lock in this process — decides which of two concurrent presentations wins.
/// </summary>
public abstract class DbWalletStore : ICredentialStore, IDisposable
{
    /// <summary>The wallet's schema, one array of statements per version.</summary>
    internal static readonly IReadOnlyList<string[]> Schema =
    [
        [
            "CREATE TABLE wallet_key (id BIGINT PRIMARY KEY CHECK (id = 1), method TEXT NOT NULL, parameters TEXT NOT NULL, wrapped {blob} NOT NULL)",
            "CREATE TABLE wallet_credentials (id TEXT PRIMARY KEY, format BIGINT NOT NULL, batch_id TEXT, valid_until BIGINT, use_count BIGINT NOT NULL CHECK (use_count >= 0), added_uses BIGINT NOT NULL CHECK (added_uses >= 0), content {blob} NOT NULL)",
            "CREATE INDEX wallet_credentials_batch ON wallet_credentials (batch_id, use_count)",
            "CREATE TABLE wallet_presentations ({sequence}, id TEXT NOT NULL UNIQUE, credential_id TEXT NOT NULL, content {blob} NOT NULL)",
        ],
        [
            "CREATE TABLE wallet_stopped_verifiers ({sequence}, id TEXT NOT NULL UNIQUE, content {blob} NOT NULL)",
        ],
        [
            "CREATE TABLE wallet_device_keys ({sequence}, id TEXT NOT NULL UNIQUE, content {blob} NOT NULL)",
        ],
    ];

    private const string Columns = "id, format, batch_id, valid_until, use_count, content";

    private readonly Func<CancellationToken, ValueTask<DbConnection>> _open;
    private readonly SqlDialect _dialect;
    private readonly DeviceKeyStore _deviceKeys;
    private WalletCipher? _cipher;

    private protected DbWalletStore(Func<CancellationToken, ValueTask<DbConnection>> open, SqlDialect dialect)
    {
        _open = open;
        _dialect = dialect;
        Log = new PresentationLog(this);
        Consents = new SharingConsents(this);
        _deviceKeys = new DeviceKeyStore(this);
    }

    /// <inheritdoc/>
    public IPresentationLog Log { get; }

    /// <inheritdoc/>
    public ISharingConsents Consents { get; }

    /// <summary>
    /// Software device keys sealed in this wallet, for tools and tests (the CLI keeps its holder keys here). An app keeps
    /// device keys in the platform keystore instead.
    /// </summary>
    public IDeviceKeyStore DeviceKeys => _deviceKeys;

    private WalletCipher Cipher => _cipher ?? throw new ObjectDisposedException(GetType().Name);

    /// <summary>
    /// Opens the wallet: unwraps the data key of an existing wallet, applies the schema migrations, and in a new wallet
    /// makes a data key and stores it wrapped. A provider that cannot unwrap the key (a wrong passphrase) changes nothing.
    /// </summary>
    /// <param name="keys">Guards the data key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    private protected async Task OpenAsync(IWalletKeyProvider keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var dialect = _dialect;
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);

        // An existing wallet's key is unwrapped before anything is written: a wrong passphrase leaves even an older
        // schema as it was.
        var wrapped = await ReadKeyAsync(connection, dialect, cancellationToken).ConfigureAwait(false);
        var dataKey = wrapped is null ? null : await keys.UnwrapAsync(wrapped, cancellationToken).ConfigureAwait(false);
        await ApplyAsync(connection, dialect, "wallet", Schema, message => new WalletStoreException(WalletStoreException.UnsupportedSchema, message), cancellationToken).ConfigureAwait(false);
        if (dataKey is null)
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            try
            {
                var made = await keys.WrapAsync(fresh, cancellationToken).ConfigureAwait(false);
                await using var insert = Command(connection, null, "INSERT INTO wallet_key (id, method, parameters, wrapped) VALUES (1, @method, @parameters, @wrapped) ON CONFLICT (id) DO NOTHING");
                Parameter(insert, "@method", made.Method);
                Parameter(insert, "@parameters", made.Parameters);
                Parameter(insert, "@wrapped", made.Ciphertext.ToArray());
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(fresh);
            }

            // Another process may have created the wallet at the same moment: whichever key was stored first is the key.
            wrapped = await ReadKeyAsync(connection, dialect, cancellationToken).ConfigureAwait(false)
                ?? throw new WalletStoreException(WalletStoreException.Corrupt, "The wallet's key could not be stored.");
            dataKey = await keys.UnwrapAsync(wrapped, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            _cipher = new WalletCipher(dataKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <inheritdoc/>
    public Task AddAsync(StoredCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return AddRangeAsync([credential], cancellationToken);
    }

    /// <inheritdoc/>
    public async Task AddRangeAsync(IReadOnlyList<StoredCredential> credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var credential in credentials)
        {
            ArgumentNullException.ThrowIfNull(credential, nameof(credentials));
            if (!ids.Add(credential.Id))
            {
                throw new ArgumentException($"The credential id '{credential.Id}' appears twice.", nameof(credentials));
            }
        }

        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var credential in credentials)
        {
            await using var insert = Command(connection, transaction, $"INSERT INTO wallet_credentials ({Columns}, added_uses) VALUES (@id, @format, @batch, @valid, @uses, @content, @uses)");
            Parameter(insert, "@id", credential.Id);
            Parameter(insert, "@format", (long)credential.Format);
            Parameter(insert, "@batch", credential.BatchId);
            Parameter(insert, "@valid", credential.ValidUntil?.ToUnixTimeMilliseconds());
            Parameter(insert, "@uses", (long)credential.UseCount);
            Parameter(insert, "@content", Cipher.SealCredential(credential));
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (_dialect.IsUniqueViolation(e))
            {
                throw new ArgumentException($"A credential with id '{credential.Id}' is already stored.", nameof(credentials), e);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<StoredCredential?> GetAsync(string credentialId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        return await GetAsync(connection, null, credentialId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<StoredCredential?> FindUnusedAsync(string credentialId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        var chosen = await GetAsync(connection, null, credentialId, cancellationToken).ConfigureAwait(false);
        if (chosen is null)
        {
            return null;
        }

        // The chosen credential itself, or none: the shared rule decides without other rows.
        if ((chosen.UseCount == 0 && UnusedCredential.IsValid(chosen, now)) || chosen.BatchId is null)
        {
            return UnusedCredential.Find(chosen, [], now);
        }

        // Only the rows of the batch that could be taken are decrypted; the shared rule then picks among them.
        await using var select = Command(connection, null, $"SELECT {Columns} FROM wallet_credentials WHERE batch_id = @batch AND use_count = 0 AND (valid_until IS NULL OR valid_until > @now) ORDER BY id");
        Parameter(select, "@batch", chosen.BatchId);
        Parameter(select, "@now", now.ToUnixTimeMilliseconds());
        return UnusedCredential.Find(chosen, await ReadCredentialsAsync(select, cancellationToken).ConfigureAwait(false), now);
    }

    /// <inheritdoc/>
    public async Task<StoredCredential?> CommitPresentationAsync(string credentialId, int expectedUseCount, PresentationRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (var update = Command(connection, transaction, "UPDATE wallet_credentials SET use_count = use_count + 1 WHERE id = @id AND use_count = @expected"))
        {
            Parameter(update, "@id", credentialId);
            Parameter(update, "@expected", (long)expectedUseCount);
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }
        }

        await InsertRecordAsync(connection, transaction, record, cancellationToken).ConfigureAwait(false);
        var committed = await GetAsync(connection, transaction, credentialId, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return committed;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredCredential>> ListAsync(string? docType = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null, $"SELECT {Columns} FROM wallet_credentials ORDER BY id");
        var all = await ReadCredentialsAsync(select, cancellationToken).ConfigureAwait(false);
        return docType is null ? all : [.. all.Where(c => c.DocType == docType)];
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var delete = Command(connection, null, "DELETE FROM wallet_credentials WHERE id = @id");
        Parameter(delete, "@id", id);
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Checks what a crash could have broken: every credential and log record opens under the key, and no credential
    /// was presented more often in this wallet than the log records (each presentation commits both together).
    /// </summary>
    /// <returns>The problems found; empty when the wallet is whole.</returns>
    public virtual async Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var records = new List<PresentationRecord>();
        try
        {
            await ListAsync(null, cancellationToken).ConfigureAwait(false);
            records.AddRange(await ReadLogAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (WalletStoreException e)
        {
            problems.Add(e.Message);
            return problems;
        }

        var logged = records.GroupBy(r => r.CredentialId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null, "SELECT id, use_count, added_uses FROM wallet_credentials ORDER BY id");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (id, uses, added) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
            var count = logged.GetValueOrDefault(id);
            if (count < uses - added)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"credential {id}: presented {uses - added} times here, {count} log records"));
            }
        }

        return problems;
    }

    /// <summary>Forgets the data key and the device keys held in memory. What was committed stays.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the store holds.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deviceKeys.Dispose();
            _cipher?.Dispose();
            _cipher = null;
        }
    }

    // The stored wrapped key, or null in a database that has no wallet yet (no table, or no row).
    private static async Task<WrappedWalletKey?> ReadKeyAsync(DbConnection connection, SqlDialect dialect, CancellationToken cancellationToken)
    {
        try
        {
            await using var select = Command(connection, null, "SELECT method, parameters, wrapped FROM wallet_key WHERE id = 1");
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new WrappedWalletKey(reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2))
                : null;
        }
        catch (DbException e) when (dialect.IsUndefinedTable(e))
        {
            return null;
        }
    }

    private async Task<StoredCredential?> GetAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, $"SELECT {Columns} FROM wallet_credentials WHERE id = @id");
        Parameter(select, "@id", id);
        var found = await ReadCredentialsAsync(select, cancellationToken).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : null;
    }

    private async Task<List<StoredCredential>> ReadCredentialsAsync(DbCommand select, CancellationToken cancellationToken)
    {
        var result = new List<StoredCredential>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            var format = (CredentialFormat)reader.GetInt64(1);
            var batch = reader.IsDBNull(2) ? null : reader.GetString(2);
            var validUntil = reader.IsDBNull(3) ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3));
            result.Add(Cipher.OpenCredential(id, format, batch, validUntil, checked((int)reader.GetInt64(4)), (byte[])reader.GetValue(5)));
        }

        return result;
    }

    private async Task InsertRecordAsync(DbConnection connection, DbTransaction? transaction, PresentationRecord record, CancellationToken cancellationToken)
    {
        var recordId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await using var insert = Command(connection, transaction, "INSERT INTO wallet_presentations (id, credential_id, content) VALUES (@id, @credential, @content)");
        Parameter(insert, "@id", recordId);
        Parameter(insert, "@credential", record.CredentialId);
        Parameter(insert, "@content", Cipher.SealRecord(recordId, record));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<PresentationRecord>> ReadLogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null, "SELECT id, content FROM wallet_presentations ORDER BY seq");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<PresentationRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(Cipher.OpenRecord(reader.GetString(0), (byte[])reader.GetValue(1)));
        }

        return records;
    }

    /// <summary>The person's log, kept in the same database so that a commit writes it with the use count.</summary>
    private sealed class PresentationLog(DbWalletStore store) : IPresentationLog
    {
        public async Task AppendAsync(PresentationRecord record, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(record);
            await using var connection = await store._open(cancellationToken).ConfigureAwait(false);
            await store.InsertRecordAsync(connection, null, record, cancellationToken).ConfigureAwait(false);
        }

        public Task<IReadOnlyList<PresentationRecord>> ListAsync(CancellationToken cancellationToken = default) => store.ReadLogAsync(cancellationToken);
    }

    /// <summary>The person's stopped verifiers, sealed like the rest (whom the person avoids is personal too).</summary>
    private sealed class SharingConsents(DbWalletStore store) : ISharingConsents
    {
        private const string Kind = "stopped_verifier";

        public async Task StopAsync(string verifier, DateTimeOffset at, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(verifier);
            await using var connection = await store._open(cancellationToken).ConfigureAwait(false);
            await using var transaction = await store._dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            if ((await ReadAsync(connection, transaction, cancellationToken).ConfigureAwait(false)).Any(s => s.Entry.Verifier == verifier))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            var rowId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            await using var insert = Command(connection, transaction, "INSERT INTO wallet_stopped_verifiers (id, content) VALUES (@id, @content)");
            Parameter(insert, "@id", rowId);
            Parameter(insert, "@content", store.Cipher.SealText(Kind, rowId, at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + " " + verifier));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        public async Task<bool> ResumeAsync(string verifier, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(verifier);
            await using var connection = await store._open(cancellationToken).ConfigureAwait(false);
            await using var transaction = await store._dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            var removed = 0;
            foreach (var (rowId, _) in (await ReadAsync(connection, transaction, cancellationToken).ConfigureAwait(false)).Where(s => s.Entry.Verifier == verifier))
            {
                await using var delete = Command(connection, transaction, "DELETE FROM wallet_stopped_verifiers WHERE id = @id");
                Parameter(delete, "@id", rowId);
                removed += await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return removed > 0;
        }

        public async Task<IReadOnlyList<StoppedVerifier>> ListStoppedAsync(CancellationToken cancellationToken = default)
        {
            await using var connection = await store._open(cancellationToken).ConfigureAwait(false);
            return [.. (await ReadAsync(connection, null, cancellationToken).ConfigureAwait(false)).Select(s => s.Entry)];
        }

        private async Task<List<(string RowId, StoppedVerifier Entry)>> ReadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
        {
            await using var select = Command(connection, transaction, "SELECT id, content FROM wallet_stopped_verifiers ORDER BY seq");
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var entries = new List<(string, StoppedVerifier)>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var rowId = reader.GetString(0);
                var text = store.Cipher.OpenText(Kind, rowId, (byte[])reader.GetValue(1));
                var space = text.IndexOf(' ', StringComparison.Ordinal);
                entries.Add(space > 0 && long.TryParse(text.AsSpan(0, space), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var since)
                    ? (rowId, new StoppedVerifier(text[(space + 1)..], DateTimeOffset.FromUnixTimeMilliseconds(since)))
                    : throw new WalletStoreException(WalletStoreException.Corrupt, $"The stopped-verifier entry '{rowId}' does not read."));
            }

            return entries;
        }
    }

    /// <summary>Private device keys sealed in the wallet; each is decrypted once, when first needed, and held until the store is disposed.</summary>
    internal sealed class DeviceKeyStore(DbWalletStore store) : IDeviceKeyStore, IDisposable
    {
        private const string Kind = "device_key";
        private readonly Dictionary<string, SoftwareSigner> _loaded = new(StringComparer.Ordinal);
        private readonly SemaphoreSlim _gate = new(1, 1);

        public async Task<bool> AddAsync(string privateJwk, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(privateJwk);
            using var signer = PrivateJsonWebKey.ReadSigner(privateJwk);
            var fingerprint = InMemoryDeviceKeyResolver.Fingerprint(signer.PublicKey);
            await using var connection = await store._open(cancellationToken).ConfigureAwait(false);
            await using var transaction = await store._dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var (_, jwk) in await ReadAsync(connection, transaction, cancellationToken).ConfigureAwait(false))
            {
                using var kept = PrivateJsonWebKey.ReadSigner(jwk);
                if (InMemoryDeviceKeyResolver.Fingerprint(kept.PublicKey) == fingerprint)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }
            }

            var rowId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            await using var insert = Command(connection, transaction, "INSERT INTO wallet_device_keys (id, content) VALUES (@id, @content)");
            Parameter(insert, "@id", rowId);
            Parameter(insert, "@content", store.Cipher.SealText(Kind, rowId, privateJwk));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        public async Task<int> CountAsync(CancellationToken cancellationToken = default)
        {
            await using var connection = await store._open(cancellationToken).ConfigureAwait(false);
            await using var count = Command(connection, null, "SELECT count(*) FROM wallet_device_keys");
            return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        public async ValueTask<ISigner?> FindAsync(CoseKey publicKey, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(publicKey);
            var fingerprint = InMemoryDeviceKeyResolver.Fingerprint(publicKey);
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_loaded.ContainsKey(fingerprint))
                {
                    await using var connection = await store._open(cancellationToken).ConfigureAwait(false);
                    foreach (var (_, jwk) in await ReadAsync(connection, null, cancellationToken).ConfigureAwait(false))
                    {
                        var signer = PrivateJsonWebKey.ReadSigner(jwk);
                        if (!_loaded.TryAdd(InMemoryDeviceKeyResolver.Fingerprint(signer.PublicKey), signer))
                        {
                            signer.Dispose();
                        }
                    }
                }

                return _loaded.GetValueOrDefault(fingerprint);
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Dispose()
        {
            foreach (var signer in _loaded.Values)
            {
                signer.Dispose();
            }

            _loaded.Clear();
            _gate.Dispose();
        }

        private async Task<List<(string RowId, string Jwk)>> ReadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
        {
            await using var select = Command(connection, transaction, "SELECT id, content FROM wallet_device_keys ORDER BY seq");
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var keys = new List<(string, string)>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var rowId = reader.GetString(0);
                keys.Add((rowId, store.Cipher.OpenText(Kind, rowId, (byte[])reader.GetValue(1))));
            }

            return keys;
        }
    }
}
