namespace Honnin.Dcql;

/// <summary>
/// The verifier's check that a VP Token answers its DCQL query (OpenID4VP 1.0 §8.6 steps 2.2 and 3), over presentations
/// that are already verified (signature, trust, holder binding, validity) and described by what they DISCLOSED. Every
/// problem is a failure with its own code:
/// <list type="bullet">
/// <item>a key the query has no credential query for (<see cref="DcqlFailureCodes.UnexpectedCredential"/>), an empty
/// array (<see cref="DcqlFailureCodes.EmptyPresentations"/>), more than one presentation without <c>multiple</c>
/// (<see cref="DcqlFailureCodes.MultipleNotAllowed"/>);</item>
/// <item>per presentation: another format (<see cref="DcqlFailureCodes.FormatMismatch"/>), another type
/// (<see cref="DcqlFailureCodes.MetaMismatch"/>), no holder binding where required
/// (<see cref="DcqlFailureCodes.HolderBindingMissing"/>), no claim set satisfied
/// (<see cref="DcqlFailureCodes.ClaimsNotSatisfied"/>), a disclosed claim whose value is not among <c>values</c>
/// (<see cref="DcqlFailureCodes.ValueNotAllowed"/>), and a disclosed claim nobody asked for
/// (<see cref="DcqlFailureCodes.ClaimNotRequested"/>);</item>
/// <item>over the accepted presentations: a required credential set with no satisfied option
/// (<see cref="DcqlFailureCodes.CredentialSetNotSatisfied"/>) or, without credential sets, a credential query without
/// an accepted presentation (<see cref="DcqlFailureCodes.CredentialMissing"/>).</item>
/// </list>
/// Over-disclosure is a failure, not a warning: §6.4 forbids a wallet to send selectively disclosable claims that were
/// not selected, and a verifier that accepts them silently makes the rule unenforceable. A disclosed claim counts as
/// requested when a claim of a claim set the presentation satisfies (or, without claim sets, any claim of its query)
/// lies on the same path (one path leads to the other, so revealing <c>address</c> for <c>address.locality</c> is
/// allowed, and so is a claim nested in a requested one), or when another credential query of the same request whose
/// format and type the presentation matches asks for it (§6.4: the same credential may be selected twice).
/// <c>values</c> is checked as a statement about the answer, never as a security control (§6.4.1).
/// </summary>
public static class DcqlVpTokenCheck
{
    /// <summary>Checks a VP Token's verified presentations against the query.</summary>
    /// <param name="query">The query the request carried.</param>
    /// <param name="presentations">Per VP Token key, the verified presentations in their order, each described by what it disclosed.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException">An argument, a list or a presentation is null.</exception>
    public static DcqlVpTokenCheckResult Check(DcqlQuery query, IReadOnlyDictionary<string, IReadOnlyList<IDcqlCredential>> presentations)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(presentations);
        var failures = new List<DcqlProblem>();
        var accepted = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (var (id, list) in presentations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            ArgumentNullException.ThrowIfNull(list, nameof(presentations));
            var credentialQuery = query.Find(id);
            if (credentialQuery is null)
            {
                failures.Add(new DcqlProblem(DcqlFailureCodes.UnexpectedCredential, $"The VP Token answers {id}, which the query does not ask for.", id));
                continue;
            }

            if (list.Count == 0)
            {
                failures.Add(new DcqlProblem(DcqlFailureCodes.EmptyPresentations, $"The VP Token holds no presentation for {id}; a key must hold one or more.", id));
                continue;
            }

            var good = new List<int>();
            for (var i = 0; i < list.Count; i++)
            {
                var presentation = list[i] ?? throw new ArgumentNullException(nameof(presentations), "A presentation is null.");
                var before = failures.Count;
                CheckPresentation(query, credentialQuery, presentation, i, failures);
                if (failures.Count == before)
                {
                    good.Add(i);
                }
            }

            if (list.Count > 1 && !credentialQuery.Multiple)
            {
                failures.Add(new DcqlProblem(DcqlFailureCodes.MultipleNotAllowed, $"The VP Token holds {list.Count} presentations for {id}, which does not allow multiple.", id));
                good.Clear();
            }

            accepted[id] = good.ToArray();
        }

