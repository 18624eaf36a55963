namespace Honnin.X509;

/// <summary>The role an end-entity certificate plays, which selects its profile checks: ISO/IEC 18013-5's two, and an SD-JWT VC issuer's.</summary>
public enum MdocCertificateRole
{
    /// <summary>Document signer (Annex B.1.4): signs the MobileSecurityObject; chains to an IACA.</summary>
    DocumentSigner = 1,

    /// <summary>mdoc reader authentication (Annex B.1.7): signs ReaderAuthentication; chains to a reader root.</summary>
    ReaderAuthentication = 2,

    /// <summary>
    /// SD-JWT VC issuer (draft-ietf-oauth-sd-jwt-vc, X.509 certificates): signs an Issuer-signed JWT with the <c>x5c</c>
    /// leaf; chains to a trust anchor, possibly through intermediates. Key usage digitalSignature and not a CA; neither
    /// the mdoc Document Signer EKU nor a country is required.
    /// </summary>
    SdJwtVcIssuer = 3,
}
