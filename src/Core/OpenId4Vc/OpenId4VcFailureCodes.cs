namespace Honnin.OpenId4Vc;

/// <summary>Stable codes for OpenID4VCI and OpenID4VP messages that do not read.</summary>
public static class OpenId4VcFailureCodes
{
    /// <summary>A Credential Offer (OpenID4VCI 1.0 §4.1), or the link that carries it, is not well-formed.</summary>
    public const string OfferMalformed = "credential_offer_malformed";

    /// <summary>A token response (RFC 6749 §5.1) is not well-formed.</summary>
    public const string TokenResponseMalformed = "token_response_malformed";

    /// <summary>A Credential Request (OpenID4VCI 1.0 §8.2) is not well-formed.</summary>
    public const string CredentialRequestMalformed = "credential_request_malformed";

    /// <summary>A Credential Request asks for response encryption, which this implementation does not do.</summary>
    public const string EncryptionUnsupported = "credential_encryption_unsupported";

    /// <summary>A Credential Response (OpenID4VCI 1.0 §8.3) is not well-formed.</summary>
    public const string CredentialResponseMalformed = "credential_response_malformed";

    /// <summary>Credential Issuer or authorization server metadata is not well-formed, or does not match its location.</summary>
    public const string MetadataMalformed = "issuer_metadata_malformed";

    /// <summary>An OpenID4VP request (OpenID4VP 1.0 §5: the <c>openid4vp://</c> link or the request object) is not well-formed, or asks for what this implementation does not do.</summary>
    public const string RequestMalformed = "vp_request_malformed";

    /// <summary>An OpenID4VP response (§8: its form, its <c>vp_token</c>, or the payload of its JWE) is not well-formed.</summary>
    public const string ResponseMalformed = "vp_response_malformed";
}
