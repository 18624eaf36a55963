using System.Collections.Concurrent;

namespace Honnin.Holder.Credentials;

/// <summary>A credential store in process memory, for tests, tools and samples. Thread-safe.</summary>
public sealed class InMemoryCredentialStore : ICredentialStore
{
    private readonly ConcurrentDictionary<string, StoredCredential> _credentials = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The id is already present.</exception>
    public Task AddAsync(StoredCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return _credentials.TryAdd(credential.Id, credential)
            ? Task.CompletedTask
            : throw new ArgumentException($"A credential with id '{credential.Id}' is already stored.", nameof(credential));
    }

    /// <inheritdoc/>
    /// <exception cref="KeyNotFoundException">The credential is not stored.</exception>
    public Task UpdateAsync(StoredCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!_credentials.ContainsKey(credential.Id))
        {
            throw new KeyNotFoundException($"No credential with id '{credential.Id}' is stored.");
        }

        _credentials[credential.Id] = credential;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredCredential>> ListAsync(string? docType = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredCredential>>([.. _credentials.Values.Where(c => docType is null || c.DocType == docType).OrderBy(c => c.Id, StringComparer.Ordinal)]);

    /// <inheritdoc/>
    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_credentials.TryRemove(id, out _));
}
