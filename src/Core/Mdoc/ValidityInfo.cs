namespace Honnin.Mdoc;

/// <summary>The MSO's <c>validityInfo</c>: when it was signed, and the window in which it is valid.</summary>
/// <param name="Signed">When the MSO was signed.</param>
/// <param name="ValidFrom">Start of validity.</param>
/// <param name="ValidUntil">End of validity.</param>
/// <param name="ExpectedUpdate">When the issuer expects to re-sign, if stated.</param>
public sealed record ValidityInfo(DateTimeOffset Signed, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, DateTimeOffset? ExpectedUpdate);
