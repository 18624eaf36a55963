using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>
/// Compares map keys by the data item they decode to, never by their bytes: <c>01</c> and <c>1a 00 00 00 01</c> are the
/// same key, as are a text string with a one-byte and with a two-byte length. Duplicate-key detection must not depend on
/// the encoding, or a second value could hide behind a key spelled differently once non-shortest encodings or
/// indefinite lengths are accepted.
/// </summary>
/// <remarks>
/// Text and integer keys (nearly every key in mdoc and COSE) are compared by value without allocating. Other keys are
/// compared through their deterministic encoding (RFC 8949 §4.2.1: shortest heads, definite lengths, map entries sorted by
/// their encoded keys), computed from the decoded value. Floating-point keys compare by value, whatever their width; a
/// <c>tdate</c> or <c>full-date</c> key compares by the instant or date it names, so two spellings of one instant count as
/// the same key (stricter than the data model, never looser).
/// </remarks>
internal sealed class CborKeyComparer : IEqualityComparer<CborValue>
{
    public static CborKeyComparer Instance { get; } = new();

    public bool Equals(CborValue? x, CborValue? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null)
        {
            return false;
        }

        return (x, y) switch
        {
            (CborTextString a, CborTextString b) => string.Equals(a.Value, b.Value, StringComparison.Ordinal),
            (CborInteger a, CborInteger b) => a.Value == b.Value,
            (CborByteString a, CborByteString b) => a.Value.Span.SequenceEqual(b.Value.Span),
            (CborTextString or CborInteger or CborByteString, _) or (_, CborTextString or CborInteger or CborByteString) => false,
            _ => Canonical(x).AsSpan().SequenceEqual(Canonical(y)),
        };
    }

    public int GetHashCode(CborValue obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = new HashCode();
        switch (obj)
        {
            case CborTextString text:
                hash.Add(1);
                hash.Add(text.Value, StringComparer.Ordinal);
                break;
            case CborInteger integer:
                hash.Add(2);
                hash.Add(integer.Value);
                break;
            case CborByteString bytes:
                hash.Add(3);
                hash.AddBytes(bytes.Value.Span);
                break;
            default:
                hash.Add(4);
                hash.AddBytes(Canonical(obj));
                break;
        }

        return hash.ToHashCode();
    }

    /// <summary>The deterministic encoding of a value, computed from what it decoded to (not from its received bytes).</summary>
    internal static byte[] Canonical(CborValue value)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);
        Write(writer, value);
        return writer.Encode();
    }

    private static void Write(CborWriter writer, CborValue value)
    {
        switch (value)
        {
            case CborInteger integer when integer.Value >= 0:
                writer.WriteUInt64((ulong)integer.Value);
                break;
            case CborInteger integer:
                writer.WriteCborNegativeIntegerRepresentation((ulong)(-1 - integer.Value));
                break;
            case CborByteString bytes:
                writer.WriteByteString(bytes.Value.Span);
                break;
            case CborTextString text:
                writer.WriteTextString(text.Value);
                break;
            case CborArray array:
                writer.WriteStartArray(array.Count);
                foreach (var item in array.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case CborMap map:
                var entries = map.Entries
                    .Select(e => (Key: Canonical(e.Key), Value: Canonical(e.Value)))
                    .OrderBy(e => e.Key, ByteOrder.Instance)
                    .ToList();
                writer.WriteStartMap(entries.Count);
                foreach (var (key, item) in entries)
                {
                    writer.WriteEncodedValue(key);
                    writer.WriteEncodedValue(item);
                }

                writer.WriteEndMap();
                break;
            case CborEncodedItem encoded:
                writer.WriteTag((CborTag)CborEncodedItem.TagNumber);
                writer.WriteByteString(encoded.ContentBytes.Span);
                break;
            case CborDateTime time:
                writer.WriteTag(CborTag.DateTimeString);
                writer.WriteTextString(time.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
                break;
            case CborFullDate date:
                writer.WriteTag((CborTag)CborFullDate.TagNumber);
                writer.WriteTextString(date.ToIsoString());
                break;
            case CborTaggedValue tagged:
                writer.WriteTag((CborTag)tagged.Tag);
                Write(writer, tagged.Content);
                break;
            case CborFloat number:
                writer.WriteDouble(number.Value);
                break;
            case CborBoolean boolean:
                writer.WriteBoolean(boolean.Value);
                break;
            case CborNull:
                writer.WriteNull();
                break;
            case CborSimpleValue simple:
                writer.WriteSimpleValue((System.Formats.Cbor.CborSimpleValue)simple.Value);
                break;
            default:
                throw new InvalidOperationException("Unknown CBOR value type.");
        }
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static ByteOrder Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
