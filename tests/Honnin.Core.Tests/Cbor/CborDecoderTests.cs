using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Honnin.Cbor;
using Honnin.Tests;

namespace Honnin.Core.Tests.Cbor;

public sealed class CborDecoderTests
{
    private static CredentialFormatException Fails(string hex, CborDecodeOptions? options = null) =>
        Assert.Throws<CredentialFormatException>(() => CborDecoder.Decode(Convert.FromHexString(hex), options));

    [Fact]
    public void Annex_D_device_response_decodes_and_every_value_keeps_its_received_bytes()
    {
        // Source: ISO/IEC 18013-5 Annex D DeviceResponse (tests/vectors/mdoc/iso18013-5-annexd.json).
        var bytes = Vectors.AnnexD("DeviceResponse");
        var value = CborDecoder.Decode(bytes);

        Assert.True(value.EncodedBytes.Span.SequenceEqual(bytes));
        var map = Assert.IsType<CborMap>(value);
        Assert.True(map.TryGetValue("documents", out var documents));
        var document = Assert.IsType<CborMap>(Assert.IsType<CborArray>(documents)[0]);
        Assert.True(document.TryGetValue("docType", out var docType));
        Assert.Equal("org.iso.18013.5.1.mDL", Assert.IsType<CborTextString>(docType).Value);
    }

    [Fact]
    public void Tag_24_item_keeps_whole_tagged_bytes_and_content_bytes()
    {
        var value = Assert.IsType<CborEncodedItem>(CborDecoder.Decode(Convert.FromHexString("d81843a10102")));
        Assert.Equal("d81843a10102", Convert.ToHexStringLower(value.EncodedBytes.Span));
        Assert.Equal("a10102", Convert.ToHexStringLower(value.ContentBytes.Span));
        Assert.IsType<CborMap>(value.Content);
    }

    [Fact]
    public void Full_date_and_tdate_are_typed()
    {
        var date = Assert.IsType<CborFullDate>(CborDecoder.Decode(Convert.FromHexString("d903ec6a323031392d31302d3230")));
        Assert.Equal(new DateOnly(2019, 10, 20), date.Value);

        var time = Assert.IsType<CborDateTime>(CborDecoder.Decode(Convert.FromHexString("c074323032302d31302d30315431333a33303a30325a")));
        Assert.Equal(new DateTimeOffset(2020, 10, 1, 13, 30, 2, TimeSpan.Zero), time.Value);
    }

    [Fact]
    public void Tdate_with_fractional_seconds_is_accepted_when_reading()
    {
        var text = new CborTextString("2025-02-19T23:36:58.210391Z");
        var tagged = new CborTaggedValue(0, text);
        var time = Assert.IsType<CborDateTime>(CborDecoder.Decode(tagged.EncodedBytes));
        Assert.Equal(58, time.Value.Second);
    }

    [Theory]
    [InlineData("2025-02-19T23:36:58.123456789Z", 1234567)]     // nanoseconds, as EUDI wallet issuers write them
    [InlineData("2025-02-19T23:36:58.123456789012+00:00", 1234567)]
    [InlineData("2025-02-19T23:36:58.1Z", 1000000)]
    public void Tdate_with_any_number_of_fraction_digits_is_accepted_when_reading(string text, long ticksInSecond)
    {
        var time = Assert.IsType<CborDateTime>(CborDecoder.Decode(new CborTaggedValue(0, new CborTextString(text)).EncodedBytes));

        Assert.Equal(new DateTimeOffset(2025, 2, 19, 23, 36, 58, TimeSpan.Zero).AddTicks(ticksInSecond), time.Value);
    }

    [Theory]
    [InlineData("2025-02-19T23:36:58.Z")]
    [InlineData("2025-02-19T23:36:58.123456789")]
    [InlineData("2025-02-19 23:36:58.123456789Z")]
    public void Tdate_without_fraction_digits_or_offset_is_refused(string text) =>
        Assert.Equal(CborFailureCodes.Malformed, Assert.Throws<CredentialFormatException>(() => CborDecoder.Decode(new CborTaggedValue(0, new CborTextString(text)).EncodedBytes)).Code);

