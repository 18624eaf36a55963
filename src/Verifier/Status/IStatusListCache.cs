namespace Honnin.Verifier.Status;

/// <summary>
/// Status list tokens a verifier fetched, kept until they expire, so that a credential's status is checked without
/// fetching its list for every presentation — and, for a service with several instances, shared between them.
/// The cache holds the token as fetched; whoever reads it verifies it again (signature, <c>sub</c>, times) before use.
/// </summary>
public interface IStatusListCache
{
    /// <summary>Reads the token cached for a list, if it is still fresh.</summary>
    /// <param name="uri">The status list's URI (the credential's <c>status_list.uri</c>).</param>
    /// <param name="now">The verifier's time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The cached token, or null when none is cached or it expired at or before <paramref name="now"/>.</returns>
    Task<CachedStatusList?> GetAsync(string uri, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Keeps a fetched token, replacing what was cached for its list.</summary>
    /// <param name="entry">The token and how long it may be used.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task PutAsync(CachedStatusList entry, CancellationToken cancellationToken = default);
}

/// <summary>A fetched status list token.</summary>
/// <param name="Uri">The list's URI.</param>
/// <param name="Token">The token as fetched (a <c>statuslist+jwt</c> as UTF-8, or a CWT).</param>
/// <param name="FetchedAt">When it was fetched.</param>
/// <param name="ExpiresAt">Until when it may be used: the earlier of its <c>exp</c>, fetch time + <c>ttl</c>, and the verifier's own bound.</param>
public sealed record CachedStatusList(string Uri, ReadOnlyMemory<byte> Token, DateTimeOffset FetchedAt, DateTimeOffset ExpiresAt);

/// <summary>A status list cache in process memory, for a single verifier instance. Thread-safe.</summary>
public sealed class InMemoryStatusListCache : IStatusListCache
{
    private readonly Dictionary<string, CachedStatusList> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public Task<CachedStatusList?> GetAsync(string uri, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        lock (_lock)
        {
            if (!_entries.TryGetValue(uri, out var entry))
            {
                return Task.FromResult<CachedStatusList?>(null);
            }

            if (entry.ExpiresAt <= now)
            {
                _entries.Remove(uri);
                return Task.FromResult<CachedStatusList?>(null);
            }

            return Task.FromResult<CachedStatusList?>(entry);
        }
    }

    /// <inheritdoc/>
    public Task PutAsync(CachedStatusList entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            _entries[entry.Uri] = entry with { Token = entry.Token.ToArray() };
        }

        return Task.CompletedTask;
    }
}
