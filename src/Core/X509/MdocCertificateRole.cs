namespace Honnin.X509;

/// <summary>The role an end-entity certificate plays, which selects its profile checks: ISO/IEC 18013-5's two, and an SD-JWT VC issuer's.</summary>
public enum MdocCertificateRole
{
    /// <summary>Document signer (Annex B.1.4): signs the MobileSecurityObject; chains to an IACA.</summary>
    DocumentSigner = 1,

    /// <summary>mdoc reader authentication (Annex B.1.7): signs ReaderAuthentication; chains to a reader root.</summary>
    ReaderAuthentication = 2,

    /// <summary>
    /// Not an ISO/IEC 18013-5 role: an SD-JWT VC issuer certificate (the <c>x5c</c> leaf of an Issuer-signed JWT), held to
    /// <see cref="SdJwtVcCertificateProfile"/> rather than to the Document Signer profile; it may chain through intermediates.
    /// </summary>
    SdJwtVcIssuer = 3,
}
