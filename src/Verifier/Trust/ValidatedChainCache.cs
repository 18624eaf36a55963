namespace Honnin.Verifier.Trust;

/// <summary>
/// A verifier's bounded cache of validated issuer chains, keyed by <see cref="ChainDigest"/>, least recently used
/// first out. It belongs to one verifier instance, whose trust anchors and policy are fixed, so an entry cannot go
/// stale except in time, which every hit re-checks. Only successes are added; failures are never cached. Thread-safe.
/// </summary>
internal sealed class ValidatedChainCache
{
    /// <summary>The most chains kept.</summary>
    public const int Capacity = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<ChainDigest, LinkedListNode<(ChainDigest Digest, ValidatedChain Chain)>> _entries = [];
    private readonly LinkedList<(ChainDigest Digest, ValidatedChain Chain)> _recency = new();

    /// <summary>The number of chains kept.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public ValidatedChain? Find(ChainDigest digest)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(digest, out var node))
            {
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Chain;
        }
    }

    public void Add(ChainDigest digest, ValidatedChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        lock (_lock)
        {
            if (_entries.TryGetValue(digest, out var existing))
            {
                // Another thread validated the same chain meanwhile; keep the entry in place.
                _recency.Remove(existing);
                _recency.AddFirst(existing);
                return;
            }

            if (_entries.Count >= Capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Digest);
            }

            _entries.Add(digest, _recency.AddFirst((digest, chain)));
        }
    }
}
