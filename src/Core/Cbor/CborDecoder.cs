using System.Text;
using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>
/// Strict, bounded CBOR decoding into <see cref="CborValue"/>. Rejects, with a
/// <see cref="CredentialFormatException"/>: input larger than the limit, nesting deeper than the limit,
/// duplicate map keys, trailing bytes, invalid UTF-8, indefinite lengths (unless allowed), non-shortest
/// integers and lengths (unless allowed), malformed <c>full-date</c> and <c>tdate</c> values, and tag-24
/// items whose content is not exactly one well-formed data item.
/// </summary>
public static class CborDecoder
{
    /// <summary>Decodes exactly one data item.</summary>
    /// <param name="encoded">The encoded item. The memory is referenced, not copied: keep it unchanged.</param>
    /// <param name="options">Bounds and strictness; <see cref="CborDecodeOptions.Default"/> when null.</param>
    /// <returns>The decoded value.</returns>
    /// <exception cref="CredentialFormatException">The input is not one well-formed item within the bounds.</exception>
    public static CborValue Decode(ReadOnlyMemory<byte> encoded, CborDecodeOptions? options = null)
    {
        options ??= CborDecodeOptions.Default;
        if (encoded.Length > options.MaxInputLength)
        {
            throw new CredentialFormatException(CborFailureCodes.TooLarge, $"The CBOR input is {encoded.Length} bytes; the limit is {options.MaxInputLength}.");
        }

        if (encoded.IsEmpty)
        {
            throw new CredentialFormatException(CborFailureCodes.Malformed, "The CBOR input is empty.");
        }

        return DecodeItem(encoded, options, depth: 0);
    }

    /// <summary>Decodes exactly one data item, without throwing.</summary>
    /// <param name="encoded">The encoded item.</param>
    /// <param name="value">The value, when decoding succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <param name="options">Bounds and strictness.</param>
    /// <returns>Whether decoding succeeded.</returns>
    public static bool TryDecode(
        ReadOnlyMemory<byte> encoded,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CborValue? value,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out CredentialFormatException? error,
        CborDecodeOptions? options = null)
    {
        return CredentialFormatException.Try(() => Decode(encoded, options), out value, out error);
    }

