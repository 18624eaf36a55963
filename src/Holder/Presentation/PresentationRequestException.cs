namespace Honnin.Holder.Presentation;

/// <summary>Why the wallet could not read, or could not deliver the answer to, a verifier's OpenID4VP request.</summary>
public sealed class PresentationRequestException : Exception
{
    /// <summary>The link, the request object or its DCQL query does not read, or asks for what this wallet does not do.</summary>
    public const string RequestInvalid = "vp_request_invalid";

    /// <summary>The request object cannot be fetched (not https, no answer, a redirect, too long, not 200).</summary>
    public const string RequestUnreachable = "vp_request_unreachable";

    /// <summary>The request object names another <c>client_id</c> than the link that led to it.</summary>
    public const string ClientIdMismatch = "vp_client_id_mismatch";

    /// <summary>The request object does not echo the <c>wallet_nonce</c> the wallet sent when it fetched it.</summary>
    public const string WalletNonceMismatch = "vp_wallet_nonce_mismatch";

    /// <summary>The response cannot be delivered to the <c>response_uri</c> (no answer, a redirect, too long).</summary>
    public const string VerifierUnreachable = "vp_verifier_unreachable";

    /// <summary>The verifier refused the response; <see cref="VerifierError"/> says why.</summary>
    public const string ResponseRefused = "vp_response_refused";

    /// <summary>The plan given to answer is not one this request's session made.</summary>
    public const string PlanMismatch = "vp_plan_mismatch";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">The stable code.</param>
    /// <param name="message">What went wrong, for people (never a value or key).</param>
    /// <param name="verifierError">The verifier's error, when it sent one.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PresentationRequestException(string code, string message, OpenId4Vc.OAuthError? verifierError = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
        VerifierError = verifierError;
    }

    /// <summary>The stable code.</summary>
    public string Code { get; }

    /// <summary>The verifier's error, when it sent one.</summary>
    public OpenId4Vc.OAuthError? VerifierError { get; }
}
