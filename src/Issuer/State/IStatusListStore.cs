namespace Honnin.Issuer.State;

/// <summary>
/// The issuer's status lists (draft-ietf-oauth-status-list): each credential gets an unpredictable index of its own in
/// a list, and the entry's status changes when the credential is revoked or suspended. No two credentials ever share an
/// index, whichever instance allocates — the database's uniqueness decides, not a lock in one process.
/// </summary>
public interface IStatusListStore
{
    /// <summary>Allocates a random unused index of a list for a credential, with status 0 (valid).</summary>
    /// <param name="listId">The list (e.g. its URI).</param>
    /// <param name="size">The list's size: indices are 0 to size − 1.</param>
    /// <param name="credentialId">The credential the index is for.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The index.</returns>
    /// <exception cref="StatusListFullException">Every index of the list is allocated.</exception>
    Task<int> AllocateAsync(string listId, int size, string credentialId, CancellationToken cancellationToken = default);

    /// <summary>Allocates an index for each credential of a batch, in one transaction: all of them, or none when the list cannot hold them all.</summary>
    /// <param name="listId">The list.</param>
    /// <param name="size">The list's size.</param>
    /// <param name="credentialIds">The credentials, each to get its own index.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The indices, in the order of <paramref name="credentialIds"/>.</returns>
    /// <exception cref="StatusListFullException">The list has fewer free indices than credentials (nothing is allocated).</exception>
    Task<IReadOnlyList<int>> AllocateAsync(string listId, int size, IReadOnlyList<string> credentialIds, CancellationToken cancellationToken = default);

    /// <summary>Sets the status of an allocated entry (0 valid, 1 invalid, 2 suspended, as the token status list defines).</summary>
    /// <param name="listId">The list.</param>
    /// <param name="index">The index.</param>
    /// <param name="status">The status value.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the entry is allocated.</returns>
    Task<bool> SetStatusAsync(string listId, int index, byte status, CancellationToken cancellationToken = default);

    /// <summary>Reads a list's allocated entries, for publishing it; unallocated indices are 0.</summary>
    /// <param name="listId">The list.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The allocated entries by index.</returns>
    Task<IReadOnlyDictionary<int, StatusEntry>> ReadAsync(string listId, CancellationToken cancellationToken = default);
}

/// <summary>An allocated entry of a status list.</summary>
/// <param name="CredentialId">The credential it belongs to.</param>
/// <param name="Status">Its status value.</param>
public sealed record StatusEntry(string CredentialId, byte Status);

/// <summary>Every index of a status list is allocated: the issuer must start another list.</summary>
public sealed class StatusListFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="listId">The list.</param>
    public StatusListFullException(string listId)
        : base($"Every index of the status list '{listId}' is allocated; start another list.") => ListId = listId;

    /// <summary>The list.</summary>
    public string ListId { get; }
}
