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

    /// <summary>HR created an offer (Information): offer id, configuration, batch size.</summary>
    public const int OfferCreated = 1101;

    /// <summary>HR withdrew an offer (Information): offer id.</summary>
    public const int OfferWithdrawn = 1102;

    /// <summary>The token endpoint redeemed an offer's code (Information): offer id.</summary>
    public const int TokenIssued = 1103;

    /// <summary>The credential endpoint issued an offer's credentials (Information): offer id, count.</summary>
    public const int OfferIssued = 1104;

    /// <summary>The credential endpoint deferred an offer until HR approves (Information): offer id.</summary>
    public const int IssuanceDeferred = 1105;

    /// <summary>A wallet's request was refused (Warning): endpoint and OAuth error code, never the request's content.</summary>
    public const int RequestRefused = 1106;

    /// <summary>A wallet sent a notification (Information): offer id and event.</summary>
    public const int Notified = 1107;
}
