using System.Collections.Frozen;
using Honnin.Cose;
using Honnin.DocumentTypes;

namespace Honnin.Issuer.SdJwt;

/// <summary>What to issue as an SD-JWT VC: the document type, the claims, and the holder's key for <c>cnf.jwk</c>.</summary>
/// <param name="DocType">The docType, vct or alias of a registered document type.</param>
/// <param name="Claims">The claims; elements of every namespace become top-level claims named by their identifier.</param>
/// <param name="HolderKey">The holder's public key, bound through <c>cnf.jwk</c>.</param>
public sealed record SdJwtVcIssuanceRequest(string DocType, DocumentClaims Claims, CoseKey HolderKey)
{
    /// <summary>The claims, as a read-only copy taken when the request is made: changing the caller's claims later changes nothing here.</summary>
    public DocumentClaims Claims
    {
        get;
        init => field = (value ?? throw new ArgumentNullException(nameof(Claims))).AsReadOnly();
    } = (Claims ?? throw new ArgumentNullException(nameof(Claims))).AsReadOnly();

    /// <summary>Start of validity (<c>nbf</c> when later than <c>iat</c>); the issuance time when null.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>End of validity (<c>exp</c>); start plus the issuer's validity period when null.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>Per-domain pseudonyms, domain id → value; each is its own disclosure <c>pseudonyms.&lt;domain&gt;</c>.</summary>
    public IReadOnlyDictionary<string, string> Pseudonyms
    {
        get;
        init => field = (value ?? throw new ArgumentNullException(nameof(Pseudonyms))).ToFrozenDictionary(StringComparer.Ordinal);
    } = FrozenDictionary<string, string>.Empty;
}
