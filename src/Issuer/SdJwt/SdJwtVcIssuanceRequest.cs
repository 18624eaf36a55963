using Honnin.Crypto;
using Honnin.DocumentTypes;

namespace Honnin.Issuer.SdJwt;

/// <summary>What to issue as an SD-JWT VC: the document type, the claims, and the holder's key for <c>cnf.jwk</c>.</summary>
/// <param name="DocType">The docType, vct or alias of a registered document type.</param>
/// <param name="Claims">The claims; elements of every namespace become top-level claims named by their identifier.</param>
/// <param name="HolderKey">The holder's public key, bound through <c>cnf.jwk</c>.</param>
public sealed record SdJwtVcIssuanceRequest(string DocType, DocumentClaims Claims, CoseKey HolderKey) : IssuanceRequest(DocType, Claims);
