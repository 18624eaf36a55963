using System.Text.Json.Nodes;

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

    /// <summary>The type, e.g. <c>aki</c>.</summary>
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
        return new DcqlTrustedAuthority(type, values);
    }

    internal JsonObject ToJson() => new()
    {
        ["type"] = Type,
        ["values"] = DcqlReader.ToArray(Values),
    };
}
