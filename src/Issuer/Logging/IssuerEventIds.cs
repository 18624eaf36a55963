namespace Honnin.Issuer.Logging;

/// <summary>
/// The event ids of what the issuers log (category <c>Honnin.Issuer.Mdoc.MdocIssuer</c> or
/// <c>Honnin.Issuer.SdJwt.SdJwtVcIssuer</c>): formats and document types; never a claim value, a salt, a key or a
/// pseudonym. The table of every event is in <c>docs/logging.md</c>.
/// </summary>
public static class IssuerEventIds
{
    /// <summary>A credential was issued (Information): format and document type.</summary>
    public const int Issued = 1001;
}
