namespace Honnin.Verifier;

/// <summary>
/// Something the verifier accepted but a careful caller may want to know: a departure from the profile that does not
/// change what was verified (for example non-shortest CBOR encodings inside signed data, whose digests and signatures are
/// checked over the received bytes). A warning never makes a result valid or invalid. <see cref="Problem.Code"/> is stable and
/// machine-readable; the message names structures and rules, never claim values, key material or raw bytes.
/// </summary>
/// <param name="Code">The stable warning code (see <see cref="VerificationWarningCodes"/>).</param>
/// <param name="Message">A human-readable explanation.</param>
/// <param name="DocumentIndex">The index of the document it concerns, or null for the presentation as a whole.</param>
public sealed record VerificationWarning(string Code, string Message, int? DocumentIndex = null) : Problem(Code, Message)
{
    /// <summary>The document's index in the presentation, as text, or null for the presentation as a whole.</summary>
    public override string? Where => DocumentIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