    [Fact]
    public void Tdate_is_written_in_utc_without_fractions()
    {
        var value = new CborDateTime(new DateTimeOffset(2024, 1, 2, 12, 0, 0, 500, TimeSpan.FromHours(9)));
        var decoded = Assert.IsType<CborDateTime>(CborDecoder.Decode(value.EncodedBytes));
        Assert.Equal("2024-01-02T03:00:00Z", decoded.ToIsoString());
    }

    [Theory]
    [InlineData("a2616101616102", CborFailureCodes.DuplicateKey)]
    [InlineData("a201010102", CborFailureCodes.DuplicateKey)]
    [InlineData("0000", CborFailureCodes.TrailingBytes)]
    [InlineData("9f01ff", CborFailureCodes.IndefiniteLength)]
    [InlineData("bf6161 01ff", CborFailureCodes.IndefiniteLength)]
    [InlineData("5f4101ff", CborFailureCodes.IndefiniteLength)]
    [InlineData("1817", CborFailureCodes.NonShortestEncoding)]
    [InlineData("190017", CborFailureCodes.NonShortestEncoding)]
    [InlineData("1b0000000000000001", CborFailureCodes.NonShortestEncoding)]
    [InlineData("980100", CborFailureCodes.NonShortestEncoding)]
    [InlineData("62c328", CborFailureCodes.Malformed)]
    [InlineData("83010203ff", CborFailureCodes.TrailingBytes)]
    [InlineData("8301", CborFailureCodes.Malformed)]
    [InlineData("", CborFailureCodes.Malformed)]
    [InlineData("d818a0", CborFailureCodes.Malformed)]
    [InlineData("d8184118", CborFailureCodes.Malformed)]
    [InlineData("a28201020082010200", CborFailureCodes.DuplicateKey)]
    [InlineData("d818420000", CborFailureCodes.TrailingBytes)]
    [InlineData("d8185804 83f6f6f6", CborFailureCodes.NonShortestEncoding)]
    [InlineData("d903ec7800", CborFailureCodes.NonShortestEncoding)]
    [InlineData("d903ec6a323031392d31332d3230", CborFailureCodes.Malformed)]
    [InlineData("c06a323031392d31302d3230", CborFailureCodes.Malformed)]
    [InlineData("d903ec01", CborFailureCodes.Malformed)]
    public void Malformed_or_out_of_profile_input_is_rejected_with_its_code(string hex, string code)
    {
        Assert.Equal(code, Fails(hex.Replace(" ", "", StringComparison.Ordinal)).Code);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(32, 1)]
    [InlineData(32, 31)]
    [InlineData(33, 5)]
    [InlineData(33, 32)]
    [InlineData(100, 99)]
    [InlineData(100, 40)]
    public void A_repeated_key_is_found_in_small_and_large_maps(int size, int repeatAt)
    {
        // Small maps compare keys pair by pair, larger ones switch to a set: each way, a map of `size` distinct integer keys
        // decodes, and the same map with entry `repeatAt` repeating key 0 fails.
        Assert.Equal(size, Assert.IsType<CborMap>(CborDecoder.Decode(IntegerKeyMap(size, repeatAt: null))).Count);
        Assert.Equal(CborFailureCodes.DuplicateKey, Fails(Convert.ToHexString(IntegerKeyMap(size, repeatAt))).Code);

        var entries = Enumerable.Range(0, size).Select(i => new KeyValuePair<CborValue, CborValue>(new CborTextString(i == repeatAt ? "k0" : "k" + i), new CborNull()));
        Assert.Throws<ArgumentException>(() => new CborMap(entries));
    }

