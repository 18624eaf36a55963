using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.SdJwt;

namespace Honnin.Dcql;

/// <summary>
/// One entry of a credential query's <c>claims</c> (OpenID4VP 1.0 §6.3): the claim's <see cref="Path"/> (a claims path
/// pointer, §7; for <c>mso_mdoc</c> exactly <c>[namespace, element]</c>), an optional <see cref="Id"/> that claim sets
/// refer to, optional <see cref="Values"/> the claim's value must be one of, and for mdoc the verifier's
/// <see cref="IntentToRetain"/>.
/// </summary>
public sealed class DcqlClaimQuery
{
    private readonly JsonValue[]? _values;

    private DcqlClaimQuery(string? id, ClaimPath path, JsonValue[]? values, bool? intentToRetain)
    {
        Id = id;
        Path = path;
        _values = values;
        IntentToRetain = intentToRetain;
    }

    /// <summary>The claim's identifier within its credential query, or null; always set when the credential query has claim sets.</summary>
    public string? Id { get; }

    /// <summary>The claims path pointer.</summary>
    public ClaimPath Path { get; }

    /// <summary>The accepted values (strings, integers and booleans, each a new node), or null when any value is accepted.</summary>
    public IReadOnlyList<JsonValue>? Values => _values?.Select(v => (JsonValue)v.DeepClone()).ToArray();

    /// <summary>For <c>mso_mdoc</c>: whether the verifier intends to retain the element (ISO 18013-5 IntentToRetain), or null when it says nothing (and always for other formats).</summary>
    public bool? IntentToRetain { get; }

    /// <summary>For <c>mso_mdoc</c>: the namespace, the first component of <see cref="Path"/>.</summary>
    public string? NameSpace => Path.Segments.Count == 2 ? Path.Segments[0].Name : null;

    /// <summary>
    /// Whether a value satisfies <see cref="Values"/>: true when there is no restriction, otherwise when the value has the
    /// type and value of one entry exactly (a string equal ordinally, a boolean, or a number equal to an integer entry).
    /// </summary>
    /// <param name="value">A selected claim value (null for JSON null).</param>
    /// <returns>Whether it is accepted.</returns>
    public bool Accepts(JsonNode? value) => _values is null || _values.Any(expected => SameValue(expected, value));

    internal static DcqlClaimQuery Read(JsonNode? node, string format, int index)
    {
        if (node is not JsonObject claim)
        {
            throw DcqlReader.Malformed($"claims[{index}] is not an object.");
        }

        var id = DcqlReader.OptionalText(claim, "id", DcqlFailureCodes.InvalidId);
        if (id is not null && !DcqlReader.IsIdentifier(id))
        {
            throw DcqlReader.Fail(DcqlFailureCodes.InvalidId, $"The id of claims[{index}] is not a non-empty string of letters, digits, '_' and '-'.");
        }

        if (!claim.TryGetPropertyValue("path", out var pathNode))
        {
            throw DcqlReader.Fail(DcqlFailureCodes.InvalidPath, $"claims[{index}] has no path.");
        }

        if (pathNode is JsonArray { Count: > DcqlQuery.MaxPathLength })
        {
            throw DcqlReader.Fail(DcqlFailureCodes.TooLarge, $"The path of claims[{index}] is longer than {DcqlQuery.MaxPathLength} components.");
        }

        if (!ClaimPath.TryFromPointer(pathNode, out var path))
        {
            throw DcqlReader.Fail(DcqlFailureCodes.InvalidPath, $"The path of claims[{index}] is not a non-empty array of strings, non-negative integers and nulls that starts with a string.");
        }

        var isMdoc = format == DcqlFormats.Mdoc;
        if (isMdoc && (path.Segments.Count != 2 || !path.Segments[1].IsName))
        {
            throw DcqlReader.Fail(DcqlFailureCodes.InvalidPath, $"The path of claims[{index}] of an mso_mdoc query is not [namespace, element] (two strings).");
        }

        JsonValue[]? values = null;
        if (claim.TryGetPropertyValue("values", out var valuesNode))
        {
            var array = DcqlReader.Array(valuesNode, $"The values of claims[{index}]", DcqlQuery.MaxValues, DcqlFailureCodes.InvalidValues);
            values = new JsonValue[array.Count];
            for (var i = 0; i < array.Count; i++)
            {
                values[i] = array[i] is JsonValue value && IsValueKind(value)
                    ? (JsonValue)value.DeepClone()
                    : throw DcqlReader.Fail(DcqlFailureCodes.InvalidValues, $"The values of claims[{index}] hold an entry that is not a string, an integer or a boolean.");
            }
        }

        var intentToRetain = isMdoc ? DcqlReader.OptionalBoolean(claim, "intent_to_retain") : null;
        return new DcqlClaimQuery(id, path, values, intentToRetain);
    }

    internal JsonObject ToJson()
    {
        var claim = new JsonObject();
        if (Id is not null)
        {
            claim["id"] = Id;
        }

        claim["path"] = Path.ToPointer();
        if (_values is not null)
        {
            claim["values"] = new JsonArray([.. _values.Select(v => v.DeepClone())]);
        }

        if (IntentToRetain is { } retain)
        {
            claim["intent_to_retain"] = retain;
        }

        return claim;
    }

    private static bool IsValueKind(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String or JsonValueKind.True or JsonValueKind.False => true,
        JsonValueKind.Number => IntegerOf(value) is not null,
        _ => false,
    };

    private static bool SameValue(JsonValue expected, JsonNode? actual)
    {
        if (actual is not JsonValue value)
        {
            return false;
        }

        var kind = expected.GetValueKind();
        return kind switch
        {
            JsonValueKind.String => value.GetValueKind() == JsonValueKind.String && string.Equals(expected.GetValue<string>(), value.GetValue<string>(), StringComparison.Ordinal),
            JsonValueKind.True or JsonValueKind.False => value.GetValueKind() == kind,
            JsonValueKind.Number => value.GetValueKind() == JsonValueKind.Number && IntegerOf(value) is { } number && number == IntegerOf(expected),
            _ => false,
        };
    }

    // The integer a JSON number stands for (its text, so 42, 42.0 and 4.2e1 are one integer), or null when it is not one.
    private static decimal? IntegerOf(JsonValue number) =>
        decimal.TryParse(number.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && decimal.Truncate(value) == value ? value : null;
}