    private static CborValue DecodeItem(ReadOnlyMemory<byte> encoded, CborDecodeOptions options, int depth)
    {
        var reader = new CborReader(encoded, CborConformanceMode.Lax, allowMultipleRootLevelValues: false);
        try
        {
            var value = Read(reader, encoded, options, depth);
            if (reader.BytesRemaining != 0)
            {
                throw new CredentialFormatException(CborFailureCodes.TrailingBytes, $"{reader.BytesRemaining} bytes follow the CBOR data item.");
            }

            return value;
        }
        catch (CborContentException e)
        {
            throw new CredentialFormatException(CborFailureCodes.Malformed, "The CBOR input is not well formed: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            throw new CredentialFormatException(CborFailureCodes.Malformed, "The CBOR input is not well formed: " + e.Message, e);
        }
        catch (FormatException e)
        {
            throw new CredentialFormatException(CborFailureCodes.Malformed, "The CBOR input is not well formed: " + e.Message, e);
        }
    }

    private static CborValue Read(CborReader reader, ReadOnlyMemory<byte> source, CborDecodeOptions options, int depth)
    {
        if (depth > options.MaxDepth)
        {
            throw new CredentialFormatException(CborFailureCodes.TooDeep, $"The CBOR input nests deeper than {options.MaxDepth} levels.");
        }

        var start = source.Length - reader.BytesRemaining;
        var state = reader.PeekState();
        if (options.RequireShortestEncoding)
        {
            CheckShortestHead(source.Span[start..]);
        }

        CborValue value = state switch
        {
            CborReaderState.UnsignedInteger => new CborInteger(reader.ReadUInt64()),
            CborReaderState.NegativeInteger => new CborInteger(-1 - (Int128)reader.ReadCborNegativeIntegerRepresentation()),
            CborReaderState.ByteString => new CborByteString(reader.ReadDefiniteLengthByteString()),
            CborReaderState.StartIndefiniteLengthByteString => ReadIndefiniteByteString(reader, options),
            CborReaderState.TextString => new CborTextString(ReadText(reader)),
            CborReaderState.StartIndefiniteLengthTextString => ReadIndefiniteTextString(reader, options),
            CborReaderState.StartArray => ReadArray(reader, source, options, depth),
            CborReaderState.StartMap => ReadMap(reader, source, options, depth),
            CborReaderState.Tag => ReadTagged(reader, source, options, depth),
            CborReaderState.Boolean => CborBoolean.From(reader.ReadBoolean()),
            CborReaderState.Null => ReadNull(reader),
            CborReaderState.SimpleValue or CborReaderState.Undefined => new CborSimpleValue((byte)reader.ReadSimpleValue()),
            CborReaderState.HalfPrecisionFloat or CborReaderState.SinglePrecisionFloat or CborReaderState.DoublePrecisionFloat => new CborFloat(reader.ReadDouble()),
            _ => throw new CredentialFormatException(CborFailureCodes.Malformed, $"Unexpected CBOR reader state {state}."),
        };

        var end = source.Length - reader.BytesRemaining;
        value.SetEncodedBytes(source[start..end]);
        return value;
    }

    private static string ReadText(CborReader reader)
    {
        try
        {
            return StrictUtf8.GetString(reader.ReadDefiniteLengthTextStringBytes().Span);
        }
        catch (DecoderFallbackException e)
        {
            throw new CredentialFormatException(CborFailureCodes.Malformed, "A CBOR text string is not valid UTF-8.", e);
        }
    }

    private static CborNull ReadNull(CborReader reader)
    {
        reader.ReadNull();
        return new CborNull();
    }

    private static CborByteString ReadIndefiniteByteString(CborReader reader, CborDecodeOptions options)
    {
        if (!options.AllowIndefiniteLengths)
        {
            throw new CredentialFormatException(CborFailureCodes.IndefiniteLength, "Indefinite-length byte strings are not allowed.");
        }

        return new CborByteString(reader.ReadByteString());
    }

    private static CborTextString ReadIndefiniteTextString(CborReader reader, CborDecodeOptions options)
    {
        if (!options.AllowIndefiniteLengths)
        {
            throw new CredentialFormatException(CborFailureCodes.IndefiniteLength, "Indefinite-length text strings are not allowed.");
        }

        return new CborTextString(reader.ReadTextString());
    }

    private static CborArray ReadArray(CborReader reader, ReadOnlyMemory<byte> source, CborDecodeOptions options, int depth)
    {
        var length = reader.ReadStartArray();
        CheckLength(length, options, "array");
        var items = new List<CborValue>(Math.Min(length ?? 4, 1024));
        while (reader.PeekState() != CborReaderState.EndArray)
        {
            if (items.Count >= options.MaxCollectionLength)
            {
                throw new CredentialFormatException(CborFailureCodes.TooLarge, $"A CBOR array has more than {options.MaxCollectionLength} items.");
            }

            items.Add(Read(reader, source, options, depth + 1));
        }

        reader.ReadEndArray();
        return new CborArray(items);
    }

    private static CborMap ReadMap(CborReader reader, ReadOnlyMemory<byte> source, CborDecodeOptions options, int depth)
    {
        var length = reader.ReadStartMap();
        CheckLength(length, options, "map");
        var entries = new List<KeyValuePair<CborValue, CborValue>>(Math.Min(length ?? 4, 1024));

        // Keys are compared by the data item they decode to (CborKeyComparer), never by their bytes: with non-shortest
        // encodings or indefinite lengths accepted, 0x01 and 0x1a00000001 are one key. Small maps (nearly all) compare each
        // key with the earlier ones; a set only past PairwiseKeyLimit.
        HashSet<CborValue>? keys = null;
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            if (entries.Count >= options.MaxCollectionLength)
            {
                throw new CredentialFormatException(CborFailureCodes.TooLarge, $"A CBOR map has more than {options.MaxCollectionLength} entries.");
            }

            var key = Read(reader, source, options, depth + 1);
            if (entries.Count == PairwiseKeyLimit)
            {
                keys = new HashSet<CborValue>(entries.Select(e => e.Key), CborKeyComparer.Instance);
            }

            if (keys is null ? HasKey(entries, key) : !keys.Add(key))
            {
                throw new CredentialFormatException(CborFailureCodes.DuplicateKey, "A CBOR map holds the same key twice.");
            }

            var value = Read(reader, source, options, depth + 1);
            entries.Add(new(key, value));
        }

        reader.ReadEndMap();
        return CborMap.FromUniqueEntries(entries);
    }

    private const int PairwiseKeyLimit = 32;

