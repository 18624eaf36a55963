namespace Honnin.Holder.Presentation;

/// <summary>Stable codes for what the wallet found wrong with a requester or its request (<see cref="RequesterIdentity.Problems"/>).</summary>
public static class RequesterProblem
{
    /// <summary>The request was not signed, so nobody is authenticated.</summary>
    public const string NotAuthenticated = "reader_not_authenticated";

    /// <summary>The request's signature does not verify with its certificate (or the certificate is unreadable): nothing is released.</summary>
    public const string SignatureInvalid = "reader_signature_invalid";

    /// <summary>The wallet has no reader or registrar roots, so a signed request cannot be authenticated.</summary>
    public const string RootNotConfigured = "reader_root_not_configured";

    /// <summary>The request has no issue and expiry time, though its channel is not bound to a live session: nothing is released.</summary>
    public const string RequestTimeMissing = "request_time_missing";

    /// <summary>The request expired, is not yet valid, or declares a lifetime longer than the wallet accepts: nothing is released.</summary>
    public const string RequestNotFresh = "request_not_fresh";

    /// <summary>
    /// The audience the request names is not the identity of the certificate that signed it (a request relayed for
    /// another verifier), the request carries no certificate to bind the response to, or the session it would bind to
    /// cannot be checked: nothing is released.
    /// </summary>
    public const string RequestNotBound = "request_not_bound";

    /// <summary>The person stopped sharing with this verifier (<see cref="ISharingConsents"/>): nothing is released.</summary>
    public const string SharingStopped = "sharing_stopped";

    /// <summary>Whether the code stops the wallet from answering at all.</summary>
    /// <param name="code">A problem code.</param>
    /// <returns>True for a failed signature, a stale or unbound request, or a verifier the person stopped sharing with.</returns>
    public static bool IsRejection(string code) =>
        code is SignatureInvalid or RequestTimeMissing or RequestNotFresh or RequestNotBound or SharingStopped;
}
