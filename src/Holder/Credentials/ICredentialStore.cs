namespace Honnin.Holder.Credentials;

/// <summary>Where a wallet keeps credentials. An app plugs in its own (encrypted database, keychain); <see cref="InMemoryCredentialStore"/> serves tests and tools.</summary>
public interface ICredentialStore
{
    /// <summary>Adds a credential.</summary>
    /// <param name="credential">The credential; its id must be new.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task AddAsync(StoredCredential credential, CancellationToken cancellationToken = default);

    /// <summary>Replaces a credential's record (e.g. its use count).</summary>
    /// <param name="credential">The updated record.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task UpdateAsync(StoredCredential credential, CancellationToken cancellationToken = default);

    /// <summary>Lists the credentials of a document type, or all when it is null.</summary>
    /// <param name="docType">The document type, or null.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The credentials.</returns>
    Task<IReadOnlyList<StoredCredential>> ListAsync(string? docType = null, CancellationToken cancellationToken = default);

    /// <summary>Removes a credential.</summary>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether it was there.</returns>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default);
}
