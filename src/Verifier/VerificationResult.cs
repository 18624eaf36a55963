using System.Collections.ObjectModel;

namespace Honnin.Verifier;

/// <summary>
/// The immutable, fail-closed outcome of verifying a presentation. <see cref="IsValid"/> is true only when no
/// check failed and every mandatory check ran. Disclosed elements are exposed only for a valid result.
/// <see cref="Warnings"/> report what was accepted but departs from the profile; they never change <see cref="IsValid"/>.
/// </summary>
public sealed class VerificationResult : IProblemReport
{
    internal VerificationResult(IReadOnlyList<CheckOutcome> checks, IReadOnlyList<VerificationFailure> failures, IReadOnlyList<VerifiedDocument> documents, IReadOnlyCollection<string> mandatoryChecks, IReadOnlyList<VerificationWarning>? warnings = null)
    {
        Checks = new ReadOnlyCollection<CheckOutcome>([.. checks]);
        Failures = new ReadOnlyCollection<VerificationFailure>([.. failures]);
        Warnings = warnings is { Count: > 0 } ? new ReadOnlyCollection<VerificationWarning>([.. warnings]) : ReadOnlyCollection<VerificationWarning>.Empty;
        var allMandatoryPassed = Checks.Count > 0
            && mandatoryChecks.All(name => Checks.Any(c => c.Name == name))
            && Checks.All(c => !mandatoryChecks.Contains(c.Name) || c.Status == CheckStatus.Passed);
        IsValid = Failures.Count == 0 && allMandatoryPassed && documents.Count > 0;
        Documents = IsValid ? new ReadOnlyCollection<VerifiedDocument>([.. documents]) : ReadOnlyCollection<VerifiedDocument>.Empty;
    }

    /// <summary>Whether the presentation is accepted.</summary>
    public bool IsValid { get; }

    /// <summary>Every check with its outcome, in the order they ran.</summary>
    public IReadOnlyList<CheckOutcome> Checks { get; }

    /// <summary>Why the presentation was not accepted (empty when it was).</summary>
    public IReadOnlyList<VerificationFailure> Failures { get; }

    /// <summary>
    /// What the verifier accepted but reports (empty when nothing), for a valid and an invalid result alike: for example
    /// non-shortest CBOR encodings (<see cref="VerificationWarningCodes.NonShortestEncoding"/>). Codes are stable; messages
    /// never contain claim values, key material or raw bytes.
    /// </summary>
    public IReadOnlyList<VerificationWarning> Warnings { get; }

    /// <summary>The verified documents with their disclosed elements (empty unless <see cref="IsValid"/>).</summary>
    public IReadOnlyList<VerifiedDocument> Documents { get; }

    IReadOnlyList<Problem> IProblemReport.Failures => Failures;

    IReadOnlyList<Problem> IProblemReport.Warnings => Warnings;

    /// <summary>Whether any failure has the given code.</summary>
    /// <param name="code">A failure code.</param>
    /// <returns>True when a failure with that code is present.</returns>
    public bool HasFailure(string code) => Failures.Any(f => f.Code == code);

    /// <summary>Whether any warning has the given code.</summary>
    /// <param name="code">A warning code.</param>
    /// <returns>True when a warning with that code is present.</returns>
    public bool HasWarning(string code) => Warnings.Any(w => w.Code == code);
}
