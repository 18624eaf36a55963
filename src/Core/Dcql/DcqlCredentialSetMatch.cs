namespace Honnin.Dcql;

/// <summary>How the wallet's credentials answer one credential set of the query.</summary>
public sealed class DcqlCredentialSetMatch
{
    internal DcqlCredentialSetMatch(int index, DcqlCredentialSetQuery query, IReadOnlyList<int> satisfiableOptions)
    {
        Index = index;
        Query = query;
        SatisfiableOptions = satisfiableOptions;
    }

    /// <summary>The set's position in <see cref="DcqlQuery.CredentialSets"/>.</summary>
    public int Index { get; }

    /// <summary>The credential set.</summary>
    public DcqlCredentialSetQuery Query { get; }

    /// <summary>The options (indexes in <see cref="DcqlCredentialSetQuery.Options"/>) whose every credential query is matched, in the verifier's order.</summary>
    public IReadOnlyList<int> SatisfiableOptions { get; }

    /// <summary>Whether some option can be satisfied.</summary>
    public bool IsSatisfiable => SatisfiableOptions.Count > 0;
}
