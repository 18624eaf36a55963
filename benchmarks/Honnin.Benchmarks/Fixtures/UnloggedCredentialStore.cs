using Honnin.Holder.Credentials;
using Honnin.Holder.Presentation;

namespace Honnin.Benchmarks.Fixtures;

/// <summary>
/// A credential store in memory whose commits count uses but keep no log records, so that millions of benchmark
/// presentations do not grow the heap. Substitutes follow <see cref="UnusedCredential"/>, as in every store.
/// </summary>
internal sealed class UnloggedCredentialStore : ICredentialStore
{
    private readonly Dictionary<string, StoredCredential> _credentials = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IPresentationLog Log { get; } = new InMemoryPresentationLog();

    public ISharingConsents Consents { get; } = new InMemorySharingConsents();

    public Task AddAsync(StoredCredential credential, CancellationToken cancellationToken = default) => AddRangeAsync([credential], cancellationToken);

    public Task AddRangeAsync(IReadOnlyList<StoredCredential> credentials, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var credential in credentials)
            {
                _credentials.Add(credential.Id, credential);
            }
        }

        return Task.CompletedTask;
    }

    public Task<StoredCredential?> GetAsync(string credentialId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_credentials.GetValueOrDefault(credentialId));
        }
    }

    public Task<StoredCredential?> FindUnusedAsync(string credentialId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_credentials.TryGetValue(credentialId, out var chosen) ? UnusedCredential.Find(chosen, _credentials.Values, now) : null);
        }
    }

    public Task<StoredCredential?> CommitPresentationAsync(string credentialId, int expectedUseCount, PresentationRecord record, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_credentials.TryGetValue(credentialId, out var credential) || credential.UseCount != expectedUseCount)
            {
                return Task.FromResult<StoredCredential?>(null);
            }

            _credentials[credentialId] = credential = credential with { UseCount = credential.UseCount + 1 };
            return Task.FromResult<StoredCredential?>(credential);
        }
    }

    public Task<IReadOnlyList<StoredCredential>> ListAsync(string? docType = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredCredential>>([.. _credentials.Values.Where(c => docType is null || c.DocType == docType).OrderBy(c => c.Id, StringComparer.Ordinal)]);
        }
    }

    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_credentials.Remove(id));
        }
    }
}
