using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Mdoc;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.Tests.Corpus;
using static Honnin.Verifier.Tests.Corpus.MdocCorpusBuilder;

namespace Honnin.Verifier.Tests.Mdoc;

/// <summary>
/// Non-preferred CBOR integer and length encodings (ISO/IEC 18013-5 clause 8.1). Real issuers have emitted them — EUDI
/// Android issue #42 reports an IssuerSignedItem whose digestID is <c>1B00000000283EE699</c> instead of <c>1A283EE699</c> —
/// and digests and signatures cover the received bytes, so by default the verifier accepts them and says so with the
/// warning <c>cbor_non_shortest</c>; <see cref="MdocVerifierOptions.AcceptNonShortestEncoding"/> = false refuses them.
/// Accepting them opens nothing: a re-encoded item no longer matches its digest, and a key hidden behind another
/// encoding is still a duplicate (the negative corpus holds those rows).
/// </summary>
public sealed class NonShortestEncodingTests
{
    private static MdocCorpusBuilder B => MdocCorpusBuilder.Shared;

    private static MdocVerifierOptions Strict => B.Options with { AcceptNonShortestEncoding = false };

    [Fact]
    public void An_issuer_signed_item_with_an_eight_byte_digest_id_verifies_with_a_warning()
    {
        var response = IssuedWithEightByteDigestId(out var identifier);

        var result = B.Verify(response, B.Options with { RequiredElements = Disclosed });

        Assert.True(result.IsValid, string.Join(", ", result.Failures.Select(f => f.Code)));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(VerificationWarningCodes.NonShortestEncoding, warning.Code);
        Assert.Equal(CborFailureCodes.NonShortestEncoding, warning.Code);
        Assert.Null(warning.DocumentIndex);
        Assert.True(result.HasWarning(VerificationWarningCodes.NonShortestEncoding));
        Assert.Contains(identifier, result.Documents[0].Elements[Slip].Keys);
    }

