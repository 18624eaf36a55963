using Honnin.Holder.Presentation;

namespace Honnin.Holder.Credentials;

/// <summary>
/// Where a wallet keeps its credentials, the person's log of what it presented, and the person's consents. An app plugs in its own (an encrypted
/// database, a keychain); <see cref="InMemoryCredentialStore"/> serves tests and tools, and the SQLite and PostgreSQL
/// stores persist them encrypted at rest.
/// </summary>
/// <remarks>
/// A presentation reads a credential (<see cref="FindUnusedAsync"/> or <see cref="GetAsync"/>), builds the answer with
/// it, and only then commits (<see cref="CommitPresentationAsync"/>): the use count goes up by one and the person's log
/// gains the record in one transaction, on the condition that nobody presented the credential in between. So two
/// concurrent presentations never share a single-use credential, a presentation that fails while it is built spends
/// nothing, and a crash leaves the state before or after the commit — never a credential counted as presented without
/// its log entry.
/// </remarks>
public interface ICredentialStore
{
    /// <summary>The person's log of presentations this store keeps; <see cref="CommitPresentationAsync"/> appends to it.</summary>
    IPresentationLog Log { get; }

    /// <summary>The person's standing decisions about verifiers ("stop sharing with V"), kept with the credentials.</summary>
    ISharingConsents Consents { get; }

    /// <summary>Adds a credential.</summary>
    /// <param name="credential">The credential; its id must be new.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">A credential with that id is already stored (the stored one is kept).</exception>
    Task AddAsync(StoredCredential credential, CancellationToken cancellationToken = default);

    /// <summary>Adds several credentials (a batch) in one transaction: all of them or, when one fails, none.</summary>
    /// <param name="credentials">The credentials; their ids must be new and distinct.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">An id is already stored or appears twice (nothing is added).</exception>
    Task AddRangeAsync(IReadOnlyList<StoredCredential> credentials, CancellationToken cancellationToken = default);

    /// <summary>Reads one credential.</summary>
    /// <param name="credentialId">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The credential, or null when it is not stored.</returns>
    Task<StoredCredential?> GetAsync(string credentialId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds the credential a presentation should use, without changing anything: <paramref name="credentialId"/> when it
    /// was never presented and is valid at <paramref name="now"/>, otherwise a never-presented credential of the same
    /// batch, format and type still valid then (the lowest id first).
    /// </summary>
    /// <param name="credentialId">The credential the plan chose.</param>
    /// <param name="now">The time validity is judged at.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The credential, or null when neither it nor any of its batch is unused and valid.</returns>
    Task<StoredCredential?> FindUnusedAsync(string credentialId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts one presentation of a credential and appends <paramref name="record"/> to <see cref="Log"/>, atomically and
    /// only when the credential's use count is still <paramref name="expectedUseCount"/>. Implementations make the check,
    /// the count and the log entry one transaction (a lock, a conditional update inside a database transaction), never a
    /// read followed by separate writes.
    /// </summary>
    /// <param name="credentialId">The credential that answered.</param>
    /// <param name="expectedUseCount">Its use count when it was read for this presentation.</param>
    /// <param name="record">What the person's log keeps of the presentation.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The credential with its new use count, or null when it is gone or was presented in the meantime (nothing changed).</returns>
    Task<StoredCredential?> CommitPresentationAsync(string credentialId, int expectedUseCount, PresentationRecord record, CancellationToken cancellationToken = default);

    /// <summary>Lists the credentials of a document type, or all when it is null, ordered by id.</summary>
    /// <param name="docType">The document type, or null.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The credentials.</returns>
    Task<IReadOnlyList<StoredCredential>> ListAsync(string? docType = null, CancellationToken cancellationToken = default);

    /// <summary>Removes a credential (the log keeps its entries).</summary>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether it was there.</returns>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default);
}
