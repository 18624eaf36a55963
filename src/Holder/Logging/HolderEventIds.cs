namespace Honnin.Holder.Logging;

/// <summary>
/// The event ids of what the wallet logs (category <c>Honnin.Holder.Mdoc.MdocHolder</c>,
/// <c>Honnin.Holder.SdJwt.SdJwtVcHolder</c> or <c>Honnin.Holder.Issuance.OpenId4VciClient</c>). Log lines name formats, document types, credential ids, counts and
/// codes; never a claim value, a salt, a key or a pseudonym. Who the person presented to is logged at Debug only: on a
/// phone, which verifiers a person deals with is itself personal. The table of every event is in <c>docs/logging.md</c>.
/// </summary>
public static class HolderEventIds
{
    /// <summary>A credential was stored (Information): format, document type, credential id, batch or not.</summary>
    public const int CredentialStored = 2001;

    /// <summary>A presentation was planned (Information): format, document types, element counts per decision, requester problem codes.</summary>
    public const int PresentationPlanned = 2002;

    /// <summary>A presentation was planned (Debug): the requester's certificate subject and client identifier.</summary>
    public const int PresentationRequester = 2003;

    /// <summary>A presentation was made (Information): format, document type, credential id, number of released elements.</summary>
    public const int Presented = 2004;

    /// <summary>An offer was previewed (Information): the offered types, how many of each the wallet will ask for, whether a transaction code is needed.</summary>
    public const int OfferPreviewed = 2005;

    /// <summary>Credentials offered over OpenID4VCI arrived and were stored (Information): format, type, count.</summary>
    public const int CredentialsReceived = 2006;

    /// <summary>The issuer deferred an issuance (Information): format, type, the interval it asks the wallet to wait.</summary>
    public const int IssuanceDeferred = 2007;

    /// <summary>Previewing or accepting an offer failed (Warning): the code, and the issuer's OAuth error code if any.</summary>
    public const int IssuanceFailed = 2008;

    /// <summary>The issuer could not be told of the outcome (Warning): the event, the HTTP status, the error code if any.</summary>
    public const int NotificationNotDelivered = 2009;
}
