using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Honnin.Cbor;

namespace Honnin.Core.Tests.Cbor;

/// <summary>
/// Map keys are compared as the data items they decode to, not as bytes (RFC 8949 §5.6: a duplicate is "the same data
/// item"): once non-shortest encodings or indefinite lengths are accepted, a key spelled another way must still count as
/// the same key, or a second value could hide behind it. Each duplicate sits beside a twin with genuinely distinct keys.
/// </summary>
public sealed class CborKeyIdentityTests
{
    private static readonly CborDecodeOptions Lenient = new() { RequireShortestEncoding = false };
    private static readonly CborDecodeOptions LenientWithIndefinite = new() { RequireShortestEncoding = false, AllowIndefiniteLengths = true };

    private static CredentialFormatException Fails(string hex, CborDecodeOptions options) =>
        Assert.Throws<CredentialFormatException>(() => CborDecoder.Decode(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), options));

    private static CborMap Decodes(string hex, CborDecodeOptions options) =>
        Assert.IsType<CborMap>(CborDecoder.Decode(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), options));

    [Theory]
    [InlineData("a2 01 00 1a00000001 00")] // 1 and 1 in four bytes
    [InlineData("a2 1b0000000000000001 00 01 00")] // 1 in eight bytes, then 1
    [InlineData("a2 20 00 3800 00")] // -1 and -1 in one extra byte
    [InlineData("a2 6161 00 7801 61 00")] // "a" with a one-byte and a two-byte length
    [InlineData("a2 4100 00 5801 00 00")] // h'00' with two length encodings
    [InlineData("a2 8101 00 81 1a00000001 00")] // [1] and [1 in four bytes]
    [InlineData("a2 d9 03ec 6a 323031392d31302d3230 00 da000003ec 6a 323031392d31302d3230 00")] // full-date with the tag in two widths
    public void A_key_spelled_with_a_non_shortest_head_is_the_same_key(string hex)
    {
        Assert.Equal(CborFailureCodes.DuplicateKey, Fails(hex, Lenient).Code);

        // Strict decoding stops at the encoding first.
        Assert.Equal(CborFailureCodes.NonShortestEncoding, Fails(hex, CborDecodeOptions.Default).Code);
    }

    [Theory]
    [InlineData("a2 6161 00 7f6161ff 00")] // "a" and "a" in one indefinite-length chunk
    [InlineData("a2 626162 00 7f 6161 6162 ff 00")] // "ab" and "a" + "b"
    [InlineData("a2 4100 00 5f4100ff 00")] // h'00' definite and indefinite
    [InlineData("a2 8101 00 9f01ff 00")] // [1] definite and indefinite
    public void A_key_spelled_with_an_indefinite_length_is_the_same_key(string hex)
    {
        Assert.Equal(CborFailureCodes.DuplicateKey, Fails(hex, LenientWithIndefinite).Code);
        Assert.Equal(CborFailureCodes.IndefiniteLength, Fails(hex, CborDecodeOptions.Default).Code);
    }

    [Theory]
    [InlineData("a2 f93c00 00 fb3ff0000000000000 00")] // 1.0 as half and as double precision
    [InlineData("a2 fa3fc00000 00 f93e00 00")] // 1.5 as single and as half precision
    [InlineData("a2 a201020304 00 a203040102 00")] // {1: 2, 3: 4} and {3: 4, 1: 2}
    public void Keys_equal_as_values_are_duplicates_even_in_their_shortest_form(string hex)
    {
        Assert.Equal(CborFailureCodes.DuplicateKey, Fails(hex, CborDecodeOptions.Default).Code);
    }

    [Theory]
    [InlineData("a4 01 00 6131 00 4101 00 f93c00 00")] // 1, "1", h'01', 1.0
    [InlineData("a3 01 00 20 00 1a00010000 00")] // 1, -1, 65536
    [InlineData("a2 8101 00 8102 00")] // [1], [2]
    [InlineData("a2 a10102 00 a10103 00")] // {1: 2}, {1: 3}
    [InlineData("a2 c074323032302d31302d30315431333a33303a30325a 00 c074323032302d31302d30315431333a33303a30335a 00")] // two instants
    public void Distinct_keys_stay_distinct(string hex)
    {
        var map = Decodes(hex, Lenient);
        Assert.Equal(map.Count, map.Entries.Count);
    }

    [Theory]
    [InlineData(33, 20)]
    [InlineData(100, 99)]
    public void A_key_hidden_by_its_encoding_is_found_in_large_maps_too(int size, int repeatAt)
    {
        // Past 32 entries the decoder compares keys through a set: entry `repeatAt` spells key 0 in nine bytes.
        var writer = new System.Formats.Cbor.CborWriter(System.Formats.Cbor.CborConformanceMode.Lax);
        writer.WriteStartMap(size);
        for (var i = 0; i < size; i++)
        {
            if (i == repeatAt)
            {
                writer.WriteEncodedValue(Convert.FromHexString("1b0000000000000000"));
            }
            else
            {
                writer.WriteInt32(i);
            }

            writer.WriteNull();
        }

        writer.WriteEndMap();
        var error = Assert.Throws<CredentialFormatException>(() => CborDecoder.Decode(writer.Encode(), Lenient));
        Assert.Equal(CborFailureCodes.DuplicateKey, error.Code);
    }

    [Property(MaxTest = 200, Replay = "(2718,2819)")]
    public bool Any_two_encodings_of_one_integer_key_collide(ulong key, byte firstWidth, byte secondWidth)
    {
        var first = Encode(key, firstWidth);
        var second = Encode(key, secondWidth);
        var map = new byte[] { 0xa2 }.Concat(first).Append((byte)0x00).Concat(second).Append((byte)0x01).ToArray();
        return !CborDecoder.TryDecode(map, out _, out var error, Lenient) && error.Code == CborFailureCodes.DuplicateKey;
    }

    [Fact]
    public void A_map_built_in_code_refuses_keys_equal_as_values()
    {
        var bytes = new KeyValuePair<CborValue, CborValue>(new CborByteString(new byte[] { 1, 2 }), new CborNull());
        var same = new KeyValuePair<CborValue, CborValue>(new CborByteString(new byte[] { 1, 2 }), new CborInteger(1));
        Assert.Throws<ArgumentException>(() => new CborMap([bytes, same]));

        var other = new KeyValuePair<CborValue, CborValue>(new CborByteString(new byte[] { 1, 3 }), new CborInteger(1));
        Assert.Equal(2, new CborMap([bytes, other]).Count);
    }

    [Fact]
    public void A_non_shortest_map_decodes_leniently_and_keeps_its_received_bytes()
    {
        var hex = "a2 1a00000001 00 7803 616263 1900ff";
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        var map = Decodes(hex, Lenient);

        Assert.True(map.EncodedBytes.Span.SequenceEqual(bytes));
        Assert.True(map.TryGetValue(1, out var one));
        Assert.Equal(0, Assert.IsType<CborInteger>(one).Value);
        Assert.True(map.TryGetValue("abc", out var abc));
        Assert.Equal(255, Assert.IsType<CborInteger>(abc).Value);
    }

    /// <summary>The integer in the width selected by <paramref name="width"/> (0: shortest, then 1, 2, 4 or 8 argument bytes), never narrower than it fits.</summary>
    private static byte[] Encode(ulong value, byte width)
    {
        var minimum = value < 24 ? 0 : value <= byte.MaxValue ? 1 : value <= ushort.MaxValue ? 2 : value <= uint.MaxValue ? 3 : 4;
        var choice = Math.Max(minimum, width % 5);
        return choice switch
        {
            0 => [(byte)value],
            1 => [0x18, (byte)value],
            2 => [0x19, (byte)(value >> 8), (byte)value],
            3 => [0x1a, (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value],
            _ => [0x1b, .. BitConverter.GetBytes(value).Reverse()],
        };
    }
}
