namespace Honnin.Dcql;

/// <summary>
/// How a wallet's credentials answer a DCQL query (OpenID4VP 1.0 §6.4), from <see cref="DcqlQuery.Match"/>: per
/// credential query the credentials that match and the claims each would disclose, per credential set the options that
/// can be satisfied, and whether the query can be answered at all. The wallet must not answer when
/// <see cref="IsSatisfiable"/> is false (§6.4.2); which of several matching options and credentials to present is
/// the person's choice.
/// </summary>
public sealed class DcqlMatch
{
    private DcqlMatch(IReadOnlyList<DcqlCredentialMatch> credentials, IReadOnlyList<DcqlCredentialSetMatch>? credentialSets, bool isSatisfiable)
    {
        Credentials = credentials;
        CredentialSets = credentialSets;
        IsSatisfiable = isSatisfiable;
    }

    /// <summary>One entry per credential query, in the query's order.</summary>
    public IReadOnlyList<DcqlCredentialMatch> Credentials { get; }

    /// <summary>One entry per credential set, in the query's order; null when the query has none.</summary>
    public IReadOnlyList<DcqlCredentialSetMatch>? CredentialSets { get; }

    /// <summary>
    /// Whether the query can be answered: every required credential set has a satisfiable option, or, without
    /// credential sets, every credential query is matched.
    /// </summary>
    public bool IsSatisfiable { get; }

    /// <summary>The match of the credential query with an id.</summary>
    /// <param name="credentialQueryId">The id.</param>
    /// <returns>The match, or null when the query has no such id.</returns>
    public DcqlCredentialMatch? Find(string credentialQueryId) => Credentials.FirstOrDefault(c => c.Query.Id == credentialQueryId);

    internal static DcqlMatch Evaluate(DcqlQuery query, IReadOnlyList<IDcqlCredential> candidates)
    {
        var credentials = new List<DcqlCredentialMatch>(query.Credentials.Count);
        foreach (var credentialQuery in query.Credentials)
        {
            var matches = new List<DcqlCandidateMatch>();
            for (var i = 0; i < candidates.Count; i++)
            {
                var candidate = candidates[i] ?? throw new ArgumentNullException(nameof(candidates), "A candidate is null.");
                if (!DcqlEvaluation.FormatMatches(credentialQuery, candidate) || !DcqlEvaluation.MetaMatches(credentialQuery, candidate)
                    || !DcqlEvaluation.BindingMatches(credentialQuery, candidate))
                {
                    continue;
                }

                var satisfied = DcqlEvaluation.SatisfiedClaimSets(credentialQuery, DcqlEvaluation.EvaluateClaims(credentialQuery, candidate));
                if (satisfied.Count > 0)
                {
                    var chosen = satisfied[0];
                    matches.Add(new DcqlCandidateMatch(i, candidate, chosen < 0 ? null : chosen, DcqlEvaluation.ClaimsOf(credentialQuery, chosen)));
                }
            }

            credentials.Add(new DcqlCredentialMatch(credentialQuery, matches));
        }

        var matched = credentials.Where(c => c.IsMatched).Select(c => c.Query.Id).ToHashSet(StringComparer.Ordinal);
        if (query.CredentialSets is null)
        {
            return new DcqlMatch(credentials, null, credentials.All(c => c.IsMatched));
        }

        var sets = query.CredentialSets
            .Select((set, index) => new DcqlCredentialSetMatch(
                index,
                set,
                Enumerable.Range(0, set.Options.Count).Where(o => set.Options[o].All(matched.Contains)).ToArray()))
            .ToArray();
        return new DcqlMatch(credentials, sets, sets.All(s => s.IsSatisfiable || !s.Query.Required));
    }
}
