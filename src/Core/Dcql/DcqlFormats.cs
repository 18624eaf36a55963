namespace Honnin.Dcql;

/// <summary>
/// The Credential Format Identifiers a DCQL credential query names in <c>format</c> (OpenID4VP 1.0 Appendix B) that
/// Honnin matches. A query may name any other format; it is kept as written and matches no Honnin credential.
/// </summary>
public static class DcqlFormats
{
    /// <summary>ISO/IEC 18013-5 mdoc (OpenID4VP 1.0 Appendix B.2); <c>meta.doctype_value</c> names the doctype.</summary>
    public const string Mdoc = "mso_mdoc";

    /// <summary>IETF SD-JWT VC (OpenID4VP 1.0 Appendix B.3); <c>meta.vct_values</c> names the accepted types.</summary>
    public const string SdJwtVc = "dc+sd-jwt";
}
