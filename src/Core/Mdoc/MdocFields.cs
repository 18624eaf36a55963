using Honnin.Cbor;

namespace Honnin.Mdoc;

/// <summary>Typed access to the fields of mdoc maps, failing with <see cref="MdocFormatCodes.Malformed"/>.</summary>
internal static class MdocFields
{
    public static CborMap AsMap(CborValue value, string what) =>
        value as CborMap ?? throw Malformed($"{what} is not a map.");

    public static CborArray AsArray(CborValue value, string what) =>
        value as CborArray ?? throw Malformed($"{what} is not an array.");

    public static CborValue Require(CborMap map, string key, string what) =>
        map.TryGetValue(key, out var value) ? value : throw Malformed($"{what} has no '{key}'.");

    public static string RequireText(CborMap map, string key, string what) =>
        Require(map, key, what) is CborTextString text ? text.Value : throw Malformed($"'{key}' of {what} is not a text string.");

    public static CborMap RequireMap(CborMap map, string key, string what) =>
        Require(map, key, what) as CborMap ?? throw Malformed($"'{key}' of {what} is not a map.");

    public static ulong RequireUInt(CborMap map, string key, string what) =>
        AsUInt(Require(map, key, what), $"'{key}' of {what}");

    public static ulong AsUInt(CborValue value, string what) =>
        value is CborInteger integer && integer.Value >= 0 ? (ulong)integer.Value : throw Malformed($"{what} is not an unsigned integer.");

    public static DateTimeOffset RequireDateTime(CborMap map, string key, string what) =>
        Require(map, key, what) is CborDateTime time ? time.Value : throw Malformed($"'{key}' of {what} is not a tdate.");

    public static CborEncodedItem AsEncodedItem(CborValue value, string what) =>
        value as CborEncodedItem ?? throw Malformed($"{what} is not a tag-24 encoded item.");

    public static CredentialFormatException Malformed(string message) => new(MdocFormatCodes.Malformed, message);
}
