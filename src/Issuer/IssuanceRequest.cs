using System.Collections.Frozen;
using Honnin.Pseudonyms;
using Honnin.DocumentTypes;
using Honnin.StatusLists;

namespace Honnin.Issuer;

/// <summary>
/// What to issue, in either format: the document type, the claims, validity and the person's pseudonyms. The request
/// keeps read-only copies of what it is given, so changing the caller's claims or pseudonyms later changes nothing here.
/// <see cref="Mdoc.MdocIssuanceRequest"/> and <see cref="SdJwt.SdJwtVcIssuanceRequest"/> add the key the credential is
/// bound to.
/// </summary>
/// <param name="DocType">The docType, vct or alias of a registered document type.</param>
/// <param name="Claims">The claims.</param>
public abstract record IssuanceRequest(string DocType, DocumentClaims Claims)
{
    /// <summary>The claims, as a read-only copy.</summary>
    public DocumentClaims Claims
    {
        get;
        init => field = (value ?? throw new ArgumentNullException(nameof(Claims))).AsReadOnly();
    } = (Claims ?? throw new ArgumentNullException(nameof(Claims))).AsReadOnly();

    /// <summary>Start of validity (mdoc <c>validFrom</c>; SD-JWT <c>nbf</c> when later than <c>iat</c>); the issuance time when null.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>End of validity (mdoc <c>validUntil</c>; SD-JWT <c>exp</c>); start plus the issuer's validity period when null.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>
    /// Per-domain pseudonyms of the person, domain → value (from a pseudonym authority or the issuer's own keys). Each
    /// becomes its own selectively disclosable element: mdoc <c>jp.honnin.pseudonym.1/dp_&lt;domain&gt;</c>, SD-JWT
    /// <c>pseudonyms.&lt;domain&gt;</c>. A batch carries the same values in every credential.
    /// </summary>
    public IReadOnlyDictionary<PseudonymDomain, string> Pseudonyms
    {
        get;
        init => field = (value ?? throw new ArgumentNullException(nameof(Pseudonyms))).ToFrozenDictionary();
    } = FrozenDictionary<PseudonymDomain, string>.Empty;

    /// <summary>
    /// Where the credential's status is published: its own entry of a Token Status List (from the issuer's
    /// <see cref="State.IStatusListStore"/>). It becomes the mdoc MSO <c>status</c> and the SD-JWT <c>status</c> claim,
    /// always in the clear. A batch gives each credential its own entry (the batch overloads' <c>statuses</c>).
    /// </summary>
    public StatusListReference? Status { get; init; }
}
