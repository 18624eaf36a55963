using Honnin.Cose;
using Honnin.DocumentTypes;

namespace Honnin.Issuer.Mdoc;

/// <summary>What to issue: the document type, the claims, and the holder's device key.</summary>
/// <param name="DocType">The docType, vct or alias of a registered document type.</param>
/// <param name="Claims">The claims.</param>
/// <param name="DeviceKey">The holder's device public key, which the MSO binds the credential to.</param>
public sealed record MdocIssuanceRequest(string DocType, DocumentClaims Claims, CoseKey DeviceKey)
{
    /// <summary>Start of validity; the issuance time (rounded down) when null.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>End of validity; start plus the issuer's validity period when null.</summary>
    public DateTimeOffset? ValidUntil { get; init; }
}
