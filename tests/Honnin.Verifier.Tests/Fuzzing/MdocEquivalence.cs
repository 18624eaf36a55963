using Honnin.Cbor;
using Honnin.Cose;

namespace Honnin.Verifier.Tests.Fuzzing;

/// <summary>
/// Which changes to a DeviceResponse leave its meaning intact, so that a verifier may accept them. Two responses are
/// equivalent when their canonical forms agree, where the canonical form forgets exactly this:
/// <list type="bullet">
/// <item>the order of map entries outside signed or hashed bytes (CBOR maps are unordered; every lookup is by key);</item>
/// <item>the order of the documents, and of the disclosed items within a namespace (the verifier keys both by name);</item>
/// <item>the text of the DeviceResponse <c>version</c>, which no signature covers and the verifier does not read (see
/// <c>ByteFlipPropertyTests</c>);</item>
/// <item>unprotected COSE headers the verifier does not read: all but <c>alg</c> (1) and <c>crit</c> (2), and
/// <c>x5chain</c> (33) in issuerAuth;</item>
/// <item>which of the original documents are present: presenting fewer of them, or one twice, still presents only what
/// the holder was able to present (each document's required elements are checked on its own).</item>
/// </list>
/// Everything inside a byte string or a tag-24 item is compared by its bytes, since those are what is signed or hashed.
/// </summary>
internal static class MdocEquivalence
{
    public sealed record Form(string Envelope, IReadOnlySet<string> Documents);

    public static Form Canonical(CborValue response)
    {
        if (response is not CborMap map)
        {
            return new Form(Generic(response), new HashSet<string>());
        }

        var documents = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<string>();
        foreach (var (key, value) in map.Entries)
        {
            var name = (key as CborTextString)?.Value;
            if (name == "documents" && value is CborArray array)
            {
                documents.UnionWith(array.Items.Select(Document));
                entries.Add(Bytes(key) + ":documents");
            }
            else
            {
                entries.Add(Bytes(key) + ":" + (name == "version" && value is CborTextString ? "text" : Generic(value)));
            }
        }

        return new Form(Sorted(entries, "{", "}"), documents);
    }

    /// <summary>Whether a response of form <paramref name="changed"/> means no more than <paramref name="original"/>.</summary>
    public static bool Presents(Form original, Form changed) =>
        original.Envelope == changed.Envelope && changed.Documents.Count > 0 && changed.Documents.IsSubsetOf(original.Documents);

    private static string Document(CborValue document) => Map(document, (name, value) => name switch
    {
        "issuerSigned" => Map(value, (field, inner) => field switch
        {
            "nameSpaces" => Map(inner, (_, items) => items is CborArray array ? Sorted(array.Items.Select(Bytes), "[", "]") : Generic(items)),
            "issuerAuth" => Cose(inner, CoseHeaderLabels.X5Chain),
            _ => Generic(inner),
        }),
        "deviceSigned" => Map(value, (field, inner) => field == "deviceAuth"
            ? Map(inner, (_, cose) => Cose(cose, null))
            : Generic(inner)),
        _ => Generic(value),
    });

    private static string Cose(CborValue value, long? readHeader)
    {
        if (value is not CborArray { Count: 4 } array || array[1] is not CborMap unprotectedHeader)
        {
            return Generic(value);
        }

        var kept = unprotectedHeader.Entries
            .Where(e => e.Key is not (CborInteger or CborTextString)
                || (e.Key is CborInteger label && (label.Value == CoseHeaderLabels.Algorithm || label.Value == CoseHeaderLabels.Critical || (readHeader is { } read && label.Value == read))))
            .Select(e => Bytes(e.Key) + ":" + Generic(e.Value));
        return "cose[" + Bytes(array[0]) + "," + Sorted(kept, "{", "}") + "," + Bytes(array[2]) + "," + Bytes(array[3]) + "]";
    }

    /// <summary>A map's canonical form with each value's form chosen by its text key; anything else is generic.</summary>
    private static string Map(CborValue value, Func<string?, CborValue, string> valueForm) => value is CborMap map
        ? Sorted(map.Entries.Select(e => Bytes(e.Key) + ":" + valueForm((e.Key as CborTextString)?.Value, e.Value)), "{", "}")
        : Generic(value);

    private static string Generic(CborValue value) => value switch
    {
        CborMap map => Sorted(map.Entries.Select(e => Bytes(e.Key) + ":" + Generic(e.Value)), "{", "}"),
        CborArray array => "[" + string.Join(",", array.Items.Select(Generic)) + "]",
        CborTaggedValue tagged => "tag" + tagged.Tag + "(" + Generic(tagged.Content) + ")",
        _ => Bytes(value),
    };

    private static string Bytes(CborValue value) => Convert.ToHexStringLower(value.EncodedBytes.Span);

    private static string Sorted(IEnumerable<string> parts, string open, string close) =>
        open + string.Join(",", parts.Order(StringComparer.Ordinal)) + close;

}
