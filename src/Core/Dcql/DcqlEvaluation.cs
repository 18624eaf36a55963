namespace Honnin.Dcql;

/// <summary>The rules of OpenID4VP 1.0 §6.4 that the wallet's match and the verifier's check share, so they cannot drift.</summary>
internal static class DcqlEvaluation
{
    public enum ClaimOutcome
    {
        Satisfied,
        Missing,
        ValueNotAllowed,
    }

    /// <summary>Whether the credential is of the query's format, and the format is one Honnin matches.</summary>
    public static bool FormatMatches(DcqlCredentialQuery query, IDcqlCredential credential) =>
        query.Format is DcqlFormats.Mdoc or DcqlFormats.SdJwtVc && string.Equals(credential.Format, query.Format, StringComparison.Ordinal);

    /// <summary>Whether the credential's type is the one <c>meta</c> asks for (the doctype, or one of the vct values; SD-JWT VC type inheritance is not followed).</summary>
    public static bool MetaMatches(DcqlCredentialQuery query, IDcqlCredential credential) => query.Format switch
    {
        DcqlFormats.Mdoc => credential.Type is not null && string.Equals(credential.Type, query.DoctypeValue, StringComparison.Ordinal),
        DcqlFormats.SdJwtVc => credential.Type is not null && query.VctValues!.Contains(credential.Type, StringComparer.Ordinal),
        _ => false,
    };

    /// <summary>Whether the credential's holder binding is what the query requires.</summary>
    public static bool BindingMatches(DcqlCredentialQuery query, IDcqlCredential credential) =>
        !query.RequireCryptographicHolderBinding || credential.HolderBinding == DcqlHolderBinding.Cryptographic;

    /// <summary>
    /// Whether the credential has the claim: the pointer selects something and, with <c>values</c>, at least one selected
    /// value is one of them (a claim whose value does not match counts as absent, §6.4.1).
    /// </summary>
    public static ClaimOutcome Evaluate(DcqlClaimQuery claim, IDcqlCredential credential)
    {
        if (!credential.TrySelect(claim.Path, out var values))
        {
            return ClaimOutcome.Missing;
        }

        return values.Any(claim.Accepts) ? ClaimOutcome.Satisfied : ClaimOutcome.ValueNotAllowed;
    }

    /// <summary>The outcome of every claim of the query, in order; empty when the query has no claims.</summary>
    public static ClaimOutcome[] EvaluateClaims(DcqlCredentialQuery query, IDcqlCredential credential) =>
        query.Claims is null ? [] : query.Claims.Select(c => Evaluate(c, credential)).ToArray();

    /// <summary>
    /// The claim sets the outcomes satisfy, in the verifier's order of preference. Without claim sets the one "set" is
    /// every claim (index -1); without claims nothing is requested and the empty set (index -1) is satisfied.
    /// </summary>
    public static List<int> SatisfiedClaimSets(DcqlCredentialQuery query, ClaimOutcome[] outcomes)
    {
        if (query.Claims is null || query.ClaimSets is null)
        {
            return outcomes.All(o => o == ClaimOutcome.Satisfied) ? [-1] : [];
        }

        var satisfied = new List<int>();
        for (var i = 0; i < query.ClaimSets.Count; i++)
        {
            if (query.ClaimSets[i].All(id => outcomes[IndexOf(query, id)] == ClaimOutcome.Satisfied))
            {
                satisfied.Add(i);
            }
        }

        return satisfied;
    }

    /// <summary>The claims of a satisfied set (see <see cref="SatisfiedClaimSets"/>).</summary>
    public static IReadOnlyList<DcqlClaimQuery> ClaimsOf(DcqlCredentialQuery query, int claimSetIndex) =>
        query.Claims is null ? [] : claimSetIndex < 0 ? query.Claims : query.ClaimSet(claimSetIndex);

    private static int IndexOf(DcqlCredentialQuery query, string claimId)
    {
        for (var i = 0; i < query.Claims!.Count; i++)
        {
            if (query.Claims[i].Id == claimId)
            {
                return i;
            }
        }

        return -1;
    }
}
