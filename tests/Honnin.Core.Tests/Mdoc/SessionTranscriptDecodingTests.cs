using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Honnin.Cbor;
using Honnin.Mdoc;
using Honnin.Tests;

namespace Honnin.Core.Tests.Mdoc;

public sealed class SessionTranscriptDecodingTests
{
    private static CredentialFormatException Fails(string hex) =>
        Assert.Throws<CredentialFormatException>(() => SessionTranscript.Decode(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("f6")] // null
    [InlineData("a0")] // a map
    [InlineData("82f6f6")] // two elements
    [InlineData("84f6f6f6f6")] // four elements
    [InlineData("d81841f6")] // tag 24 enclosing null
    [InlineData("d81844d81841f6")] // tag 24 enclosing tag 24
    [InlineData("836141f6f6")] // DeviceEngagementBytes is a text string
    [InlineData("83f641a0f6")] // EReaderKeyBytes is a bare byte string, not a tag-24 item
    [InlineData("83d8184101f6f6")] // DeviceEngagementBytes encloses an integer, not a map
    [InlineData("83f6d8184180f6")] // EReaderKeyBytes encloses an array, not a map
    public void Well_formed_cbor_that_is_not_a_transcript_fails_with_transcript_malformed(string hex)
    {
        Assert.Equal(SessionTranscriptFailureCodes.Malformed, Fails(hex).Code);
    }

    [Theory]
    [InlineData("83f6f6f6")] // [null, null, null]
    [InlineData("d8184483f6f6f6")] // the same, wrapped in tag 24
    [InlineData("83d81841a0d81841a0f6")] // [#6.24({}), #6.24({}), null]
    public void Minimal_transcripts_decode(string hex)
    {
        // Negative twin of the rejection cases above.
        var transcript = SessionTranscript.Decode(Convert.FromHexString(hex));
        Assert.Equal(3, transcript.Value.Count);
    }

    [Fact]
    public void Cbor_failures_keep_the_code_of_the_cbor_layer()
    {
        Assert.Equal(CborFailureCodes.Malformed, Fails("").Code);
        Assert.Equal(CborFailureCodes.Malformed, Fails("83f6f6").Code);
        Assert.Equal(CborFailureCodes.TrailingBytes, Fails("83f6f6f6f6").Code);
        Assert.Equal(CborFailureCodes.TrailingBytes, Fails("d8184583f6f6f6f6").Code);
        Assert.Equal(CborFailureCodes.NonShortestEncoding, Fails("831801f6f6").Code);
        Assert.Equal(CborFailureCodes.IndefiniteLength, Fails("9ff6f6f6ff").Code);
    }

    [Fact]
    public void Truncated_annex_d_transcript_fails_and_try_decode_reports_the_code()
    {
        // Negative twin of Iso18013SessionTranscriptTests.Annex_d_session_transcript_bytes_decode_and_keep_both_encodings.
        var bytes = Vectors.AnnexD("SessionTranscriptBytes");

        Assert.True(SessionTranscript.TryDecode(bytes, out var transcript, out var none));
        Assert.NotNull(transcript);
        Assert.Null(none);

        Assert.False(SessionTranscript.TryDecode(bytes.AsMemory(0, bytes.Length - 1), out var missing, out var error));
        Assert.Null(missing);
        Assert.Equal(CborFailureCodes.Malformed, error.Code);
    }

    [Fact]
    public void Decoding_keeps_the_received_memory()
    {
        var bytes = Vectors.AnnexD("SessionTranscriptBytes");
        var transcript = SessionTranscript.Decode(bytes);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(transcript.SessionTranscriptBytes, out var tagged));
        Assert.Same(bytes, tagged.Array);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(transcript.EncodedBytes, out var untagged));
        Assert.Same(bytes, untagged.Array);
    }

    [Property(Arbitrary = [typeof(TranscriptGenerators)], MaxTest = 200, Replay = "(20251,7)")]
    public bool Built_transcripts_round_trip_through_both_encodings(TranscriptInputs inputs)
    {
        var built = inputs.Build();
        var fromUntagged = SessionTranscript.Decode(built.EncodedBytes.ToArray());
        var fromTagged = SessionTranscript.Decode(built.SessionTranscriptBytes.ToArray());

        return fromUntagged.EncodedBytes.Span.SequenceEqual(built.EncodedBytes.Span)
            && fromTagged.EncodedBytes.Span.SequenceEqual(built.EncodedBytes.Span)
            && fromUntagged.SessionTranscriptBytes.Span.SequenceEqual(built.SessionTranscriptBytes.Span)
            && fromTagged.SessionTranscriptBytes.Span.SequenceEqual(built.SessionTranscriptBytes.Span)
            && fromTagged.ComputeHkdfSalt().AsSpan().SequenceEqual(built.ComputeHkdfSalt());
    }

    [Property(MaxTest = 500, Replay = "(97,3301)")]
    public bool Changing_any_byte_of_the_annex_d_transcript_fails_closed(PositiveInt position, byte mask)
    {
        // Source: ISO/IEC 18013-5 Annex D.5.1 SessionTranscriptBytes, with one byte changed.
        var original = Vectors.AnnexD("SessionTranscriptBytes");
        var changed = (byte[])original.Clone();
        changed[position.Get % changed.Length] ^= mask == 0 ? (byte)0x01 : mask;

        try
        {
            var transcript = SessionTranscript.Decode(changed);
            var salt = SessionTranscript.Decode(original).ComputeHkdfSalt();
            return !transcript.ComputeHkdfSalt().AsSpan().SequenceEqual(salt);
        }
        catch (CredentialFormatException)
        {
            return true;
        }
    }
}

/// <summary>Inputs of one of the OpenID4VP builders.</summary>
public sealed record TranscriptInputs(string First, string Nonce, byte[]? Thumbprint, string ResponseUri, bool DcApi)
{
    public SessionTranscript Build() =>
        DcApi ? SessionTranscript.ForOpenId4VpDcApi(First, Nonce, ThumbprintOrNull) : SessionTranscript.ForOpenId4Vp(First, Nonce, ThumbprintOrNull, ResponseUri);

    // A null byte[] (and a bare null in a conditional with a ReadOnlyMemory<byte>) converts to an empty, non-null
    // ReadOnlyMemory<byte>?, which the builders reject; the cast keeps it null.
    private ReadOnlyMemory<byte>? ThumbprintOrNull => Thumbprint is null ? (ReadOnlyMemory<byte>?)null : Thumbprint;
}

public static class TranscriptGenerators
{
    private static readonly char[] Alphabet = [.. "abcxyz019:/._-~%", 'é', 'ß', '日', '本', '\u00a0'];

    public static Arbitrary<TranscriptInputs> Inputs()
    {
        var text = Gen.Elements(Alphabet).NonEmptyListOf().Select(chars => new string([.. chars]));
        var thumbprint = Gen.OneOf(
            Gen.Constant<byte[]?>(null),
            Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 32).Select(bytes => (byte[]?)bytes));
        var origin = text.Select(t => "https://" + t);

        return (from first in origin
                from nonce in text
                from print in thumbprint
                from uri in text
                from dcApi in ArbMap.Default.GeneratorFor<bool>()
                select new TranscriptInputs(first, nonce, print, uri, dcApi)).ToArbitrary();
    }
}
