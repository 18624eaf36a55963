using System.Collections.Frozen;
using Honnin.Cose;
using Honnin.DocumentTypes;

namespace Honnin.Issuer.Mdoc;

/// <summary>What to issue: the document type, the claims, and the holder's device key.</summary>
/// <param name="DocType">The docType, vct or alias of a registered document type.</param>
/// <param name="Claims">The claims.</param>
/// <param name="DeviceKey">The holder's device public key, which the MSO binds the credential to.</param>
public sealed record MdocIssuanceRequest(string DocType, DocumentClaims Claims, CoseKey DeviceKey)
{
    /// <summary>The claims, as a read-only copy taken when the request is made: changing the caller's claims later changes nothing here.</summary>
    public DocumentClaims Claims
    {
        get;
        init => field = (value ?? throw new ArgumentNullException(nameof(Claims))).AsReadOnly();
    } = (Claims ?? throw new ArgumentNullException(nameof(Claims))).AsReadOnly();

    /// <summary>Start of validity; the issuance time (rounded down) when null.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>End of validity; start plus the issuer's validity period when null.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>
    /// Per-domain pseudonyms of the person, domain id → value (from a pseudonym authority or the issuer's own keys).
    /// Each becomes its own selectively disclosable element <c>jp.honnin.pseudonym.1/dp_&lt;domain&gt;</c>; a batch carries
    /// the same values in every credential.
    /// </summary>
    public IReadOnlyDictionary<string, string> Pseudonyms
    {
        get;
        init => field = (value ?? throw new ArgumentNullException(nameof(Pseudonyms))).ToFrozenDictionary(StringComparer.Ordinal);
    } = FrozenDictionary<string, string>.Empty;
}