        bool Answered(string id) => accepted.TryGetValue(id, out var good) && good.Count > 0;
        if (query.CredentialSets is null)
        {
            foreach (var credentialQuery in query.Credentials.Where(c => !Answered(c.Id)))
            {
                failures.Add(new DcqlProblem(DcqlFailureCodes.CredentialMissing, $"The VP Token has no acceptable presentation for {credentialQuery.Id}, and the query asks for every credential.", credentialQuery.Id));
            }
        }
        else
        {
            for (var s = 0; s < query.CredentialSets.Count; s++)
            {
                var set = query.CredentialSets[s];
                if (set.Required && !set.Options.Any(option => option.All(Answered)))
                {
                    failures.Add(new DcqlProblem(DcqlFailureCodes.CredentialSetNotSatisfied, $"No option of the required credential set {s} has an acceptable presentation for each of its credential queries.", CredentialSetIndex: s));
                }
            }
        }

        return new DcqlVpTokenCheckResult(failures, accepted);
    }

    private static void CheckPresentation(DcqlQuery query, DcqlCredentialQuery credentialQuery, IDcqlCredential presentation, int index, List<DcqlProblem> failures)
    {
        var id = credentialQuery.Id;
        if (!DcqlEvaluation.FormatMatches(credentialQuery, presentation))
        {
            failures.Add(new DcqlProblem(DcqlFailureCodes.FormatMismatch, $"The presentation is {presentation.Format}; {id} asks for {credentialQuery.Format}.", id, index));
            return;
        }

        if (!DcqlEvaluation.MetaMatches(credentialQuery, presentation))
        {
            failures.Add(new DcqlProblem(DcqlFailureCodes.MetaMismatch, $"The presentation's type {presentation.Type ?? "(none)"} is not one {id} asks for.", id, index));
        }

        if (!DcqlEvaluation.BindingMatches(credentialQuery, presentation))
        {
            failures.Add(new DcqlProblem(DcqlFailureCodes.HolderBindingMissing, $"The presentation has no cryptographic holder binding, which {id} requires.", id, index));
        }

        var outcomes = DcqlEvaluation.EvaluateClaims(credentialQuery, presentation);
        for (var c = 0; c < outcomes.Length; c++)
        {
            if (outcomes[c] == DcqlEvaluation.ClaimOutcome.ValueNotAllowed)
            {
                failures.Add(new DcqlProblem(DcqlFailureCodes.ValueNotAllowed, $"The presentation discloses {credentialQuery.Claims![c].Path} with a value that is not among the values {id} accepts.", id, index));
            }
        }

        var satisfied = DcqlEvaluation.SatisfiedClaimSets(credentialQuery, outcomes);
        if (satisfied.Count == 0)
        {
            failures.Add(new DcqlProblem(
                DcqlFailureCodes.ClaimsNotSatisfied,
                credentialQuery.ClaimSets is null ? $"The presentation does not disclose every claim {id} asks for." : $"The presentation satisfies no claim set of {id}.",
                id,
                index));
        }

        var requested = (satisfied.Count > 0 ? satisfied.SelectMany(s => DcqlEvaluation.ClaimsOf(credentialQuery, s)) : credentialQuery.Claims ?? [])
            .Select(c => c.Path)
            .Concat(query.Credentials
                .Where(other => !ReferenceEquals(other, credentialQuery) && DcqlEvaluation.FormatMatches(other, presentation) && DcqlEvaluation.MetaMatches(other, presentation))
                .SelectMany(other => other.Claims ?? [])
                .Select(c => c.Path))
            .ToArray();
        foreach (var disclosed in presentation.DisclosedClaims.Distinct())
        {
            if (!requested.Any(path => path.IsPrefixOf(disclosed) || disclosed.IsPrefixOf(path)))
            {
                failures.Add(new DcqlProblem(DcqlFailureCodes.ClaimNotRequested, $"The presentation discloses {disclosed}, which {id} does not ask for.", id, index));
            }
        }
    }
}
