using System.Collections.ObjectModel;

namespace Honnin.Verifier;

/// <summary>
/// The immutable, fail-closed outcome of verifying a presentation. <see cref="IsValid"/> is true only when no
/// check failed and every mandatory check ran. Disclosed elements are exposed only for a valid result.
/// </summary>
public sealed class VerificationResult
{
    internal VerificationResult(IReadOnlyList<CheckOutcome> checks, IReadOnlyList<VerificationFailure> failures, IReadOnlyList<VerifiedDocument> documents, IReadOnlyCollection<string> mandatoryChecks)
    {
        Checks = new ReadOnlyCollection<CheckOutcome>([.. checks]);
        Failures = new ReadOnlyCollection<VerificationFailure>([.. failures]);
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

    /// <summary>The verified documents with their disclosed elements (empty unless <see cref="IsValid"/>).</summary>
    public IReadOnlyList<VerifiedDocument> Documents { get; }

    /// <summary>Whether any failure has the given code.</summary>
    /// <param name="code">A failure code.</param>
    /// <returns>True when a failure with that code is present.</returns>
    public bool HasFailure(string code) => Failures.Any(f => f.Code == code);
}