    private static bool HasKey(List<KeyValuePair<CborValue, CborValue>> entries, CborValue key)
    {
        foreach (var entry in entries)
        {
            if (CborKeyComparer.Instance.Equals(entry.Key, key))
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckLength(int? length, CborDecodeOptions options, string what)
    {
        if (length is null)
        {
            if (!options.AllowIndefiniteLengths)
            {
                throw new CredentialFormatException(CborFailureCodes.IndefiniteLength, $"Indefinite-length {what}s are not allowed.");
            }
        }
        else if (length > options.MaxCollectionLength)
        {
            throw new CredentialFormatException(CborFailureCodes.TooLarge, $"A CBOR {what} declares {length} entries; the limit is {options.MaxCollectionLength}.");
        }
    }

    private static CborValue ReadTagged(CborReader reader, ReadOnlyMemory<byte> source, CborDecodeOptions options, int depth)
    {
        var tag = (ulong)reader.ReadTag();
        if (options.RequireShortestEncoding && reader.BytesRemaining > 0)
        {
            // Known tags read their content directly, so check the content's head here.
            CheckShortestHead(source.Span[(source.Length - reader.BytesRemaining)..]);
        }

        switch (tag)
        {
            case CborEncodedItem.TagNumber:
            {
                if (reader.PeekState() != CborReaderState.ByteString)
                {
                    throw new CredentialFormatException(CborFailureCodes.Malformed, "Tag 24 must enclose a definite-length byte string.");
                }

                var content = reader.ReadDefiniteLengthByteString();
                var inner = DecodeNested(content, options, depth + 1);
                return new CborEncodedItem(content, inner);
            }

            case CborFullDate.TagNumber:
            {
                if (reader.PeekState() != CborReaderState.TextString)
                {
                    throw new CredentialFormatException(CborFailureCodes.Malformed, "Tag 1004 (full-date) must enclose a text string.");
                }

                var text = ReadText(reader);
                return CborFullDate.TryParse(text, out var date)
                    ? new CborFullDate(date)
                    : throw new CredentialFormatException(CborFailureCodes.Malformed, "Tag 1004 (full-date) does not enclose a YYYY-MM-DD date.");
            }

            case (ulong)CborTag.DateTimeString:
            {
                if (reader.PeekState() != CborReaderState.TextString)
                {
                    throw new CredentialFormatException(CborFailureCodes.Malformed, "Tag 0 (tdate) must enclose a text string.");
                }

                var text = ReadText(reader);
                return CborDateTime.TryParse(text)
                    ?? throw new CredentialFormatException(CborFailureCodes.Malformed, "Tag 0 (tdate) does not enclose an RFC 3339 date-time.");
            }

            default:
                return new CborTaggedValue(tag, Read(reader, source, options, depth + 1));
        }
    }

    private static CborValue DecodeNested(ReadOnlyMemory<byte> content, CborDecodeOptions options, int depth)
    {
        if (content.IsEmpty)
        {
            throw new CredentialFormatException(CborFailureCodes.Malformed, "A tag-24 item encloses no data item.");
        }

        var reader = new CborReader(content, CborConformanceMode.Lax, allowMultipleRootLevelValues: false);
        var value = Read(reader, content, options, depth);
        if (reader.BytesRemaining != 0)
        {
            throw new CredentialFormatException(CborFailureCodes.TrailingBytes, "Bytes follow the data item inside a tag-24 item.");
        }

        return value;
    }

    private static void CheckShortestHead(ReadOnlySpan<byte> head)
    {
        var major = head[0] >> 5;
        var info = head[0] & 0x1f;
        if (major == 7 || info < 24 || info > 27 || head.Length < 1 + (1 << (info - 24)))
        {
            return;
        }

        ulong argument = info switch
        {
            24 => head[1],
            25 => (ulong)((head[1] << 8) | head[2]),
            26 => ((ulong)head[1] << 24) | ((ulong)head[2] << 16) | ((ulong)head[3] << 8) | head[4],
            _ => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(head[1..9]),
        };

        var shortest = argument < 24 ? 23 : argument <= byte.MaxValue ? 24 : argument <= ushort.MaxValue ? 25 : argument <= uint.MaxValue ? 26 : 27;
        if (info != shortest)
        {
            throw new CredentialFormatException(CborFailureCodes.NonShortestEncoding, "A CBOR integer, length or tag is not in its shortest encoding.");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
