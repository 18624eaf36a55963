namespace Honnin.Verifier.Protocol;

/// <summary>Stable codes the OpenID4VP verifier service gives a response it does not accept, and a transaction's result.</summary>
public static class OpenId4VpFailureCodes
{
    /// <summary>The request or response URI names no transaction this service keeps.</summary>
    public const string TransactionUnknown = "vp_transaction_unknown";

    /// <summary>The transaction expired before the wallet answered.</summary>
    public const string TransactionExpired = "vp_transaction_expired";

    /// <summary>The transaction was already answered: a response is accepted once, so a replayed one is refused.</summary>
    public const string TransactionAnswered = "vp_transaction_answered";

    /// <summary>The response's <c>state</c> is not the transaction's: it answers another request.</summary>
    public const string StateMismatch = "vp_state_mismatch";

    /// <summary>The transaction asked for an encrypted response (<c>direct_post.jwt</c>) and got a plain one, or the other way round.</summary>
    public const string EncryptionRequired = "vp_encryption_required";

    /// <summary>The response body is not a well-formed form, or is larger than the service reads.</summary>
    public const string BodyMalformed = "vp_body_malformed";

    /// <summary>A presentation does not decode as its credential query's format says (an mdoc DeviceResponse with other than one document, text that is not base64url).</summary>
    public const string PresentationMalformed = "vp_presentation_malformed";

    /// <summary>The wallet answered with an error (for example <c>access_denied</c>, the person declined).</summary>
    public const string WalletError = "vp_wallet_error";

    /// <summary>A DC API answer was passed on from an origin that is not one of the verifier's pages.</summary>
    public const string OriginMismatch = "vp_origin_mismatch";

    /// <summary>The service has no verifier for the format a presentation is in.</summary>
    public const string FormatNotVerified = "vp_format_not_verified";
}