    private static byte[] IntegerKeyMap(int size, int? repeatAt)
    {
        var writer = new System.Formats.Cbor.CborWriter(System.Formats.Cbor.CborConformanceMode.Lax);
        writer.WriteStartMap(size);
        for (var i = 0; i < size; i++)
        {
            writer.WriteInt32(i == repeatAt ? 0 : i);
            writer.WriteNull();
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    [Fact]
    public void Deep_nesting_is_rejected_before_the_stack_is_at_risk()
    {
        var bytes = Enumerable.Repeat((byte)0x81, 100_000).Append((byte)0x00).ToArray();
        var error = Assert.Throws<CredentialFormatException>(() => CborDecoder.Decode(bytes));
        Assert.Equal(CborFailureCodes.TooDeep, error.Code);
    }

    [Fact]
    public void Deep_nesting_through_tag_24_counts_toward_the_limit()
    {
        CborValue value = new CborInteger(1);
        for (var i = 0; i < 40; i++)
        {
            value = CborEncodedItem.Wrap(value);
        }

        Assert.Equal(CborFailureCodes.TooDeep, Assert.Throws<CredentialFormatException>(() => CborDecoder.Decode(value.EncodedBytes)).Code);
    }

    [Fact]
    public void Oversized_input_and_oversized_declared_lengths_are_rejected()
    {
        var options = new CborDecodeOptions { MaxInputLength = 8 };
        Assert.Equal(CborFailureCodes.TooLarge, Fails("4a00000000000000000000", options).Code);
        // An array that declares 2^32-1 items in five bytes must not allocate or loop.
        Assert.Equal(CborFailureCodes.Malformed, Fails("9affffffff00").Code);
        Assert.Equal(CborFailureCodes.TooLarge, Fails("83010203", new CborDecodeOptions { MaxCollectionLength = 2 }).Code);
        // A byte string that declares more bytes than there are.
        Assert.Equal(CborFailureCodes.Malformed, Fails("5affffffff00").Code);
    }

    [Property(Arbitrary = [typeof(CborGenerators)], MaxTest = 300, Replay = "(12345,67891)")]
    public bool Round_trip_preserves_encoding(CborValue value)
    {
        var encoded = value.EncodedBytes.ToArray();
        var decoded = CborDecoder.Decode(encoded);
        return decoded.EncodedBytes.Span.SequenceEqual(encoded) && CborDecoder.Decode(decoded.EncodedBytes).EncodedBytes.Span.SequenceEqual(encoded);
    }

    [Property(Arbitrary = [typeof(CborGenerators)], MaxTest = 300, Replay = "(4242,1717)")]
    public bool Truncated_input_never_decodes_and_never_throws_anything_else(CborValue value)
    {
        var encoded = value.EncodedBytes.ToArray();
        for (var length = 0; length < encoded.Length; length++)
        {
            if (CborDecoder.TryDecode(encoded.AsMemory(0, length), out _, out var error))
            {
                return false;
            }

            if (error is null)
            {
                return false;
            }
        }

        return true;
    }
}

public static class CborGenerators
{
    public static Arbitrary<CborValue> Values() => Gen.Sized(Generate).ToArbitrary();

    private static Gen<CborValue> Generate(int size)
    {
        var scalars = Gen.OneOf(
            ArbMap.Default.GeneratorFor<long>().Select(v => (CborValue)new CborInteger(v)),
            ArbMap.Default.GeneratorFor<ulong>().Select(v => (CborValue)new CborInteger(v)),
            ArbMap.Default.GeneratorFor<byte[]>().Select(v => (CborValue)new CborByteString(v ?? [])),
            ArbMap.Default.GeneratorFor<NonNull<string>>().Where(s => !HasLoneSurrogate(s.Get)).Select(v => (CborValue)new CborTextString(v.Get)),
            ArbMap.Default.GeneratorFor<bool>().Select(v => (CborValue)CborBoolean.From(v)),
            Gen.Constant((CborValue)new CborNull()),
            Gen.Choose(1, 3000).Select(d => (CborValue)new CborFullDate(DateOnly.FromDayNumber(700_000 + d))),
            Gen.Choose(0, int.MaxValue).Select(s => (CborValue)new CborDateTime(DateTimeOffset.FromUnixTimeSeconds(s))));
        if (size <= 1)
        {
            return scalars;
        }

        var child = Gen.Sized(s => Generate(s / 3)).Resize(size);
        return Gen.Frequency(
            (4, scalars),
            (1, child.ListOf().Select(items => (CborValue)new CborArray(items.Take(6)))),
            (1, Gen.Zip(ArbMap.Default.GeneratorFor<NonNull<string>>().Where(s => !HasLoneSurrogate(s.Get)), child).ListOf()
                .Select(entries => (CborValue)new CborMap(entries.DistinctBy(e => e.Item1.Get).Take(6)
                    .Select(e => new KeyValuePair<CborValue, CborValue>(new CborTextString(e.Item1.Get), e.Item2))))),
            (1, child.Select(c => (CborValue)CborEncodedItem.Wrap(c))));
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    return true;
                }

                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }
}
