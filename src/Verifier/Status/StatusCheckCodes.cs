namespace Honnin.Verifier.Status;

/// <summary>Stable codes of a credential's Token Status List check.</summary>
public static class StatusCheckCodes
{
    /// <summary>The issuer revoked the credential (status 1, invalid).</summary>
    public const string Revoked = "status_revoked";

    /// <summary>The issuer suspended the credential (status 2).</summary>
    public const string Suspended = "status_suspended";

    /// <summary>The list gives a status value this verifier does not know (3 and above are application-specific): not accepted.</summary>
    public const string UnknownValue = "status_unknown_value";

    /// <summary>
    /// The status could not be had: the list did not load (unreachable, too large, a redirect, not https), is not a
    /// Status List Token, is not signed by a trusted key, names another list, is expired, or does not reach the index.
    /// Under the <c>auto</c> and <c>require</c> policies the credential is refused (fail closed).
    /// </summary>
    public const string Unavailable = "status_unavailable";

    /// <summary>The credential's status was not checked: the synchronous <c>Verify</c> does not fetch lists (a warning under <c>auto</c>, a failure under <c>require</c>); <c>VerifyAsync</c> checks it.</summary>
    public const string NotChecked = "status_not_checked";

    /// <summary>The credential references no status list, and the policy requires one.</summary>
    public const string Missing = "status_missing";
}
