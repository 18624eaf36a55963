namespace Honnin.Holder.Credentials;

/// <summary>A credential store in process memory, for tests, tools and samples. Thread-safe; taking a credential is atomic.</summary>
public sealed class InMemoryCredentialStore : ICredentialStore
{
    private readonly Dictionary<string, StoredCredential> _credentials = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The id is already present.</exception>
    public Task AddAsync(StoredCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        lock (_lock)
        {
            return _credentials.TryAdd(credential.Id, credential)
                ? Task.CompletedTask
                : throw new ArgumentException($"A credential with id '{credential.Id}' is already stored.", nameof(credential));
        }
    }

    /// <inheritdoc/>
    /// <exception cref="KeyNotFoundException">The credential is not stored.</exception>
    public Task UpdateAsync(StoredCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        lock (_lock)
        {
            if (!_credentials.ContainsKey(credential.Id))
            {
                throw new KeyNotFoundException($"No credential with id '{credential.Id}' is stored.");
            }

            _credentials[credential.Id] = credential;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<StoredCredential?> TakeUnusedAsync(string credentialId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        lock (_lock)
        {
            if (!_credentials.TryGetValue(credentialId, out var chosen))
            {
                return Task.FromResult<StoredCredential?>(null);
            }

            var taken = chosen.UseCount == 0 && IsValid(chosen, now)
                ? chosen
                : chosen.BatchId is null
                    ? null
                    : _credentials.Values
                        .Where(c => c.BatchId == chosen.BatchId && c.Format == chosen.Format && c.DocType == chosen.DocType && c.UseCount == 0 && IsValid(c, now))
                        .OrderBy(c => c.Id, StringComparer.Ordinal)
                        .FirstOrDefault();
            if (taken is null)
            {
                return Task.FromResult<StoredCredential?>(null);
            }

            taken = taken with { UseCount = taken.UseCount + 1 };
            _credentials[taken.Id] = taken;
            return Task.FromResult<StoredCredential?>(taken);
        }
    }

    /// <inheritdoc/>
    public Task<StoredCredential?> MarkPresentedAsync(string credentialId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        lock (_lock)
        {
            if (!_credentials.TryGetValue(credentialId, out var credential))
            {
                return Task.FromResult<StoredCredential?>(null);
            }

            credential = credential with { UseCount = credential.UseCount + 1 };
            _credentials[credentialId] = credential;
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

    private static bool IsValid(StoredCredential credential, DateTimeOffset now) => credential.ValidUntil is null || credential.ValidUntil > now;
}
