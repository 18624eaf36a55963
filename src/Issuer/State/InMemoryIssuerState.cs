using System.Security.Cryptography;

namespace Honnin.Issuer.State;

/// <summary>
/// The issuer's state in process memory — codes, status lists, offers, issued-credential records and used values — for
/// tests, tools and a single instance. Thread-safe; each operation is atomic, and completing an offer keeps its
/// issued-credential records under the same lock. Several instances need a shared database (the SQLite or PostgreSQL
/// issuer store). <see cref="IOfferStore.GetAsync"/> and <see cref="IOfferStore.ListAsync"/> are implemented explicitly,
/// as their names are taken by <see cref="IIssuedCredentialStore"/>: call them through <see cref="IOfferStore"/>.
/// </summary>
public sealed class InMemoryIssuerState : IPreAuthorizedCodeStore, IStatusListStore, IIssuedCredentialStore, IReplayStore, IOfferStore
{
    private readonly Dictionary<string, CodeRow> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<int, StatusEntry>> _lists = new(StringComparer.Ordinal);
    private readonly List<IssuedCredentialRecord> _issued = [];
    private readonly Dictionary<string, IssuedCredentialRecord> _issuedById = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Scope, string Value), DateTimeOffset> _used = [];
    private readonly Dictionary<string, OfferRecord> _offers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _offersByTransaction = new(StringComparer.Ordinal);
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public Task AddAsync(PreAuthorizedCodeGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var digest = PreAuthorizedCodeGrant.CodeDigest(grant.Code);
        var row = new CodeRow(grant.OfferId, grant.TransactionCode is null ? null : PreAuthorizedCodeGrant.TransactionCodeDigest(grant.Code, grant.TransactionCode), grant.ExpiresAt, grant.MaxTransactionCodeAttempts);
        lock (_lock)
        {
            return _codes.TryAdd(digest, row) ? Task.CompletedTask : throw new ArgumentException("The pre-authorized code is already kept.", nameof(grant));
        }
    }

    /// <inheritdoc/>
    public Task<CodeRedemption> RedeemAsync(string code, string? transactionCode, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        lock (_lock)
        {
            if (!_codes.TryGetValue(PreAuthorizedCodeGrant.CodeDigest(code), out var row))
            {
                return Task.FromResult(new CodeRedemption(CodeRedemptionOutcome.Unknown));
            }

            var (outcome, attempts) = CodeRedemptionRule.Decide(row.Redeemed, row.Invalidated, row.ExpiresAt, row.TransactionCodeDigest, row.Attempts, row.MaxAttempts, code, transactionCode, now);
            row.Attempts = attempts;
            row.Redeemed |= outcome == CodeRedemptionOutcome.Redeemed;
            row.Invalidated |= outcome == CodeRedemptionOutcome.Invalidated;
            return Task.FromResult(new CodeRedemption(outcome, outcome == CodeRedemptionOutcome.Redeemed ? row.OfferId : null, Math.Max(0, row.MaxAttempts - attempts)));
        }
    }

    /// <inheritdoc/>
    public async Task<int> AllocateAsync(string listId, int size, string credentialId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        return (await AllocateAsync(listId, size, [credentialId], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<int>> AllocateAsync(string listId, int size, IReadOnlyList<string> credentialIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listId);
        ArgumentNullException.ThrowIfNull(credentialIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        lock (_lock)
        {
            if (!_lists.TryGetValue(listId, out var entries))
            {
                _lists[listId] = entries = [];
            }

            if (entries.Count + credentialIds.Count > size)
            {
                throw new StatusListFullException(listId);
            }

            var indices = new List<int>(credentialIds.Count);
            foreach (var credentialId in credentialIds)
            {
                ArgumentNullException.ThrowIfNull(credentialId, nameof(credentialIds));
                int index;
                do
                {
                    index = RandomNumberGenerator.GetInt32(size);
                }
                while (entries.ContainsKey(index));

                entries[index] = new StatusEntry(credentialId, 0);
                indices.Add(index);
            }

            return Task.FromResult<IReadOnlyList<int>>(indices);
        }
    }

    /// <inheritdoc/>
    public Task<bool> SetStatusAsync(string listId, int index, byte status, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_lists.TryGetValue(listId, out var entries) || !entries.TryGetValue(index, out var entry))
            {
                return Task.FromResult(false);
            }

            entries[index] = entry with { Status = status };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<int, StatusEntry>> ReadAsync(string listId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<int, StatusEntry>>(_lists.TryGetValue(listId, out var entries) ? new Dictionary<int, StatusEntry>(entries) : []);
        }
    }

    /// <inheritdoc/>
    public Task AddAsync(IssuedCredentialRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return AddRangeAsync([record], cancellationToken);
    }

    /// <inheritdoc/>
    public Task AddRangeAsync(IReadOnlyList<IssuedCredentialRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_lock)
        {
            KeepRecords(records);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IssuedCredentialRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_issuedById.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<IssuedCredentialRecord>> ListAsync(string? offerId = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<IssuedCredentialRecord>>([.. _issued.Where(r => offerId is null || r.OfferId == offerId)]);
        }
    }

    /// <inheritdoc/>
    public Task<bool> TryUseAsync(string scope, string value, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            // Forgetting expired values once a minute keeps each use O(1).
            if (now >= _nextPurge)
            {
                foreach (var expired in _used.Where(u => u.Value <= now).Select(u => u.Key).ToList())
                {
                    _used.Remove(expired);
                }

                _nextPurge = now.AddMinutes(1);
            }

            if (_used.TryGetValue((scope, value), out var until) && until <= now)
            {
                _used.Remove((scope, value));
            }

            return Task.FromResult(_used.TryAdd((scope, value), expiresAt));
        }
    }

    /// <inheritdoc/>
    public Task AddAsync(OfferRecord offer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (offer.State != OfferState.Offered)
        {
            throw new ArgumentException($"An offer is added in state {OfferState.Offered}, not {offer.State}.", nameof(offer));
        }

        lock (_lock)
        {
            if (_offers.ContainsKey(offer.Id))
            {
                throw new ArgumentException($"An offer with id '{offer.Id}' is already kept.", nameof(offer));
            }

            if (offer.TransactionId is { } transactionId && !_offersByTransaction.TryAdd(transactionId, offer.Id))
            {
                throw new ArgumentException("Another offer has this transaction id.", nameof(offer));
            }

            _offers.Add(offer.Id, offer with { HolderKeys = [.. offer.HolderKeys] });
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    Task<OfferRecord?> IOfferStore.GetAsync(string offerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        lock (_lock)
        {
            return Task.FromResult(_offers.GetValueOrDefault(offerId));
        }
    }

    /// <inheritdoc/>
    public Task<OfferRecord?> FindByTransactionAsync(string transactionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactionId);
        lock (_lock)
        {
            return Task.FromResult(_offersByTransaction.TryGetValue(transactionId, out var offerId) ? _offers[offerId] : null);
        }
    }

    /// <inheritdoc/>
    Task<IReadOnlyList<OfferRecord>> IOfferStore.ListAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<OfferRecord>>([.. _offers.Values.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc/>
    public Task<bool> ApproveAsync(string offerId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        lock (_lock)
        {
            if (!_offers.TryGetValue(offerId, out var offer) || !offer.RequiresApproval || !IsOpen(offer.State))
            {
                return Task.FromResult(false);
            }

            _offers[offerId] = offer with { ApprovedAt = offer.ApprovedAt ?? at };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeferAsync(string offerId, string transactionId, IReadOnlyList<string> holderKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        ArgumentNullException.ThrowIfNull(transactionId);
        ArgumentNullException.ThrowIfNull(holderKeys);
        string[] keys = [.. holderKeys];
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(holderKeys));
        }

        lock (_lock)
        {
            if (!_offers.TryGetValue(offerId, out var offer) || offer.State != OfferState.Offered)
            {
                return Task.FromResult(false);
            }

            if (_offersByTransaction.TryGetValue(transactionId, out var other) && other != offerId)
            {
                throw new ArgumentException("Another offer has this transaction id.", nameof(transactionId));
            }

            if (offer.TransactionId is { } previous)
            {
                _offersByTransaction.Remove(previous);
            }

            _offersByTransaction[transactionId] = offerId;
            _offers[offerId] = offer with { State = OfferState.Deferred, TransactionId = transactionId, HolderKeys = keys };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> CompleteAsync(string offerId, OfferState expected, IReadOnlyList<IssuedCredentialRecord> records, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        ArgumentNullException.ThrowIfNull(records);
        if (!IsOpen(expected))
        {
            throw new ArgumentOutOfRangeException(nameof(expected), expected, "An offer is completed from state Offered or Deferred.");
        }

        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            if (record.OfferId != offerId)
            {
                throw new ArgumentException($"The issued credential '{record.Id}' names another offer.", nameof(records));
            }
        }

        lock (_lock)
        {
            if (!_offers.TryGetValue(offerId, out var offer) || offer.State != expected)
            {
                return Task.FromResult(false);
            }

            KeepRecords(records);
            _offers[offerId] = offer with { State = OfferState.Issued, Claims = null, HolderKeys = [], ClosedAt = at };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> WithdrawAsync(string offerId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        lock (_lock)
        {
            if (!_offers.TryGetValue(offerId, out var offer) || !IsOpen(offer.State))
            {
                return Task.FromResult(false);
            }

            _offers[offerId] = offer with { State = OfferState.Withdrawn, Claims = null, HolderKeys = [], ClosedAt = at };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> RecordNotificationAsync(string offerId, string notificationEvent, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        ArgumentNullException.ThrowIfNull(notificationEvent);
        lock (_lock)
        {
            if (!_offers.TryGetValue(offerId, out var offer) || offer.State != OfferState.Issued)
            {
                return Task.FromResult(false);
            }

            _offers[offerId] = offer with { Notification = notificationEvent };
            return Task.FromResult(true);
        }
    }

    private static bool IsOpen(OfferState state) => state is OfferState.Offered or OfferState.Deferred;

    // Keeps issued-credential records, all or none; the caller holds the lock.
    private void KeepRecords(IReadOnlyList<IssuedCredentialRecord> records)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            if (_issuedById.ContainsKey(record.Id) || !ids.Add(record.Id))
            {
                throw new ArgumentException($"An issued credential with id '{record.Id}' is already kept.", nameof(records));
            }
        }

        foreach (var record in records)
        {
            _issued.Add(record);
            _issuedById.Add(record.Id, record);
        }
    }

    private sealed class CodeRow(string offerId, byte[]? transactionCodeDigest, DateTimeOffset expiresAt, int maxAttempts)
    {
        public string OfferId { get; } = offerId;

        public byte[]? TransactionCodeDigest { get; } = transactionCodeDigest;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public int MaxAttempts { get; } = maxAttempts;

        public int Attempts { get; set; }

        public bool Redeemed { get; set; }

        public bool Invalidated { get; set; }
    }
}
