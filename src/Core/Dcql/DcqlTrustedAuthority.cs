using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.Dcql;

/// <summary>
/// One entry of a credential query's <c>trusted_authorities</c> (OpenID4VP 1.0 §6.1.1): a type (<c>aki</c>,
/// <c>etsi_tl</c>, <c>openid_federation</c> or another) and the values that identify an authority of that type. Honnin
/// keeps it for the wallet to show and to filter by its own trust information; matching does not evaluate it, and a
/// verifier decides issuer trust by its own policy whatever the query says (§6.1.1).
/// </summary>
public sealed class DcqlTrustedAuthority
{
    internal DcqlTrustedAuthority(string type, IReadOnlyList<string> values)
    {
        Type = type;
        Values = values;
    }

    /// <summary>The type of an Authority Key Identifier entry (§6.1.1.1): each value is a base64url KeyIdentifier, checked when read.</summary>
    public const string AuthorityKeyIdentifier = "aki";

    /// <summary>The type, e.g. <see cref="AuthorityKeyIdentifier"/>, <c>etsi_tl</c> or <c>openid_federation</c>; other types are kept as written.</summary>
    public string Type { get; }

    /// <summary>The values, at least one.</summary>
    public IReadOnlyList<string> Values { get; }

    internal static DcqlTrustedAuthority Read(JsonNode? node)
    {
        if (node is not JsonObject entry)
        {
            throw DcqlReader.Fail(DcqlFailureCodes.InvalidTrustedAuthorities, "An entry of trusted_authorities is not an object.");
        }

        var type = DcqlReader.OptionalText(entry, "type", DcqlFailureCodes.InvalidTrustedAuthorities)
            ?? throw DcqlReader.Fail(DcqlFailureCodes.InvalidTrustedAuthorities, "An entry of trusted_authorities has no type.");
        var values = DcqlReader.Texts(entry["values"], "trusted_authorities values", DcqlFailureCodes.InvalidTrustedAuthorities, DcqlQuery.MaxValues)
            ?? throw DcqlReader.Fail(DcqlFailureCodes.InvalidTrustedAuthorities, "An entry of trusted_authorities has no values.");
        if (type == AuthorityKeyIdentifier && values.Any(v => v.Length == 0 || !Base64UrlEncoding.TryDecode(v, out _)))
        {
            throw DcqlReader.Fail(DcqlFailureCodes.InvalidTrustedAuthorities, "An aki entry of trusted_authorities holds a value that is not base64url (§6.1.1.1).");
        }

        return new DcqlTrustedAuthority(type, values);
    }

    internal JsonObject ToJson() => new()
    {
        ["type"] = Type,
        ["values"] = DcqlReader.ToArray(Values),
    };
}
