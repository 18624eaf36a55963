using System.Formats.Cbor;
using Honnin.Cbor;

namespace Honnin.Cose;

/// <summary>Shared decoding and to-be-signed building for COSE_Sign1 and COSE_Mac0.</summary>
internal static class CoseStructure
{
    public static (CoseHeaderSet Headers, ReadOnlyMemory<byte>? Payload, ReadOnlyMemory<byte> Tag) Decode(CborValue value, ulong expectedTag, string name, CborDecodeOptions? options)
    {
        if (value is CborTaggedValue tagged)
        {
            if (tagged.Tag != expectedTag)
            {
                throw new CredentialFormatException(CoseFailureCodes.Malformed, $"The {name} carries an unexpected tag.");
            }

            value = tagged.Content;
        }

        if (value is not CborArray array || array.Count != 4)
        {
            throw new CredentialFormatException(CoseFailureCodes.Malformed, $"The {name} is not an array of four items.");
        }

        var headers = CoseHeaderSet.Decode(array[0], array[1], options);
        ReadOnlyMemory<byte>? payload = array[2] switch
        {
            CborByteString bytes => bytes.Value,
            CborNull => (ReadOnlyMemory<byte>?)null,
            _ => throw new CredentialFormatException(CoseFailureCodes.Malformed, $"The {name} payload is neither a byte string nor null."),
        };
        var tag = array[3] is CborByteString signature
            ? signature.Value
            : throw new CredentialFormatException(CoseFailureCodes.Malformed, $"The last item of the {name} is not a byte string.");
        return (headers, payload, tag);
    }

    /// <summary>Builds <c>[context, body_protected, external_aad, payload]</c> (RFC 9052 §4.4 and §6.3).</summary>
    public static byte[] BuildToBeSigned(string context, ReadOnlySpan<byte> protectedBytes, ReadOnlySpan<byte> externalAad, ReadOnlySpan<byte> payload)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, initialCapacity: payload.Length + protectedBytes.Length + externalAad.Length + 32);
        writer.WriteStartArray(4);
        writer.WriteTextString(context);
        writer.WriteByteString(protectedBytes);
        writer.WriteByteString(externalAad);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }

    public static CborArray Build(CoseHeaderSet headers, ReadOnlyMemory<byte> payload, CosePayloadMode mode, byte[] tag) => new(
        new CborByteString(headers.ProtectedBytes),
        headers.Unprotected,
        mode == CosePayloadMode.Detached ? new CborNull() : new CborByteString(payload),
        new CborByteString(tag));

    public static ReadOnlySpan<byte> PayloadFor(ReadOnlyMemory<byte>? embedded, ReadOnlyMemory<byte>? detached, string name)
    {
        if (embedded is { } inside)
        {
            if (detached is not null)
            {
                throw new ArgumentException($"The {name} carries its payload; do not pass a detached one.", nameof(detached));
            }

            return inside.Span;
        }

        return detached is { } outside ? outside.Span : throw new ArgumentException($"The {name} payload is detached; pass it.", nameof(detached));
    }
}
