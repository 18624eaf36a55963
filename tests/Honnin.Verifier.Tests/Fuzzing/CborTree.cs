using Honnin.Cbor;

namespace Honnin.Verifier.Tests.Fuzzing;

/// <summary>
/// Paths into a decoded CBOR value, and edits that rebuild only the ancestors of what changed: every untouched value is
/// written back as the bytes it was received as. A node's children are, for a map, key 0, value 0, key 1, value 1, …;
/// for an array, its items; for a tag (tag 24 included), its content. Editing inside a tag-24 item re-encodes it.
/// </summary>
internal static class CborTree
{
    public static IReadOnlyList<CborValue> Children(CborValue node) => node switch
    {
        CborMap map => [.. map.Entries.SelectMany(e => new[] { e.Key, e.Value })],
        CborArray array => array.Items,
        CborEncodedItem item => [item.Content],
        CborTaggedValue tagged => [tagged.Content],
        _ => [],
    };

    /// <summary>Every node with its path, the root (empty path) first, depth first.</summary>
    public static List<(int[] Path, CborValue Node)> Walk(CborValue root)
    {
        var nodes = new List<(int[], CborValue)>();
        Visit(root, [], nodes);
        return nodes;
    }

    private static void Visit(CborValue node, int[] path, List<(int[], CborValue)> nodes)
    {
        nodes.Add((path, node));
        var children = Children(node);
        for (var i = 0; i < children.Count; i++)
        {
            Visit(children[i], [.. path, i], nodes);
        }
    }

    public static CborValue At(CborValue root, int[] path)
    {
        var node = root;
        foreach (var step in path)
        {
            node = Children(node)[step];
        }

        return node;
    }

    /// <summary>The root with the node at <paramref name="path"/> replaced.</summary>
    /// <exception cref="ArgumentException">A rebuilt map would hold a key twice.</exception>
    public static CborValue Replace(CborValue root, int[] path, CborValue replacement) => Replace(root, path, 0, replacement);

    private static CborValue Replace(CborValue node, int[] path, int depth, CborValue replacement)
    {
        if (depth == path.Length)
        {
            return replacement;
        }

        var index = path[depth];
        var child = Replace(Children(node)[index], path, depth + 1, replacement);
        return node switch
        {
            CborMap map => new CborMap(map.Entries.Select((e, i) =>
                i != index / 2 ? e : index % 2 == 0 ? new KeyValuePair<CborValue, CborValue>(child, e.Value) : new KeyValuePair<CborValue, CborValue>(e.Key, child))),
            CborArray array => new CborArray(array.Items.Select((item, i) => i == index ? child : item)),
            CborEncodedItem => CborEncodedItem.Wrap(child),
            CborTaggedValue tagged => new CborTaggedValue(tagged.Tag, child),
            _ => throw new InvalidOperationException("A leaf has no children."),
        };
    }

    /// <summary>Whether one path is the other or lies inside it.</summary>
    public static bool Overlap(int[] a, int[] b) =>
        a.Length <= b.Length ? b.AsSpan(0, a.Length).SequenceEqual(a) : a.AsSpan(0, b.Length).SequenceEqual(b);

    /// <summary>The path of the value reached by text map keys and array indexes, or null when the structure does not fit.</summary>
    public static int[]? Find(CborValue root, params object[] steps)
    {
        var path = new List<int>();
        var node = root;
        foreach (var step in steps)
        {
            switch (node, step)
            {
                case (CborMap map, string key):
                {
                    var index = IndexOf(map, key);
                    if (index < 0)
                    {
                        return null;
                    }

                    path.Add((2 * index) + 1);
                    node = map.Entries[index].Value;
                    break;
                }

                case (CborArray array, int index) when index < array.Count:
                    path.Add(index);
                    node = array[index];
                    break;
                default:
                    return null;
            }
        }

        return [.. path];
    }

    private static int IndexOf(CborMap map, string key)
    {
        for (var i = 0; i < map.Count; i++)
        {
            if (map.Entries[i].Key is CborTextString text && text.Value == key)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A readable path, e.g. <c>documents[1].issuerSigned.nameSpaces.org.iso.23220.1[0]&lt;24&gt;.elementValue</c>.</summary>
    public static string Describe(CborValue root, int[] path)
    {
        var text = new System.Text.StringBuilder("$");
        var node = root;
        foreach (var step in path)
        {
            switch (node)
            {
                case CborMap map:
                    var key = map.Entries[step / 2].Key;
                    text.Append(step % 2 == 0 ? ".key(" : ".").Append(key is CborTextString name ? name.Value : Short(key)).Append(step % 2 == 0 ? ")" : string.Empty);
                    break;
                case CborArray:
                    text.Append('[').Append(step).Append(']');
                    break;
                case CborEncodedItem:
                    text.Append("<24>");
                    break;
                case CborTaggedValue tagged:
                    text.Append("<tag ").Append(tagged.Tag).Append('>');
                    break;
            }

            node = Children(node)[step];
        }

        return text.ToString();
    }

    /// <summary>A value's kind and the start of its encoding, for descriptions.</summary>
    public static string Short(CborValue value)
    {
        var bytes = value.EncodedBytes.Span;
        return value.Kind + ":" + Convert.ToHexStringLower(bytes[..Math.Min(bytes.Length, 12)]) + (bytes.Length > 12 ? "…" : string.Empty);
    }
}