    [Fact]
    public void The_same_item_is_refused_when_the_verifier_decodes_strictly()
    {
        var result = B.Verify(IssuedWithEightByteDigestId(out _), Strict);

        Assert.False(result.IsValid);
        Assert.Equal([CborFailureCodes.NonShortestEncoding], result.Failures.Select(f => f.Code));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void An_issuer_signed_mso_with_a_two_byte_text_length_verifies_with_a_warning()
    {
        var payload = RawEdit(CborEncodedItem.Wrap(Mso(B.Signed, 0)), [Inside, "docType"], Raw([0x79, 0x00, (byte)Slip.Length, .. System.Text.Encoding.UTF8.GetBytes(Slip)]));
        var response = B.WithMsoPayloadSignedByIssuer(payload);

        var result = B.Verify(response);

        Assert.True(result.IsValid, string.Join(", ", result.Failures.Select(f => f.Code)));
        Assert.Equal([VerificationWarningCodes.NonShortestEncoding], result.Warnings.Select(w => w.Code));
        Assert.Equal([CborFailureCodes.NonShortestEncoding], B.Verify(response, Strict).Failures.Select(f => f.Code));
    }

    [Fact]
    public void A_non_shortest_status_in_the_envelope_verifies_with_a_warning()
    {
        var response = RawEdit(Decode(B.Signed), ["status"], Raw(0x18, 0x00));

        var result = B.Verify(response);

        Assert.True(result.IsValid, string.Join(", ", result.Failures.Select(f => f.Code)));
        Assert.Equal([VerificationWarningCodes.NonShortestEncoding], result.Warnings.Select(w => w.Code));
    }

    [Fact]
    public void A_response_in_preferred_serialization_has_no_warning()
    {
        var result = B.Verify(B.Signed);

        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
        Assert.False(result.HasWarning(VerificationWarningCodes.NonShortestEncoding));
    }

    [Fact]
    public void The_warning_names_the_rule_and_no_value()
    {
        var result = B.Verify(IssuedWithEightByteDigestId(out var identifier));
        var message = Assert.Single(result.Warnings).Message;

        Assert.Contains("shortest", message, StringComparison.Ordinal);
        Assert.DoesNotContain(identifier, message, StringComparison.Ordinal);
        Assert.DoesNotContain("2025", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_holder_who_re_encodes_an_item_breaks_its_digest()
    {
        // The issuer signed the shortest form; the same item re-encoded with an eight-byte digestID is other bytes.
        var item = (CborEncodedItem)Items(B.Signed, 0, Slip)[0];
        var response = EditItems(B.Signed, 0, Slip, items => items.Select((x, i) => i == 0 ? EightByteDigestId(item) : x));

        var result = B.Verify(response);

        Assert.False(result.IsValid);
        Assert.Equal([VerificationFailureCodes.DigestMismatch], result.Failures.Select(f => f.Code));
        Assert.Equal([VerificationWarningCodes.NonShortestEncoding], result.Warnings.Select(w => w.Code));
    }

    [Fact]
    public void A_key_hidden_behind_a_non_shortest_length_fails_and_the_encoding_is_still_reported()
    {
        // The response map with a second "status" spelled with a two-byte length: one key, twice.
        var root = Decode(B.Signed);
        var writer = NewWriter();
        writer.WriteStartMap(root.Count + 1);
        foreach (var (key, value) in root.Entries)
        {
            key.WriteTo(writer);
            value.WriteTo(writer);
        }

        writer.WriteEncodedValue([0x78, 0x06, .. "status"u8]);
        writer.WriteInt32(10);
        writer.WriteEndMap();

        var result = B.Verify(writer.Encode());

        Assert.False(result.IsValid);
        Assert.Equal([CborFailureCodes.DuplicateKey], result.Failures.Select(f => f.Code));
        Assert.Equal([VerificationWarningCodes.NonShortestEncoding], result.Warnings.Select(w => w.Code));
    }

    [Fact]
    public void Decode_options_that_already_skip_the_rule_cannot_contradict_a_strict_verifier()
    {
        var options = B.Options with { AcceptNonShortestEncoding = false, DecodeOptions = CborDecodeOptions.Default with { RequireShortestEncoding = false } };

        Assert.Throws<ArgumentException>(() => new MdocVerifier(options));
    }

    /// <summary>
    /// Slip A as an issuer that writes a digestID in eight bytes would issue it: the first slip item carries the
    /// non-shortest digestID, the MSO digest is over exactly those item bytes, and the real Document Signer signs the MSO.
    /// </summary>
    private static byte[] IssuedWithEightByteDigestId(out string identifier)
    {
        var original = (CborEncodedItem)Items(B.Signed, 0, Slip)[0];
        var decoded = IssuerSignedItem.Decode(original);
        identifier = decoded.ElementIdentifier;
        var rewritten = EightByteDigestId(original);
        var digest = SHA256.HashData(rewritten.EncodedBytes.Span);

        var mso = Mso(B.Signed, 0);
        var valueDigests = (CborMap)Get(mso, "valueDigests");
        var slipDigests = (CborMap)Get(valueDigests, Slip);
        var changed = new CborMap(slipDigests.Entries.Select(e =>
            e.Key is CborInteger id && id.Value == decoded.DigestId ? new KeyValuePair<CborValue, CborValue>(e.Key, new CborByteString(digest)) : e));
        var resigned = B.WithMsoSignedByIssuer(m => With(m, "valueDigests", With(valueDigests, Slip, changed)));

        return EditItems(resigned, 0, Slip, items => items.Select((x, i) => i == 0 ? rewritten : x));
    }

    /// <summary>The item with its digestID written in nine bytes (head 0x1b), read back so that it keeps those bytes.</summary>
    private static CborValue EightByteDigestId(CborEncodedItem item)
    {
        var digestId = IssuerSignedItem.Decode(item).DigestId;
        var head = new byte[9];
        head[0] = 0x1b;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(head.AsSpan(1), digestId);
        var bytes = RawEdit(item, [Inside, "digestID"], Raw(head));
        return CborDecoder.Decode(bytes, new CborDecodeOptions { RequireShortestEncoding = false });
    }
}
