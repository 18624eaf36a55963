using System.Text;
using Honnin.Mdoc;

namespace Honnin.Interop.Mdoc.Tests.Support;

/// <summary>
/// Byte-level edits of an encoded DeviceResponse. CBOR arrays and maps count items, not bytes, so one tag-24
/// IssuerSignedItem can be swapped for another of a different length without touching the structures around it.
/// </summary>
internal static class ResponseBytes
{
    /// <summary>The response with one item's tag-24 bytes replaced.</summary>
    public static byte[] ReplaceItem(DeviceResponse response, IssuerSignedItem item, byte[] replacement)
    {
        var bytes = response.Encoded.EncodedBytes.Span;
        var original = item.ItemBytes.EncodedBytes.Span;
        var at = bytes.IndexOf(original);
        Assert.True(at >= 0 && bytes[(at + 1)..].IndexOf(original) < 0, "The item must occur exactly once in the response.");
        return [.. bytes[..at], .. replacement, .. bytes[(at + original.Length)..]];
    }

    /// <summary>The item with the first byte of its random salt flipped: same structure, other digest.</summary>
    public static byte[] WithRandomByteFlipped(IssuerSignedItem item)
    {
        var bytes = item.ItemBytes.EncodedBytes.ToArray();
        var at = bytes.AsSpan().IndexOf(item.Random.Span);
        bytes[at] ^= 0x01;
        return bytes;
    }

    /// <summary>
    /// The same IssuerSignedItem, decoding to the same values, but with the length of its 32-byte random salt written in
    /// two bytes (<c>59 00 20</c>) instead of the shortest form (<c>58 20</c>) the issuer hashed.
    /// </summary>
    public static byte[] WithNonShortestSaltLength(IssuerSignedItem item)
    {
        var content = item.ItemBytes.ContentBytes.Span;
        byte[] shortest = [0x66, .. Encoding.ASCII.GetBytes("random"), 0x58, (byte)item.Random.Length];
        var at = content.IndexOf(shortest);
        Assert.True(at >= 0 && item.Random.Length is >= 24 and <= 255, "The salt must be written as 58 nn after its key.");
        byte[] edited = [.. content[..(at + 7)], 0x59, 0x00, (byte)item.Random.Length, .. content[(at + shortest.Length)..]];
        return Tag24(edited);
    }

    /// <summary><c>#6.24(bstr)</c> around <paramref name="content"/>.</summary>
    private static byte[] Tag24(byte[] content)
    {
        byte[] header = content.Length switch
        {
            < 24 => [(byte)(0x40 | content.Length)],
            <= byte.MaxValue => [0x58, (byte)content.Length],
            _ => [0x59, (byte)(content.Length >> 8), (byte)content.Length],
        };
        return [0xd8, 0x18, .. header, .. content];
    }
}
