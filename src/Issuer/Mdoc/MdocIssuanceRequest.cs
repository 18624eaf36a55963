using Honnin.Crypto;
using Honnin.DocumentTypes;

namespace Honnin.Issuer.Mdoc;

/// <summary>What to issue as an mdoc: the document type, the claims, and the holder's device key.</summary>
/// <param name="DocType">The docType, vct or alias of a registered document type.</param>
/// <param name="Claims">The claims.</param>
/// <param name="DeviceKey">The holder's device public key, which the MSO binds the credential to.</param>
public sealed record MdocIssuanceRequest(string DocType, DocumentClaims Claims, CoseKey DeviceKey) : IssuanceRequest(DocType, Claims);
