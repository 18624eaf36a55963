namespace Honnin.SdJwt;

/// <summary>One reason an SD-JWT failed processing. The message names claims and structures, never claim values or salts.</summary>
/// <param name="Code">A stable code from <see cref="SdJwtFailureCodes"/>.</param>
/// <param name="Message">A human-readable explanation.</param>
public sealed record SdJwtProblem(string Code, string Message);
