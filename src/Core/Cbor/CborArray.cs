using System.Collections.ObjectModel;
using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>A CBOR array (major type 4).</summary>
public sealed class CborArray : CborValue
{
    /// <summary>Creates an array of the given items.</summary>
    /// <param name="items">The items, in order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public CborArray(IEnumerable<CborValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = new ReadOnlyCollection<CborValue>([.. items]);
    }

    /// <summary>Creates an array of the given items.</summary>
    /// <param name="items">The items, in order.</param>
    public CborArray(params CborValue[] items)
        : this((IEnumerable<CborValue>)items)
    {
    }

    /// <summary>The items, in order.</summary>
    public IReadOnlyList<CborValue> Items { get; }

    /// <summary>The number of items.</summary>
    public int Count => Items.Count;

    /// <summary>The item at <paramref name="index"/>.</summary>
    /// <param name="index">A zero-based index.</param>
    public CborValue this[int index] => Items[index];

    /// <inheritdoc/>
    public override CborValueKind Kind => CborValueKind.Array;

    private protected override void WriteContent(CborWriter writer)
    {
        writer.WriteStartArray(Items.Count);
        foreach (var item in Items)
        {
            item.WriteTo(writer);
        }

        writer.WriteEndArray();
    }
}
