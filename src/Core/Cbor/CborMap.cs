using System.Collections.ObjectModel;
using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>
/// A CBOR map (major type 5). Entries keep the order they were received or given in; keys are unique
/// (the decoder rejects duplicates). Lookups by text and integer key are provided because those are
/// the keys every profile Honnin supports uses.
/// </summary>
public sealed class CborMap : CborValue
{
    /// <summary>Creates a map from its entries, in order.</summary>
    /// <param name="entries">The entries.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null.</exception>
    /// <exception cref="ArgumentException">Two entries have the same key (compared as decoded values, not as bytes).</exception>
    public CborMap(IEnumerable<KeyValuePair<CborValue, CborValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = new ReadOnlyCollection<KeyValuePair<CborValue, CborValue>>([.. entries]);
        if (HasDuplicateKey(Entries))
        {
            throw new ArgumentException("A CBOR map cannot hold the same key twice.", nameof(entries));
        }
    }

    private CborMap(List<KeyValuePair<CborValue, CborValue>> entries) =>
        Entries = new ReadOnlyCollection<KeyValuePair<CborValue, CborValue>>(entries);

    /// <summary>The entries, in order.</summary>
    public IReadOnlyList<KeyValuePair<CborValue, CborValue>> Entries { get; }

    /// <summary>The number of entries.</summary>
    public int Count => Entries.Count;

    /// <inheritdoc/>
    public override CborValueKind Kind => CborValueKind.Map;

    /// <summary>Finds the value for a text key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns>Whether the key is present.</returns>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CborValue? value)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key is CborTextString text && text.Value == key)
            {
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Finds the value for an integer key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns>Whether the key is present.</returns>
    public bool TryGetValue(long key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CborValue? value)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key is CborInteger integer && integer.Value == key)
            {
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>A builder-style helper: a map of text keys.</summary>
    /// <param name="entries">Key and value pairs.</param>
    /// <returns>The map.</returns>
    public static CborMap FromText(params (string Key, CborValue Value)[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new CborMap(entries.Select(e => new KeyValuePair<CborValue, CborValue>(new CborTextString(e.Key), e.Value)));
    }

    /// <summary>A builder-style helper: a map of integer keys (COSE headers and keys).</summary>
    /// <param name="entries">Key and value pairs.</param>
    /// <returns>The map.</returns>
    public static CborMap FromLabels(params (long Key, CborValue Value)[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new CborMap(entries.Select(e => new KeyValuePair<CborValue, CborValue>(new CborInteger(e.Key), e.Value)));
    }

    /// <summary>A map over entries whose keys the decoder has already found unique (compared as decoded values).</summary>
    internal static CborMap FromUniqueEntries(List<KeyValuePair<CborValue, CborValue>> entries) => new(entries);

    /// <summary>
    /// Whether two entries share a key, compared as decoded values (<see cref="CborKeyComparer"/>). Maps of up to
    /// <see cref="PairwiseLimit"/> entries (nearly all in mdoc and COSE) are compared pair by pair, which allocates nothing
    /// for text and integer keys; larger ones go through a set.
    /// </summary>
    private static bool HasDuplicateKey(IReadOnlyList<KeyValuePair<CborValue, CborValue>> entries)
    {
        if (entries.Count <= PairwiseLimit)
        {
            for (var i = 1; i < entries.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (CborKeyComparer.Instance.Equals(entries[i].Key, entries[j].Key))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        var seen = new HashSet<CborValue>(CborKeyComparer.Instance);
        foreach (var entry in entries)
        {
            if (!seen.Add(entry.Key))
            {
                return true;
            }
        }

        return false;
    }

    private const int PairwiseLimit = 32;

    private protected override void WriteContent(CborWriter writer)
    {
        writer.WriteStartMap(Entries.Count);
        foreach (var entry in Entries)
        {
            entry.Key.WriteTo(writer);
            entry.Value.WriteTo(writer);
        }

        writer.WriteEndMap();
    }
}
