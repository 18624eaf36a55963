namespace Honnin.Dcql;

/// <summary>
/// Stable codes of DCQL (OpenID4VP 1.0 §6). Queries that do not read carry them in
/// <see cref="CredentialFormatException.Code"/>; a VP Token that does not answer its query carries them in the
/// <see cref="DcqlProblem"/>s of <see cref="DcqlVpTokenCheckResult"/>.
/// </summary>
public static class DcqlFailureCodes
{
    /// <summary>The query is not a JSON object of the DCQL shape: a member is missing, of the wrong type, or an array that must not be empty is empty.</summary>
    public const string Malformed = "dcql_malformed";

    /// <summary>The query is longer or nests deeper than the limit, or holds more credential queries, claims, claim sets, credential sets, options, values or path components than the limit.</summary>
    public const string TooLarge = "dcql_too_large";

    /// <summary>A credential query or claim <c>id</c> is empty or holds a character other than letters, digits, <c>_</c> and <c>-</c>.</summary>
    public const string InvalidId = "dcql_invalid_id";

    /// <summary>Two credential queries share an <c>id</c>, or two claims of one credential query do.</summary>
    public const string DuplicateId = "dcql_duplicate_id";

    /// <summary>Two claims of one credential query point at the same claim (§6.1: verifiers must not).</summary>
    public const string DuplicateClaim = "dcql_duplicate_claim";

    /// <summary>A <c>path</c> is not a claims path pointer that starts with a member name (§7), or for <c>mso_mdoc</c> is not exactly <c>[namespace, element]</c> strings (§7.2).</summary>
    public const string InvalidPath = "dcql_invalid_path";

    /// <summary><c>values</c> is not a non-empty array of strings, integers and booleans (§6.3).</summary>
    public const string InvalidValues = "dcql_invalid_values";

    /// <summary><c>meta</c> is missing or not an object, or lacks what the format needs: <c>doctype_value</c> (a string) for <c>mso_mdoc</c>, <c>vct_values</c> (non-empty strings) for <c>dc+sd-jwt</c>.</summary>
    public const string InvalidMeta = "dcql_invalid_meta";

    /// <summary><c>claim_sets</c> is present without <c>claims</c>, a claim lacks the <c>id</c> claim sets need, or a claim set names a claim id the credential query does not have.</summary>
    public const string InvalidClaimSet = "dcql_invalid_claim_set";

    /// <summary>An option of a credential set names a credential query id the query does not have.</summary>
    public const string InvalidCredentialSet = "dcql_invalid_credential_set";

    /// <summary><c>trusted_authorities</c> is not a non-empty array of objects with a string <c>type</c> and non-empty string <c>values</c> (§6.1.1).</summary>
    public const string InvalidTrustedAuthorities = "dcql_invalid_trusted_authorities";

    /// <summary>The VP Token holds presentations under an id that no credential query of the query has.</summary>
    public const string UnexpectedCredential = "dcql_unexpected_credential";

    /// <summary>The VP Token holds more than one presentation for a credential query without <c>multiple</c> (§8.1).</summary>
    public const string MultipleNotAllowed = "dcql_multiple_not_allowed";

    /// <summary>The VP Token holds an empty array of presentations for a credential query (§8.1: one or more).</summary>
    public const string EmptyPresentations = "dcql_empty_presentations";

    /// <summary>A presentation is not of the format its credential query asks for.</summary>
    public const string FormatMismatch = "dcql_format_mismatch";

    /// <summary>A presentation's type is not the one <c>meta</c> asks for (<c>doctype_value</c>, or none of <c>vct_values</c>).</summary>
    public const string MetaMismatch = "dcql_meta_mismatch";

    /// <summary>A presentation has no cryptographic holder binding although its credential query requires it (the default).</summary>
    public const string HolderBindingMissing = "dcql_holder_binding_missing";

    /// <summary>A presentation does not disclose the claims of any claim set of its credential query (or, without claim sets, all its claims).</summary>
    public const string ClaimsNotSatisfied = "dcql_claims_not_satisfied";

    /// <summary>A presentation discloses a requested claim whose value is none of the claim query's <c>values</c>.</summary>
    public const string ValueNotAllowed = "dcql_value_not_allowed";

    /// <summary>A presentation discloses a selectively disclosable claim that no credential query it answers asked for (over-disclosure; §6.4 forbids it).</summary>
    public const string ClaimNotRequested = "dcql_claim_not_requested";

    /// <summary>A required credential set has no option whose credential queries all have an accepted presentation.</summary>
    public const string CredentialSetNotSatisfied = "dcql_credential_set_not_satisfied";

    /// <summary>The query has no credential sets and a credential query has no accepted presentation (§6.4.2: all are requested).</summary>
    public const string CredentialMissing = "dcql_credential_missing";
}
