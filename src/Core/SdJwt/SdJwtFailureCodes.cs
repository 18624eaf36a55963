namespace Honnin.SdJwt;

/// <summary>
/// Stable failure codes of SD-JWT (RFC 9901), SD-JWT VC and Token Status List handling. Parsing failures are carried by
/// <see cref="CredentialFormatException.Code"/>; processing and verification failures by <see cref="Problem.Code"/>
/// and by the verifier's failures. JOSE-level failures keep their own codes (<see cref="Jose.JoseFailureCodes"/>).
/// </summary>
public static class SdJwtFailureCodes
{
    /// <summary>The SD-JWT is not <c>&lt;JWT&gt;~&lt;Disclosure&gt;~…~[KB-JWT]</c>, or its JSON serialization is malformed.</summary>
    public const string Malformed = "sdjwt_malformed";

    /// <summary>The compact SD-JWT has no <c>~</c> after the Issuer-signed JWT (RFC 9901 §4: the trailing <c>~</c> must not be omitted).</summary>
    public const string MissingSeparator = "sdjwt_missing_separator";

    /// <summary>The SD-JWT is longer, or has more Disclosures, than the configured limit.</summary>
    public const string TooLarge = "sdjwt_too_large";

    /// <summary>A Disclosure is not base64url of a JSON array <c>[salt, name, value]</c> or <c>[salt, value]</c> with string salt and name.</summary>
    public const string DisclosureMalformed = "sdjwt_disclosure_malformed";

    /// <summary>The same Disclosure was sent more than once (RFC 9901 §7.1 and §7.2).</summary>
    public const string DisclosureDuplicated = "sdjwt_disclosure_duplicated";

    /// <summary>A digest occurs more than once in the payload and the Disclosures (RFC 9901 §7.1 step 4).</summary>
    public const string DigestDuplicated = "sdjwt_digest_duplicated";

    /// <summary>A Disclosure is not referenced by any digest in the payload or in another sent Disclosure (RFC 9901 §7.1 step 5).</summary>
    public const string DisclosureUnreferenced = "sdjwt_disclosure_unreferenced";

    /// <summary>A Disclosure's claim name is <c>_sd</c> or <c>...</c> (RFC 9901 §7.1 step 3.2.2.2).</summary>
    public const string ReservedClaimName = "sdjwt_reserved_claim_name";

    /// <summary>A Disclosure's claim name already exists at its level (RFC 9901 §7.1 step 3.2.2.3).</summary>
    public const string ClaimNameCollision = "sdjwt_claim_name_collision";

    /// <summary>A two-element Disclosure is referenced from <c>_sd</c>, or a three-element one from an array element (RFC 9901 §7.1).</summary>
    public const string DisclosureWrongShape = "sdjwt_disclosure_wrong_shape";

    /// <summary><c>_sd</c> is not an array of strings, an array element <c>{"...": digest}</c> has other members, or <c>...</c>/<c>_sd_alg</c> appears where it must not.</summary>
    public const string InvalidDigestContainer = "sdjwt_invalid_digest_container";

    /// <summary>The processed payload nests deeper than the configured limit.</summary>
    public const string TooDeep = "sdjwt_too_deep";

    /// <summary><c>_sd_alg</c> is not a string, or names a hash algorithm that is unknown or not accepted (names are case-sensitive).</summary>
    public const string HashAlgorithmNotAccepted = "sdjwt_hash_algorithm_not_accepted";

    /// <summary>The Issuer-signed JWT <c>typ</c> is not the one expected (<c>dc+sd-jwt</c> for SD-JWT VC).</summary>
    public const string TypeInvalid = "sdjwt_typ_invalid";

    /// <summary>No configured issuer key matches the Issuer-signed JWT.</summary>
    public const string IssuerKeyUnknown = "sdjwt_issuer_key_unknown";

    /// <summary><c>iss</c> is missing, not a string, or not the expected issuer.</summary>
    public const string IssuerInvalid = "sdjwt_iss_invalid";

    /// <summary>SD-JWT VC: <c>vct</c> is missing or not a string.</summary>
    public const string VctMissing = "sdjwt_vc_vct_missing";

