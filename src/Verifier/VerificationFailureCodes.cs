namespace Honnin.Verifier;

/// <summary>
/// Stable failure codes of verification. Decoding failures carry the decoder's own code (for example
/// <c>cbor_duplicate_key</c>, <c>cose_unknown_critical_header</c>, <c>mdoc_malformed</c>); certificate failures
/// carry the X.509 layer's code (for example <c>untrusted_issuer</c>, <c>ds_missing_eku</c>).
/// </summary>
public static class VerificationFailureCodes
{
    /// <summary>The DeviceResponse status is not 0 (OK).</summary>
    public const string ResponseStatus = "response_status_error";

    /// <summary>The response holds no document.</summary>
    public const string NoDocuments = "no_documents";

    /// <summary>Two documents of the response carry the same credential: their <c>issuerAuth</c> signs the same MobileSecurityObject.</summary>
    public const string DuplicateDocument = "duplicate_document";

    /// <summary><c>issuerAuth</c> carries no <c>x5chain</c>, or its leaf certificate cannot be read.</summary>
    public const string IssuerCertificateMissing = "issuer_certificate_missing";

    /// <summary>
    /// An <c>x5chain</c> (COSE) or <c>x5c</c> (JWS) entry is not exactly one DER-encoded certificate: PEM text, bytes after
    /// the certificate, or a non-DER length (RFC 9360 §2, RFC 7515 §4.1.6).
    /// </summary>
    public const string IssuerCertificateNotDer = "issuer_certificate_not_der";

    /// <summary>The algorithm is not among those the verifier accepts, or does not fit the key.</summary>
    public const string AlgorithmNotAllowed = "algorithm_not_allowed";

    /// <summary>SD-JWT: the issuer certificate's RSA key is shorter than 2048 bits (RFC 8230 §6.1, NIST SP 800-131A).</summary>
    public const string IssuerKeyTooSmall = "issuer_key_too_small";

    /// <summary>
    /// SD-JWT VC under <c>x5c</c> trust: <c>iss</c> is not named by the leaf certificate, which has no SubjectAltName
    /// <c>uniformResourceIdentifier</c> equal to it and no <c>dNSName</c> equal to the host of an https <c>iss</c>
    /// (draft-ietf-oauth-sd-jwt-vc, X.509 Certificates).
    /// </summary>
    public const string SdJwtIssuerNotInCertificate = "sdjwt_issuer_not_in_certificate";

    /// <summary>The <c>issuerAuth</c> signature does not verify with the Document Signer certificate.</summary>
    public const string IssuerSignatureInvalid = "issuer_signature_invalid";

    /// <summary>The MSO docType differs from the document's docType.</summary>
    public const string DocTypeMismatch = "doctype_mismatch";

    /// <summary>The MSO is not valid yet (validFrom is in the future).</summary>
    public const string MsoNotYetValid = "mso_not_yet_valid";

    /// <summary>The MSO has expired (validUntil is in the past).</summary>
    public const string MsoExpired = "mso_expired";

    /// <summary>The MSO validity is inconsistent (validFrom before signed, or validUntil not after validFrom).</summary>
    public const string MsoValidityInconsistent = "mso_validity_inconsistent";

    /// <summary>The MSO was signed outside the Document Signer certificate's validity.</summary>
    public const string MsoSignedOutsideCertificateValidity = "mso_signed_outside_certificate_validity";

    /// <summary>A disclosed item has no digest in the MSO (unknown namespace or digest ID).</summary>
    public const string DigestMissing = "digest_missing";

    /// <summary>A disclosed item's digest differs from the MSO's.</summary>
    public const string DigestMismatch = "digest_mismatch";

    /// <summary>The device signature does not verify with the MSO device key over DeviceAuthenticationBytes.</summary>
    public const string DeviceSignatureInvalid = "device_signature_invalid";

    /// <summary>
    /// <c>deviceSignature</c> carries its payload instead of a detached (null) one (ISO/IEC 18013-5 clause 9.1.3: the
    /// DeviceAuthenticationBytes are never sent, each side builds them).
    /// </summary>
    public const string DeviceSignaturePayloadNotDetached = "device_signature_payload_not_detached";

    /// <summary><c>deviceMac</c> carries its payload instead of a detached (null) one (ISO/IEC 18013-5 clause 9.1.3).</summary>
    public const string DeviceMacPayloadNotDetached = "device_mac_payload_not_detached";

    /// <summary>The device MAC does not verify with EMacKey over DeviceAuthenticationBytes.</summary>
    public const string DeviceMacInvalid = "device_mac_invalid";

    /// <summary>The response uses a device MAC, and no reader ephemeral key was given to derive EMacKey.</summary>
    public const string ReaderKeyRequired = "reader_key_required";

    /// <summary>A host's document check threw, or returned without passing and without reporting a failure.</summary>
    public const string DocumentCheckError = "document_check_error";

    /// <summary>An SD-JWT presentation carries a KB-JWT, and the call gave no session (audience and nonce) to check it against.</summary>
    public const string KeyBindingSessionMissing = "kb_jwt_session_missing";

    /// <summary>An element the verifier requires was not disclosed.</summary>
    public const string ElementMissing = "element_missing";

    /// <summary>The presentation carries a domain pseudonym of a domain other than the verifier's own.</summary>
    public const string PseudonymForeignDomain = "pseudonym_foreign_domain";

    /// <summary>A domain pseudonym is not a text value.</summary>
    public const string PseudonymMalformed = "pseudonym_malformed";
}
