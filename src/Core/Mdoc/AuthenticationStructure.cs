using System.Formats.Cbor;
using Honnin.Cbor;

namespace Honnin.Mdoc;

/// <summary>
/// Builds the tag-24-wrapped <c>[context, SessionTranscript, …]</c> structures of ISO 18013-5 (DeviceAuthentication,
/// ReaderAuthentication), embedding the transcript and the other items as their received bytes.
/// </summary>
internal static class AuthenticationStructure
{
    public static byte[] Build(string context, ReadOnlySpan<byte> sessionTranscript, params CborValue[] items)
    {
        var capacity = sessionTranscript.Length + 64;
        foreach (var item in items)
        {
            capacity += item.EncodedBytes.Length;
        }

        var inner = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, initialCapacity: capacity);
        inner.WriteStartArray(2 + items.Length);
        inner.WriteTextString(context);
        inner.WriteEncodedValue(sessionTranscript);
        foreach (var item in items)
        {
            item.WriteTo(inner);
        }

        inner.WriteEndArray();
        var content = inner.Encode();

        var outer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, initialCapacity: content.Length + 12);
        outer.WriteTag((CborTag)CborEncodedItem.TagNumber);
        outer.WriteByteString(content);
        return outer.Encode();
    }
}
