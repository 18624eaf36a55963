namespace Honnin.Dcql;

/// <summary>How the wallet's credentials answer one credential query.</summary>
public sealed class DcqlCredentialMatch
{
    internal DcqlCredentialMatch(DcqlCredentialQuery query, IReadOnlyList<DcqlCandidateMatch> candidates)
    {
        Query = query;
        Candidates = candidates;
    }

    /// <summary>The credential query.</summary>
    public DcqlCredentialQuery Query { get; }

    /// <summary>
    /// The credentials that answer it, in the order given: of the query's format, with the type <c>meta</c> asks for,
    /// holder-bound when required, and satisfying a claim set. One is presented unless <see cref="DcqlCredentialQuery.Multiple"/>.
    /// </summary>
    public IReadOnlyList<DcqlCandidateMatch> Candidates { get; }

    /// <summary>Whether at least one credential answers it.</summary>
    public bool IsMatched => Candidates.Count > 0;
}
