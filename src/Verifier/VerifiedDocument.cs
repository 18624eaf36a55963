using System.Text.Json.Nodes;
using Honnin.Cbor;

namespace Honnin.Verifier;

/// <summary>A document that passed verification, with what the holder disclosed.</summary>
/// <param name="Format">The credential format.</param>
/// <param name="DocType">The document type: the mdoc docType or the SD-JWT VC <c>vct</c>.</param>
/// <param name="Elements">mdoc: disclosed elements, namespace → element identifier → typed value (empty for SD-JWT VC).</param>
/// <param name="Claims">SD-JWT VC: the processed payload with the disclosed claims (null for mdoc). Each read returns a new copy, so no caller can change what another sees.</param>
/// <param name="ValidFrom">Start of the credential's validity, when stated.</param>
/// <param name="ValidUntil">End of the credential's validity, when stated.</param>
/// <param name="Issuer">The authenticated issuer: the Document Signer certificate's subject; for SD-JWT VC, the <c>iss</c> bound to the <c>x5c</c> leaf certificate or signed by a configured key, or the leaf's subject when there is no <c>iss</c>.</param>
/// <param name="SubjectKeys">The person's pseudonyms in the verifier's own domains (domain → pseudonym), as disclosed: the keys to join the credential to the verifier's records. Null when none was disclosed.</param>
/// <param name="Status">Where the issuer publishes the credential's status (Token Status List: the SD-JWT VC <c>status</c> claim or the MSO <c>status</c>), for a status check; null when the credential names none. The verifier checks its shape, not the list.</param>
/// <param name="DisclosedClaims">SD-JWT VC: the claims the presentation's Disclosures revealed (what the holder chose to show, as opposed to what the issuer always shows); null for mdoc, where every element in <paramref name="Elements"/> was chosen.</param>
public sealed record VerifiedDocument(
    CredentialFormat Format,
    string DocType,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, CborValue>> Elements,
    JsonObject? Claims,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    string? Issuer,
    IReadOnlyDictionary<string, string>? SubjectKeys = null,
    StatusLists.StatusListReference? Status = null,
    IReadOnlyList<Honnin.SdJwt.ClaimPath>? DisclosedClaims = null)
{
    /// <summary>SD-JWT VC: the processed payload with the disclosed claims (null for mdoc); each read returns a new copy.</summary>
    public JsonObject? Claims
    {
        get => field?.DeepClone().AsObject();
        init => field = value?.DeepClone().AsObject();
    } = Claims?.DeepClone().AsObject();
}
