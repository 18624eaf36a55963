namespace Honnin.OpenId4Vc;

/// <summary>Stable codes for OpenID4VCI and OpenID4VP messages that do not read.</summary>
public static class OpenId4VcFailureCodes
{
    /// <summary>A Credential Offer (OpenID4VCI 1.0 §4.1), or the link that carries it, is not well-formed.</summary>
    public const string OfferMalformed = "credential_offer_malformed";
}
