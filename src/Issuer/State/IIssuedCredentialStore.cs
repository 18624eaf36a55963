namespace Honnin.Issuer.State;

/// <summary>
/// What the issuer keeps of each credential it issued — ids, type, format, validity, its offer and its status list
/// entry, never a claim value — so that HR can list what was issued and revoke it.
/// </summary>
public interface IIssuedCredentialStore
{
    /// <summary>Keeps a record.</summary>
    /// <param name="record">The record; its id must be new.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The id is already kept.</exception>
    Task AddAsync(IssuedCredentialRecord record, CancellationToken cancellationToken = default);

    /// <summary>Keeps the records of a batch in one transaction: all of them, or none.</summary>
    /// <param name="records">The records; their ids must be new and distinct.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">An id is already kept or appears twice (nothing is kept).</exception>
    Task AddRangeAsync(IReadOnlyList<IssuedCredentialRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Reads a record.</summary>
    /// <param name="id">The credential id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The record, or null.</returns>
    Task<IssuedCredentialRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists the records of an offer, or all, oldest first.</summary>
    /// <param name="offerId">The offer, or null for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<IssuedCredentialRecord>> ListAsync(string? offerId = null, CancellationToken cancellationToken = default);
}

/// <summary>One issued credential, as the issuer remembers it (no claim values).</summary>
/// <param name="Id">The issuer's id of the credential.</param>
/// <param name="DocType">The document type (docType or vct).</param>
/// <param name="Format">The format.</param>
/// <param name="IssuedAt">When it was signed.</param>
/// <param name="ValidUntil">End of validity, if any.</param>
/// <param name="OfferId">The offer it was issued for, if any.</param>
/// <param name="StatusListId">Its status list, if any.</param>
/// <param name="StatusIndex">Its index in that list.</param>
public sealed record IssuedCredentialRecord(
    string Id,
    string DocType,
    CredentialFormat Format,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ValidUntil = null,
    string? OfferId = null,
    string? StatusListId = null,
    int? StatusIndex = null);
