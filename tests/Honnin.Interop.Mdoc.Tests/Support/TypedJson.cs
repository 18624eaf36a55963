using System.Text.Json.Nodes;
using Honnin.Cbor;

namespace Honnin.Interop.Mdoc.Tests.Support;

/// <summary>
/// Element values as the Node scripts exchange them (see tests/interop-mdoc/lib/job.mjs): text, integers, booleans,
/// null, arrays and text-keyed maps as themselves; <c>{"$fullDate": ...}</c>, <c>{"$tdate": ...}</c>,
/// <c>{"$bytes": hex}</c> and <c>{"$tag": n, "value": ...}</c> for the rest, so that CBOR types are compared too.
/// </summary>
internal static class TypedJson
{
    public static JsonNode? FromCbor(CborValue value) => value switch
    {
        CborTextString text => JsonValue.Create(text.Value),
        CborInteger integer => JsonValue.Create((long)integer.Value),
        CborBoolean boolean => JsonValue.Create(boolean.Value),
        CborNull => null,
        CborFullDate date => new JsonObject { ["$fullDate"] = date.ToIsoString() },
        CborDateTime time => new JsonObject { ["$tdate"] = time.ToIsoString() },
        CborByteString bytes => new JsonObject { ["$bytes"] = Convert.ToHexStringLower(bytes.Value.Span) },
        CborArray array => new JsonArray([.. array.Items.Select(FromCbor)]),
        CborMap map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(((CborTextString)e.Key).Value, FromCbor(e.Value)))),
        CborTaggedValue tagged => new JsonObject { ["$tag"] = (long)tagged.Tag, ["value"] = FromCbor(tagged.Content) },
        _ => throw new NotSupportedException($"No typed JSON for a CBOR {value.Kind}."),
    };

    /// <summary>namespace → element identifier → value, as typed JSON.</summary>
    public static JsonObject FromElements(IEnumerable<KeyValuePair<string, IEnumerable<(string Identifier, CborValue Value)>>> nameSpaces) =>
        new(nameSpaces.Select(ns => KeyValuePair.Create<string, JsonNode?>(
            ns.Key,
            new JsonObject(ns.Value.Select(e => KeyValuePair.Create(e.Identifier, FromCbor(e.Value)))))));

    /// <summary>The JSON text with object members sorted, so that two element sets compare regardless of order.</summary>
    public static string Canonical(JsonNode? node) => Sort(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sort)]),
        _ => node?.DeepClone(),
    };
}
