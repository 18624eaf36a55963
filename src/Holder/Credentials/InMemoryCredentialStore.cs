using Honnin.Holder.Presentation;

namespace Honnin.Holder.Credentials;

/// <summary>A credential store and presentation log in process memory, for tests, tools and samples. Thread-safe; a commit is atomic.</summary>
public sealed class InMemoryCredentialStore : ICredentialStore
{
    private readonly Dictionary<string, StoredCredential> _credentials = new(StringComparer.Ordinal);
    private readonly InMemoryPresentationLog _log = new();
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public IPresentationLog Log => _log;

    /// <inheritdoc/>
    public ISharingConsents Consents { get; } = new InMemorySharingConsents();

    /// <inheritdoc/>
    public Task AddAsync(StoredCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return AddRangeAsync([credential], cancellationToken);
    }

    /// <inheritdoc/>
    public Task AddRangeAsync(IReadOnlyList<StoredCredential> credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        lock (_lock)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var credential in credentials)
            {
                ArgumentNullException.ThrowIfNull(credential, nameof(credentials));
                if (_credentials.ContainsKey(credential.Id) || !ids.Add(credential.Id))
                {
                    throw new ArgumentException($"A credential with id '{credential.Id}' is already stored.", nameof(credentials));
                }
            }

            foreach (var credential in credentials)
            {
                _credentials.Add(credential.Id, credential);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<StoredCredential?> GetAsync(string credentialId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        lock (_lock)
        {
            return Task.FromResult(_credentials.GetValueOrDefault(credentialId));
        }
    }

    /// <inheritdoc/>
    public Task<StoredCredential?> FindUnusedAsync(string credentialId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        lock (_lock)
        {
            return Task.FromResult(_credentials.TryGetValue(credentialId, out var chosen)
                ? UnusedCredential.Find(chosen, _credentials.Values, now)
                : null);
        }
    }

    /// <inheritdoc/>
    public Task<StoredCredential?> CommitPresentationAsync(string credentialId, int expectedUseCount, PresentationRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            if (!_credentials.TryGetValue(credentialId, out var credential) || credential.UseCount != expectedUseCount)
            {
                return Task.FromResult<StoredCredential?>(null);
            }

            credential = credential with { UseCount = credential.UseCount + 1 };
            _credentials[credentialId] = credential;
            _log.Append(record);
            return Task.FromResult<StoredCredential?>(credential);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredCredential>> ListAsync(string? docType = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredCredential>>([.. _credentials.Values.Where(c => docType is null || c.DocType == docType).OrderBy(c => c.Id, StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_credentials.Remove(id));
        }
    }
}
