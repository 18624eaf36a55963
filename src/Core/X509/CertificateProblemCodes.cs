namespace Honnin.X509;

/// <summary>
/// Stable failure codes of the X.509 layer, carried by <see cref="Problem.Code"/> and, for
/// malformed configuration input, by <see cref="CredentialFormatException.Code"/>.
/// </summary>
public static class CertificateProblemCodes
{
    /// <summary>The bytes are not one DER-encoded X.509 certificate, an extension cannot be decoded, an
    /// extension occurs twice, or the x5chain is empty or too long.</summary>
    public const string CertificateMalformed = "certificate_malformed";

    /// <summary>The chain does not end at one of the configured trust anchors.</summary>
    public const string UntrustedIssuer = "untrusted_issuer";

    /// <summary>A certificate of the chain expired before the verification time (allowing the clock skew).</summary>
    public const string CertificateExpired = "certificate_expired";

    /// <summary>A certificate of the chain becomes valid only after the verification time (allowing the clock skew).</summary>
    public const string CertificateNotYetValid = "certificate_not_yet_valid";

    /// <summary>The chain is invalid for another reason: a bad signature, a broken CA constraint, an
    /// unsupported critical extension, or an x5chain that exceeds the configured length.</summary>
    public const string ChainInvalid = "chain_invalid";

    /// <summary>An IACA lacks BasicConstraints with <c>cA = TRUE</c>.</summary>
    public const string IacaNotCa = "iaca_not_ca";

    /// <summary>An IACA's KeyUsage is absent or lacks keyCertSign or cRLSign.</summary>
    public const string IacaKeyUsage = "iaca_key_usage";

    /// <summary>An IACA's subject has no single countryName (C) attribute.</summary>
    public const string IacaMissingCountry = "iaca_missing_country";

    /// <summary>A document signer certificate lacks the mdoc DS extended key usage 1.0.18013.5.1.2.</summary>
    public const string DsMissingEku = "ds_missing_eku";

    /// <summary>A document signer certificate's KeyUsage is absent or lacks digitalSignature.</summary>
    public const string DsKeyUsage = "ds_key_usage";

    /// <summary>A document signer certificate is a CA (BasicConstraints <c>cA = TRUE</c> or KeyUsage keyCertSign).</summary>
    public const string DsIsCa = "ds_is_ca";

    /// <summary>A document signer certificate's subject has no single countryName (C) attribute.</summary>
    public const string DsMissingCountry = "ds_missing_country";

    /// <summary>The document signer's subject country (C) differs from its IACA's subject country.</summary>
    public const string DsCountryMismatch = "ds_country_mismatch";

    /// <summary>The document signer's and the IACA's subject stateOrProvinceName (ST) are both present and differ.</summary>
    public const string DsStateMismatch = "ds_state_mismatch";

    /// <summary>A reader authentication certificate lacks the extended key usage 1.0.18013.5.1.6.</summary>
    public const string ReaderMissingEku = "reader_missing_eku";

    /// <summary>A reader authentication certificate's KeyUsage is absent or lacks digitalSignature.</summary>
    public const string ReaderKeyUsage = "reader_key_usage";

    /// <summary>A reader authentication certificate is a CA (BasicConstraints <c>cA = TRUE</c> or KeyUsage keyCertSign).</summary>
    public const string ReaderIsCa = "reader_is_ca";

    /// <summary>An SD-JWT VC issuer certificate's KeyUsage is absent or lacks digitalSignature.</summary>
    public const string SdJwtIssuerKeyUsage = "sdjwt_issuer_key_usage";

    /// <summary>An SD-JWT VC issuer certificate is a CA (BasicConstraints <c>cA = TRUE</c> or KeyUsage keyCertSign).</summary>
    public const string SdJwtIssuerIsCa = "sdjwt_issuer_is_ca";

    /// <summary>
    /// An mdoc Document Signer is not issued directly by the IACA trust anchor: the chain runs through an intermediate CA,
    /// which ISO/IEC 18013-5 Annex B does not provide for, whatever path length the anchor allows.
    /// </summary>
    public const string DsNotIssuedByIaca = "ds_not_issued_by_iaca";
}
