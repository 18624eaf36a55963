namespace Honnin.Verifier.Protocol;

/// <summary>Verifier transactions in process memory, for a single verifier instance and tests. Thread-safe.</summary>
public sealed class InMemoryVerifierTransactionStore : IVerifierTransactionStore
{
    private readonly Dictionary<string, VerifierTransaction> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByRequestId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByResponseCode = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public Task AddAsync(VerifierTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.IsAnswered)
        {
            throw new InvalidOperationException("A new transaction is pending.");
        }

        lock (_lock)
        {
            if (_byId.ContainsKey(transaction.Id) || _idByRequestId.ContainsKey(transaction.RequestId))
            {
                throw new InvalidOperationException("A transaction with this id or request id is already kept.");
            }

            _byId.Add(transaction.Id, transaction);
            _idByRequestId.Add(transaction.RequestId, transaction.Id);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<VerifierTransaction?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            return Task.FromResult(_byId.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc/>
    public Task<VerifierTransaction?> FindByRequestIdAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        lock (_lock)
        {
            return Task.FromResult(_idByRequestId.TryGetValue(requestId, out var id) ? _byId.GetValueOrDefault(id) : null);
        }
    }

    /// <inheritdoc/>
    public Task<VerifierTransaction?> FindByResponseCodeAsync(string responseCodeHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responseCodeHash);
        lock (_lock)
        {
            return Task.FromResult(_idByResponseCode.TryGetValue(responseCodeHash, out var id) ? _byId.GetValueOrDefault(id) : null);
        }
    }

    /// <inheritdoc/>
    public Task<VerifierTransaction?> RedeemResponseCodeAsync(string responseCodeHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responseCodeHash);
        lock (_lock)
        {
            if (!_idByResponseCode.Remove(responseCodeHash, out var id) || !_byId.TryGetValue(id, out var transaction))
            {
                return Task.FromResult<VerifierTransaction?>(null);
            }

            _byId[id] = transaction with { Outcome = transaction.Outcome! with { ResponseCode = null } };
            return Task.FromResult<VerifierTransaction?>(transaction);
        }
    }

    /// <inheritdoc/>
    public Task<bool> TryCompleteAsync(string id, VerifierTransactionOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_lock)
        {
            if (!_byId.TryGetValue(id, out var transaction) || !transaction.IsOpenAt(outcome.AnsweredAt)
                || (outcome.ResponseCode is not null && _idByResponseCode.ContainsKey(outcome.ResponseCode)))
            {
                return Task.FromResult(false);
            }

            _byId[id] = transaction with { Outcome = outcome, EncryptionKey = null };
            if (outcome.ResponseCode is not null)
            {
                _idByResponseCode.Add(outcome.ResponseCode, id);
            }

            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var expired = _byId.Values.Where(t => t.ExpiresAt < before).ToList();
            foreach (var transaction in expired)
            {
                _byId.Remove(transaction.Id);
                _idByRequestId.Remove(transaction.RequestId);
                if (transaction.Outcome?.ResponseCode is { } code)
                {
                    _idByResponseCode.Remove(code);
                }
            }

            return Task.FromResult(expired.Count);
        }
    }
}