    /// <summary>SD-JWT VC: <c>vct</c> is not one the verifier accepts.</summary>
    public const string VctNotAccepted = "sdjwt_vc_vct_not_accepted";

    /// <summary>SD-JWT VC: a claim that must not be selectively disclosable (<c>iss</c>, <c>nbf</c>, <c>exp</c>, <c>cnf</c>, <c>vct</c>, <c>vct#integrity</c>, <c>aka_vcts</c>, <c>status</c>) came from a Disclosure.</summary>
    public const string ClaimMustNotBeDisclosable = "sdjwt_vc_claim_disclosable";

    /// <summary><c>iat</c>, <c>nbf</c> or <c>exp</c> is not a NumericDate.</summary>
    public const string ValidityClaimMalformed = "sdjwt_validity_claim_malformed";

    /// <summary>The credential has expired (<c>exp</c>).</summary>
    public const string Expired = "sdjwt_expired";

    /// <summary>The credential is not valid yet (<c>nbf</c>).</summary>
    public const string NotYetValid = "sdjwt_not_yet_valid";

    /// <summary>The credential was issued in the future (<c>iat</c>).</summary>
    public const string IssuedInFuture = "sdjwt_issued_in_future";

    /// <summary>The verifier requires <c>exp</c>, and the credential has none.</summary>
    public const string ExpirationMissing = "sdjwt_exp_missing";

    /// <summary>Key binding is required, and <c>cnf.jwk</c> is missing or is not a supported public JWK.</summary>
    public const string ConfirmationKeyInvalid = "sdjwt_cnf_invalid";

    /// <summary>The <c>status</c> claim is not an object, or its <c>status_list</c> is not <c>{idx: non-negative integer, uri: string}</c>.</summary>
    public const string StatusMalformed = "sdjwt_status_malformed";

    /// <summary>The KB-JWT is not a compact JWS with the claims <c>iat</c>, <c>aud</c> (one string), <c>nonce</c> and <c>sd_hash</c> (strings).</summary>
    public const string KeyBindingMalformed = "kb_jwt_malformed";

    /// <summary>The verifier's policy requires key binding, and no KB-JWT was sent.</summary>
    public const string KeyBindingMissing = "kb_jwt_missing";

    /// <summary>The verifier's policy forbids key binding, and a KB-JWT was sent.</summary>
    public const string KeyBindingUnexpected = "kb_jwt_unexpected";

    /// <summary>The KB-JWT <c>typ</c> is not <c>kb+jwt</c>.</summary>
    public const string KeyBindingTypeInvalid = "kb_jwt_typ_invalid";

    /// <summary>The KB-JWT signature does not verify with <c>cnf.jwk</c>.</summary>
    public const string KeyBindingSignatureInvalid = "kb_jwt_signature_invalid";

    /// <summary>The KB-JWT <c>sd_hash</c> is not the hash of this presentation (a KB-JWT made for another presentation).</summary>
    public const string SdHashMismatch = "kb_jwt_sd_hash_mismatch";

    /// <summary>The KB-JWT <c>aud</c> is not the expected audience.</summary>
    public const string AudienceMismatch = "kb_jwt_aud_mismatch";

    /// <summary>The KB-JWT <c>nonce</c> is not the expected nonce.</summary>
    public const string NonceMismatch = "kb_jwt_nonce_mismatch";

    /// <summary>The KB-JWT <c>iat</c> is outside the accepted window.</summary>
    public const string KeyBindingIatOutsideWindow = "kb_jwt_iat_outside_window";

    /// <summary>The KB-JWT has expired: the verification time is at or after its <c>exp</c> (RFC 7519 §4.1.4), allowing the clock skew.</summary>
    public const string KeyBindingExpired = "kb_jwt_expired";

    /// <summary>The KB-JWT is not valid yet: the verification time is before its <c>nbf</c> (RFC 7519 §4.1.5), allowing the clock skew.</summary>
    public const string KeyBindingNotYetValid = "kb_jwt_not_yet_valid";

    /// <summary>The KB-JWT <c>exp</c> or <c>nbf</c> is present and not a NumericDate (a non-negative JSON number).</summary>
    public const string KeyBindingValidityClaimMalformed = "kb_jwt_validity_claim_malformed";
}
