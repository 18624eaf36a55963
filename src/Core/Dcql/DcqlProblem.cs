using System.Globalization;

namespace Honnin.Dcql;

/// <summary>
/// A problem of a VP Token against its DCQL query (a <see cref="DcqlFailureCodes"/> code), with where it lies: the
/// credential query id and the presentation's index in its array, or the credential set's index.
/// </summary>
/// <param name="Code">The stable code.</param>
/// <param name="Message">What is wrong; it names ids and claim paths, never claim values.</param>
/// <param name="CredentialQueryId">The VP Token key (a credential query id, or an unexpected one), or null.</param>
/// <param name="PresentationIndex">The presentation's index in the array under that key, or null for the key as a whole.</param>
/// <param name="CredentialSetIndex">The credential set's index in the query, or null.</param>
public sealed record DcqlProblem(string Code, string Message, string? CredentialQueryId = null, int? PresentationIndex = null, int? CredentialSetIndex = null)
    : Problem(Code, Message)
{
    /// <summary><c>vp_token.&lt;id&gt;[&lt;index&gt;]</c>, <c>vp_token.&lt;id&gt;</c>, <c>credential_sets[&lt;index&gt;]</c>, or null.</summary>
    public override string? Where =>
        CredentialQueryId is not null
            ? PresentationIndex is { } index ? string.Create(CultureInfo.InvariantCulture, $"vp_token.{CredentialQueryId}[{index}]") : "vp_token." + CredentialQueryId
            : CredentialSetIndex is { } set ? string.Create(CultureInfo.InvariantCulture, $"credential_sets[{set}]") : null;
}
