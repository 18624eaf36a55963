using System.Text.Json.Nodes;
using Honnin.Mdoc;
using Honnin.Verifier;

namespace Honnin.Interop.Mdoc.Tests.Support;

/// <summary>Element sets as canonical typed JSON, for comparing what one side disclosed with what the other reports.</summary>
internal static class Disclosures
{
    /// <summary>The elements a DeviceResponse document carries.</summary>
    public static string Of(MdocDocument document) => TypedJson.Canonical(TypedJson.FromElements(
        document.IssuerSigned.NameSpaces.Select(ns => KeyValuePair.Create(ns.Key, ns.Value.Select(i => (i.ElementIdentifier, i.ElementValue))))));

    /// <summary>The elements Honnin's verifier accepted.</summary>
    public static string Of(VerifiedDocument document) => TypedJson.Canonical(TypedJson.FromElements(
        document.Elements.Select(ns => KeyValuePair.Create(ns.Key, ns.Value.Select(e => (e.Key, e.Value))))));

    /// <summary>The elements a peer reported.</summary>
    public static string Of(PeerDocument document) => TypedJson.Canonical(document.Elements);

    /// <summary>The subset <paramref name="disclose"/> of typed-JSON claims.</summary>
    public static string Subset(JsonObject nameSpaces, IReadOnlyDictionary<string, string[]> disclose) => TypedJson.Canonical(new JsonObject(
        disclose.Select(d => KeyValuePair.Create<string, JsonNode?>(
            d.Key,
            new JsonObject(d.Value.Select(id => KeyValuePair.Create<string, JsonNode?>(id, nameSpaces[d.Key]![id]?.DeepClone())))))));
}
