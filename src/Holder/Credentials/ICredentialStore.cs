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

    /// <summary>
    /// Takes a credential for one presentation, atomically: the credential <paramref name="credentialId"/> when it was
    /// never presented, otherwise a never-presented credential of the same batch still valid at <paramref name="now"/>;
    /// its use count goes from 0 to 1 in the same step, so two concurrent presentations never take the same
    /// single-use credential. Implementations must make the check and the write one operation (a lock, a transaction,
    /// a conditional update), never a read followed by a separate write.
    /// </summary>
    /// <param name="credentialId">The credential the plan chose.</param>
    /// <param name="now">The time validity is judged at.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The taken credential with its new use count, or null when neither it nor any of its batch is unused.</returns>
    Task<StoredCredential?> TakeUnusedAsync(string credentialId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Counts one more presentation of a credential, atomically, when the person reuses one whose batch is spent.</summary>
    /// <param name="credentialId">The credential.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The credential with its new use count, or null when it is not stored.</returns>
    Task<StoredCredential?> MarkPresentedAsync(string credentialId, CancellationToken cancellationToken = default);

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
