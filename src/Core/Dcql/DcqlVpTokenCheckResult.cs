using System.Collections.ObjectModel;

namespace Honnin.Dcql;

/// <summary>
/// Whether a VP Token answers its DCQL query (from <see cref="DcqlVpTokenCheck.Check"/>). Fail-closed:
/// <see cref="IsValid"/> only when no problem was found. <see cref="AcceptedPresentations"/> says which presentations
/// had no problem of their own (OpenID4VP 1.0 §8.6: the others are discarded).
/// </summary>
public sealed class DcqlVpTokenCheckResult : IProblemReport
{
    internal DcqlVpTokenCheckResult(IReadOnlyList<DcqlProblem> failures, IReadOnlyDictionary<string, IReadOnlyList<int>> accepted)
    {
        Failures = new ReadOnlyCollection<DcqlProblem>([.. failures]);
        AcceptedPresentations = new ReadOnlyDictionary<string, IReadOnlyList<int>>(accepted.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }

    /// <summary>Whether the VP Token answers the query with no problem.</summary>
    public bool IsValid => Failures.Count == 0;

    /// <summary>Why it does not (empty when it does).</summary>
    public IReadOnlyList<DcqlProblem> Failures { get; }

    /// <summary>None: every problem of a VP Token against its query is a failure.</summary>
    public IReadOnlyList<Problem> Warnings => [];

    /// <summary>Per credential query id, the indexes of the presentations that had no problem of their own.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> AcceptedPresentations { get; }

    IReadOnlyList<Problem> IProblemReport.Failures => Failures;
}
