namespace Honnin;

/// <summary>
/// What every result of a check in Honnin offers, whatever it checked: whether it passed, the failures that made it
/// fail, and the warnings that did not. A result's own, more specific lists (e.g.
/// <c>VerificationResult.Failures</c> with document indexes) are the same problems.
/// </summary>
public interface IProblemReport
{
    /// <summary>Whether the check passed; never true while <see cref="Failures"/> holds anything.</summary>
    bool IsValid { get; }

    /// <summary>Why the check failed; empty when it passed.</summary>
    IReadOnlyList<Problem> Failures { get; }

    /// <summary>What a careful caller may want to know although it did not decide the result.</summary>
    IReadOnlyList<Problem> Warnings { get; }
}
