using System.Security.Cryptography;
using System.Text.Json;
using Honnin.Cbor;
using Honnin.Mdoc;
using Honnin.Tests;

namespace Honnin.Core.Tests.Mdoc;

/// <summary>
/// ISO/IEC 18013-5 Annex D (D.5.1) SessionTranscript with NFC static handover
/// (tests/vectors/mdoc/iso18013-5-annexd.json).
/// </summary>
public sealed class Iso18013SessionTranscriptTests
{
    private static readonly JsonElement Expected = Vectors.AnnexDJson.RootElement.GetProperty("expected");

    private static byte[] SessionTranscriptBytes => Vectors.AnnexD("SessionTranscriptBytes");

    private static byte[] UntaggedTranscript =>
        Convert.FromHexString(Expected.GetProperty("SessionTranscript").GetProperty("SessionTranscript_untagged_hex").GetString()!);

    private static byte[] NfcDeviceEngagement =>
        Convert.FromHexString(Expected.GetProperty("SessionTranscript").GetProperty("DeviceEngagementBytes_inner_hex").GetString()!);

    private static byte[] HkdfSalt =>
        Convert.FromHexString(Expected.GetProperty("session_encryption").GetProperty("hkdf_salt_sha256_of_SessionTranscriptBytes_hex").GetString()!);

    /// <summary>The COSE_Key inside SessionEstablishment's <c>eReaderKey</c> tag-24 item.</summary>
    private static ReadOnlyMemory<byte> EReaderKey
    {
        get
        {
            var establishment = Assert.IsType<CborMap>(CborDecoder.Decode(Vectors.AnnexD("SessionEstablishment")));
            Assert.True(establishment.TryGetValue("eReaderKey", out var eReaderKey));
            return Assert.IsType<CborEncodedItem>(eReaderKey).ContentBytes;
        }
    }

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    [Fact]
    public void Annex_d_session_transcript_bytes_decode_and_keep_both_encodings()
    {
        // Source: ISO/IEC 18013-5 Annex D.5.1 SessionTranscriptBytes and expected.SessionTranscript.
        var bytes = SessionTranscriptBytes;
        var transcript = SessionTranscript.Decode(bytes);

        Assert.Equal(Hex(bytes), Hex(transcript.SessionTranscriptBytes));
        Assert.Equal(Hex(UntaggedTranscript), Hex(transcript.EncodedBytes));
        Assert.Equal(Hex(NfcDeviceEngagement), Hex(transcript.DeviceEngagementBytes!.ContentBytes));
        Assert.Equal(Hex(EReaderKey), Hex(transcript.EReaderKeyBytes!.ContentBytes));
        var handover = Assert.IsType<CborArray>(transcript.Handover);
        Assert.Equal(Hex(Vectors.AnnexD("NFC_HandoverSelect")), Hex(Assert.IsType<CborByteString>(handover[0]).Value));
        Assert.Equal(Hex(Vectors.AnnexD("NFC_HandoverRequest")), Hex(Assert.IsType<CborByteString>(handover[1]).Value));
    }

    [Fact]
    public void Annex_d_untagged_transcript_decodes_to_the_same_session_transcript_bytes()
    {
        // Source: ISO/IEC 18013-5 Annex D.5.1, expected.SessionTranscript.SessionTranscript_untagged_hex.
        var transcript = SessionTranscript.Decode(UntaggedTranscript);

        Assert.Equal(Hex(SessionTranscriptBytes), Hex(transcript.SessionTranscriptBytes));
        Assert.Equal(Hex(UntaggedTranscript), Hex(transcript.EncodedBytes));
    }

    [Fact]
    public void Annex_d_nfc_transcript_is_rebuilt_byte_for_byte_from_its_parts()
    {
        // Source: ISO/IEC 18013-5 Annex D.5.1 SessionTranscriptBytes, rebuilt from the NFC DeviceEngagement
        // (expected.SessionTranscript), SessionEstablishment.eReaderKey and NFC_HandoverSelect / NFC_HandoverRequest.
        var transcript = SessionTranscript.ForNfcHandover(
            NfcDeviceEngagement,
            EReaderKey,
            Vectors.AnnexD("NFC_HandoverSelect"),
            Vectors.AnnexD("NFC_HandoverRequest"));

        Assert.Equal(Hex(SessionTranscriptBytes), Hex(transcript.SessionTranscriptBytes));
        Assert.Equal(Hex(UntaggedTranscript), Hex(transcript.EncodedBytes));
    }

