namespace Honnin.Verifier;

/// <summary>
/// One reason a credential was not accepted. <see cref="Problem.Code"/> is stable and machine-readable; the message
/// names structures, identifiers and types, never claim values, key material or raw bytes.
/// </summary>
/// <param name="Code">The stable failure code (see <see cref="VerificationFailureCodes"/>).</param>
/// <param name="Message">A human-readable explanation.</param>
/// <param name="DocumentIndex">The index of the document it concerns, or null for the response as a whole.</param>
public sealed record VerificationFailure(string Code, string Message, int? DocumentIndex = null) : Problem(Code, Message)
{
    /// <summary>The document's index in the response, as text, or null for the response as a whole.</summary>
    public override string? Where => DocumentIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
