using Honnin.OpenId4Vc;

namespace Honnin.Holder.Issuance;

/// <summary>
/// Receiving an offered credential failed: the offer does not read or cannot be fetched, the issuer's metadata is not
/// usable, the issuer refused the transaction code, the token or the credential request, or what it sent is not what was
/// asked for. <see cref="Code"/> is stable; <see cref="IssuerError"/> carries the issuer's OAuth error when it gave one.
/// Messages name endpoints, configuration ids, counts and codes, never a code, token, key or claim value.
/// </summary>
public sealed class OfferAcceptanceException : Exception
{
    /// <summary>The text is not a Credential Offer link (or QR payload), or the offer in it or behind it does not read.</summary>
    public const string OfferInvalid = "offer_invalid";

    /// <summary>The offer, the issuer's metadata or its authorization server's cannot be fetched: network, status, size, timeout or a redirect.</summary>
    public const string OfferUnreachable = "offer_unreachable";

    /// <summary>The issuer's or its authorization server's metadata does not read, names another issuer, or lacks an offered configuration.</summary>
    public const string IssuerMetadataInvalid = "issuer_metadata_invalid";

    /// <summary>The offer asks for something this wallet does not do: no pre-authorized code, a format it does not read, no key proof algorithm it has.</summary>
    public const string OfferUnsupported = "offer_unsupported";

    /// <summary>The offer needs a transaction code and none was given.</summary>
    public const string TransactionCodeRequired = "transaction_code_required";

    /// <summary>The transaction code does not fit what the offer describes, or the issuer refused the code (<c>invalid_grant</c>); <see cref="IssuerError"/> says what the issuer said, e.g. how many attempts are left.</summary>
    public const string TransactionCodeWrong = "transaction_code_wrong";

    /// <summary>The token endpoint refused the pre-authorized code (expired, used, unknown) or the request.</summary>
    public const string TokenRefused = "token_refused";

    /// <summary>The issuer cannot be reached while receiving: network, status, size, timeout or a redirect.</summary>
    public const string IssuerUnreachable = "issuer_unreachable";

    /// <summary>An answer of the issuer (token, nonce, credential, deferred) is not the message it should be.</summary>
    public const string IssuerResponseInvalid = "issuer_response_invalid";

    /// <summary>The credential or deferred endpoint refused the request (its OAuth error is in <see cref="IssuerError"/>).</summary>
    public const string CredentialRefused = "credential_refused";

    /// <summary>A credential received does not read, is not of the offered type, or is not bound to a key this wallet proved (each key once); nothing was stored.</summary>
    public const string CredentialMismatch = "credential_mismatch";

    /// <summary>A credential received is not signed by an issuer that chains to the configured trust anchors; nothing was stored.</summary>
    public const string IssuerUntrusted = "issuer_untrusted";

    /// <summary>The credentials were checked but the wallet could not keep them (the store failed); nothing was stored.</summary>
    public const string CredentialNotStored = "credential_not_stored";

    /// <summary>A text given to <c>PendingIssuance.Import</c> is not a pending issuance this wallet exported.</summary>
    public const string PendingIssuanceInvalid = "pending_issuance_invalid";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes of this class.</param>
    /// <param name="message">What happened, without secrets.</param>
    /// <param name="issuerError">The issuer's OAuth error, when it gave one.</param>
    /// <param name="innerException">The cause, if any.</param>
    public OfferAcceptanceException(string code, string message, OAuthError? issuerError = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
        IssuerError = issuerError;
    }

    /// <summary>The stable code.</summary>
    public string Code { get; }

    /// <summary>The issuer's OAuth error (code and description, which the issuer wrote for people), when it gave one.</summary>
    public OAuthError? IssuerError { get; }
}