    [Fact]
    public void Annex_d_transcript_is_not_reproduced_with_the_qr_engagement_or_without_the_handover_request()
    {
        // Negative twin: the transcript embeds the 88-byte engagement of the Handover Select, not the 116-byte QR
        // DeviceEngagement (tests/vectors/mdoc/README.md), and negotiated handover includes the request.
        var expected = Hex(SessionTranscriptBytes);
        var select = Vectors.AnnexD("NFC_HandoverSelect");
        var request = Vectors.AnnexD("NFC_HandoverRequest");

        var withQrEngagement = SessionTranscript.ForNfcHandover(Vectors.AnnexD("DeviceEngagement_QR"), EReaderKey, select, request);
        var staticHandover = SessionTranscript.ForNfcHandover(NfcDeviceEngagement, EReaderKey, select);

        Assert.NotEqual(expected, Hex(withQrEngagement.SessionTranscriptBytes));
        Assert.NotEqual(expected, Hex(staticHandover.SessionTranscriptBytes));
        Assert.IsType<CborNull>(Assert.IsType<CborArray>(staticHandover.Handover)[1]);
    }

    [Fact]
    public void Annex_d_hkdf_salt_is_the_hash_of_the_tagged_session_transcript_bytes()
    {
        // Source: ISO/IEC 18013-5 Annex D.5.1, expected.session_encryption.hkdf_salt_sha256_of_SessionTranscriptBytes_hex.
        Assert.Equal(HkdfSalt, SessionTranscript.Decode(SessionTranscriptBytes).ComputeHkdfSalt());
        Assert.Equal(HkdfSalt, SessionTranscript.Decode(UntaggedTranscript).ComputeHkdfSalt());
    }

    [Fact]
    public void Annex_d_hkdf_salt_is_not_the_hash_of_the_untagged_transcript()
    {
        // Negative twin: hashing the untagged array gives a salt that leads to the wrong SKReader (mdoc-anchors N6).
        var salt = SessionTranscript.Decode(UntaggedTranscript).ComputeHkdfSalt();

        Assert.NotEqual(SHA256.HashData(UntaggedTranscript), salt);
    }

    [Fact]
    public void Qr_transcript_embeds_the_received_engagement_and_key_as_tag_24_items_with_null_handover()
    {
        // Source: ISO/IEC 18013-5 Annex D.3.1 QR DeviceEngagement and the D.5.1 eReaderKey; the expected encoding is
        // assembled by hand: 83, d8 18 58 74 <engagement>, d8 18 58 4b <key>, f6.
        var engagement = Vectors.AnnexD("DeviceEngagement_QR");
        var key = EReaderKey.ToArray();
        byte[] expected = [0x83, 0xd8, 0x18, 0x58, 0x74, .. engagement, 0xd8, 0x18, 0x58, 0x4b, .. key, 0xf6];

        var transcript = SessionTranscript.ForQrHandover(engagement, key);

        Assert.Equal(Hex(expected), Hex(transcript.EncodedBytes));
        Assert.IsType<CborNull>(transcript.Handover);
        Assert.Equal(Hex(engagement), Hex(transcript.DeviceEngagementBytes!.ContentBytes));
        Assert.Equal(Hex(SessionTranscript.Decode(expected).SessionTranscriptBytes), Hex(transcript.SessionTranscriptBytes));
    }

    [Fact]
    public void Qr_transcript_differs_from_the_nfc_transcript_with_the_same_engagement_and_key()
    {
        // Negative twin: the Handover distinguishes QR (null) from NFC engagement.
        var qr = SessionTranscript.ForQrHandover(NfcDeviceEngagement, EReaderKey);
        var nfc = SessionTranscript.ForNfcHandover(NfcDeviceEngagement, EReaderKey, Vectors.AnnexD("NFC_HandoverSelect"));

        Assert.NotEqual(Hex(qr.EncodedBytes), Hex(nfc.EncodedBytes));
        Assert.NotEqual(qr.ComputeHkdfSalt(), nfc.ComputeHkdfSalt());
    }

    [Fact]
    public void Builders_reject_parts_that_are_not_encoded_maps()
    {
        var engagement = NfcDeviceEngagement;
        var key = EReaderKey;
        var select = Vectors.AnnexD("NFC_HandoverSelect");
        var wrappedKey = Vectors.AnnexD("EDeviceKeyBytes"); // a tag-24 item, not the COSE_Key it encloses

        Assert.Equal("deviceEngagement", Assert.Throws<ArgumentException>(() => SessionTranscript.ForQrHandover(ReadOnlyMemory<byte>.Empty, key)).ParamName);
        Assert.Equal("deviceEngagement", Assert.Throws<ArgumentException>(() => SessionTranscript.ForQrHandover(engagement.AsMemory(0, 40), key)).ParamName);
        Assert.Equal("eReaderKey", Assert.Throws<ArgumentException>(() => SessionTranscript.ForQrHandover(engagement, wrappedKey)).ParamName);
        Assert.Equal("eReaderKey", Assert.Throws<ArgumentException>(() => SessionTranscript.ForNfcHandover(engagement, new byte[] { 0xf6 }, select)).ParamName);
        Assert.Equal("handoverSelect", Assert.Throws<ArgumentException>(() => SessionTranscript.ForNfcHandover(engagement, key, ReadOnlyMemory<byte>.Empty)).ParamName);
        Assert.Equal("handoverRequest", Assert.Throws<ArgumentException>(() => SessionTranscript.ForNfcHandover(engagement, key, select, ReadOnlyMemory<byte>.Empty)).ParamName);
    }
}
