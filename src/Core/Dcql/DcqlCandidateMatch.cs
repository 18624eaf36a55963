namespace Honnin.Dcql;

/// <summary>One of the wallet's credentials that answers a credential query, and the claims it would disclose.</summary>
public sealed class DcqlCandidateMatch
{
    internal DcqlCandidateMatch(int index, IDcqlCredential credential, int? claimSetIndex, IReadOnlyList<DcqlClaimQuery> claims)
    {
        Index = index;
        Credential = credential;
        ClaimSetIndex = claimSetIndex;
        Claims = claims;
    }

    /// <summary>The credential's position in the list given to <see cref="DcqlQuery.Match"/>.</summary>
    public int Index { get; }

    /// <summary>The credential.</summary>
    public IDcqlCredential Credential { get; }

    /// <summary>The claim set chosen: the first, in the verifier's order, that the credential satisfies; null when the credential query has no claim sets.</summary>
    public int? ClaimSetIndex { get; }

    /// <summary>The claims to disclose: those of the chosen claim set, all of <see cref="DcqlCredentialQuery.Claims"/> without claim sets, none when the query asks for no claims.</summary>
    public IReadOnlyList<DcqlClaimQuery> Claims { get; }
}
