namespace Honnin.Issuer.Protocol;

/// <summary>
/// The <c>error</c> values an issuer's endpoints answer with, as the specifications define them: OAuth 2.0 (RFC 6749
/// §5.2, RFC 6750 §3.1), DPoP (RFC 9449 §5, §7.1, §8) and OpenID4VCI 1.0 (§6.3, §8.3.1.2, §9.3, §11.3). These are wire
/// values, sent as they are in <c>error</c> and in <c>WWW-Authenticate</c>.
/// </summary>
/// <remarks>
/// Deferred issuance that is still pending is an HTTP 202 response in OpenID4VCI 1.0 (§9.2), not the
/// <c>issuance_pending</c> error of earlier drafts, and <c>expired_token</c> belongs to the device flow (RFC 8628), so
/// neither is here.
/// </remarks>
public static class OAuthErrorCodes
{
    /// <summary>The request is missing a parameter, repeats one or is otherwise malformed (RFC 6749 §5.2, RFC 6750 §3.1); in OpenID4VCI also a Transaction Code sent when none is expected or missing when one is (§6.3).</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>Client authentication failed (RFC 6749 §5.2); in OpenID4VCI also a pre-authorized code redeemed anonymously where anonymous access is not supported (§6.3).</summary>
    public const string InvalidClient = "invalid_client";

    /// <summary>The grant is invalid, expired, revoked or was issued to another client (RFC 6749 §5.2); in OpenID4VCI also a wrong Transaction Code or an expired pre-authorized code (§6.3).</summary>
    public const string InvalidGrant = "invalid_grant";

    /// <summary>The client is not allowed to use this grant type (RFC 6749 §5.2).</summary>
    public const string UnauthorizedClient = "unauthorized_client";

    /// <summary>The grant type is not supported (RFC 6749 §5.2).</summary>
    public const string UnsupportedGrantType = "unsupported_grant_type";

    /// <summary>The requested scope is invalid, unknown or malformed (RFC 6749 §5.2).</summary>
    public const string InvalidScope = "invalid_scope";

    /// <summary>The access token is expired, revoked, malformed or otherwise invalid (RFC 6750 §3.1).</summary>
    public const string InvalidToken = "invalid_token";

    /// <summary>The access token does not grant what the request needs (RFC 6750 §3.1).</summary>
    public const string InsufficientScope = "insufficient_scope";

    /// <summary>The DPoP proof is missing, repeated, malformed, not fresh, replayed or does not fit the request (RFC 9449 §5, §7.1).</summary>
    public const string InvalidDpopProof = "invalid_dpop_proof";

    /// <summary>The server requires a nonce in the DPoP proof, or the one given is not (or no longer) valid; a fresh one comes in the <c>DPoP-Nonce</c> header (RFC 9449 §8, §9).</summary>
    public const string UseDpopNonce = "use_dpop_nonce";

    /// <summary>The Credential Request is missing a parameter, has an unsupported or repeated one, or is otherwise malformed (OpenID4VCI §8.3.1.2).</summary>
    public const string InvalidCredentialRequest = "invalid_credential_request";

    /// <summary>The requested Credential Configuration is unknown (OpenID4VCI §8.3.1.2).</summary>
    public const string UnknownCredentialConfiguration = "unknown_credential_configuration";

    /// <summary>The requested Credential identifier is unknown (OpenID4VCI §8.3.1.2).</summary>
    public const string UnknownCredentialIdentifier = "unknown_credential_identifier";

    /// <summary>The <c>proofs</c> are missing, a key proof is invalid, or a key proof has no <c>c_nonce</c> (OpenID4VCI §8.3.1.2).</summary>
    public const string InvalidProof = "invalid_proof";

    /// <summary>A key proof carries a <c>c_nonce</c> that is not valid (expired, used, not issued here); the wallet gets a new one from the Nonce Endpoint (OpenID4VCI §8.3.1.2).</summary>
    public const string InvalidNonce = "invalid_nonce";

    /// <summary>The encryption parameters of the Credential Request are invalid, or missing where the issuer requires an encrypted response (OpenID4VCI §8.3.1.2).</summary>
    public const string InvalidEncryptionParameters = "invalid_encryption_parameters";

    /// <summary>The issuer does not accept the Credential Request; the wallet treats it as final (OpenID4VCI §8.3.1.2, also for a deferred issuance that can no longer complete, §9.3).</summary>
    public const string CredentialRequestDenied = "credential_request_denied";

    /// <summary>The <c>transaction_id</c> of a Deferred Credential Request was not issued here or was already used (OpenID4VCI §9.3).</summary>
    public const string InvalidTransactionId = "invalid_transaction_id";

    /// <summary>The <c>notification_id</c> of a Notification Request is invalid (OpenID4VCI §11.3).</summary>
    public const string InvalidNotificationId = "invalid_notification_id";

    /// <summary>The Notification Request is missing a parameter, has an unsupported or repeated one, or is otherwise malformed (OpenID4VCI §11.3).</summary>
    public const string InvalidNotificationRequest = "invalid_notification_request";
}
