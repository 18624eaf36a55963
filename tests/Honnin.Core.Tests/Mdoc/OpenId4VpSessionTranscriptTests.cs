using System.Security.Cryptography;
using System.Text.Json;
using Honnin.Cbor;
using Honnin.Mdoc;
using Honnin.Tests;

namespace Honnin.Core.Tests.Mdoc;

/// <summary>
/// OpenID4VP 1.0 Appendix B.2.6 Handover and SessionTranscript examples
/// (tests/vectors/mdoc/openid4vp-mdoc-handover.json).
/// </summary>
public sealed class OpenId4VpSessionTranscriptTests
{
    private static readonly JsonElement Root = Vectors.Load("mdoc/openid4vp-mdoc-handover.json").RootElement;
    private static readonly JsonElement Redirect = Root.GetProperty("redirect");
    private static readonly JsonElement DcApi = Root.GetProperty("dc_api");

    private static string ClientId => Redirect.GetProperty("inputs").GetProperty("client_id").GetString()!;

    private static string ResponseUri => Redirect.GetProperty("inputs").GetProperty("response_uri").GetString()!;

    private static string Origin => DcApi.GetProperty("inputs").GetProperty("origin").GetString()!;

    private static string Nonce => Redirect.GetProperty("inputs").GetProperty("nonce").GetString()!;

    private static byte[] Thumbprint => Convert.FromHexString(Redirect.GetProperty("inputs").GetProperty("jwk_thumbprint_hex").GetString()!);

    private static string Hex(JsonElement section, string name) => section.GetProperty(name).GetString()!;

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    [Fact]
    public void Redirect_handover_info_handover_and_transcript_match_the_spec_example()
    {
        // Source: OpenID4VP 1.0 Appendix B.2.6.1 (Invocation via Redirects) examples.
        var info = OpenId4VpHandoverInfo.ForRedirect(ClientId, Nonce, Thumbprint, ResponseUri);
        Assert.Equal(Hex(Redirect, "OpenID4VPHandoverInfo_hex"), Hex(info.EncodedBytes));
        Assert.Equal(Hex(Redirect, "OpenID4VPHandoverInfo_sha256_hex"), Hex(info.Hash));
        Assert.Equal(OpenId4VpHandoverInfo.RedirectHandoverIdentifier, info.HandoverIdentifier);

        var transcript = SessionTranscript.ForOpenId4Vp(ClientId, Nonce, Thumbprint, ResponseUri);
        Assert.Equal(Hex(Redirect, "OpenID4VPHandover_hex"), Hex(transcript.Handover.EncodedBytes));
        Assert.Equal(Hex(Redirect, "SessionTranscript_hex"), Hex(transcript.EncodedBytes));
        Assert.Null(transcript.DeviceEngagementBytes);
        Assert.Null(transcript.EReaderKeyBytes);
    }

    [Fact]
    public void Redirect_transcript_changes_with_the_nonce_the_client_id_prefix_or_the_response_uri()
    {
        // Negative twin of the B.2.6.1 example.
        var expected = Hex(Redirect, "SessionTranscript_hex");

        Assert.NotEqual(expected, Hex(SessionTranscript.ForOpenId4Vp(ClientId, Nonce + "x", Thumbprint, ResponseUri).EncodedBytes));
        Assert.NotEqual(expected, Hex(SessionTranscript.ForOpenId4Vp("example.com", Nonce, Thumbprint, ResponseUri).EncodedBytes));
        Assert.NotEqual(expected, Hex(SessionTranscript.ForOpenId4Vp(ClientId, Nonce, Thumbprint, ResponseUri + "/").EncodedBytes));
        Assert.NotEqual(expected, Hex(SessionTranscript.ForOpenId4Vp(ClientId, Nonce, jwkThumbprint: null, ResponseUri).EncodedBytes));
    }

    [Fact]
    public void Redirect_session_transcript_bytes_wrap_the_transcript_in_tag_24()
    {
        // Source: derived value in openid4vp-mdoc-handover.json (redirect.derived_not_in_spec), from the B.2.6.1 example.
        var transcript = SessionTranscript.ForOpenId4Vp(ClientId, Nonce, Thumbprint, ResponseUri);
        var tagged = Hex(Redirect.GetProperty("derived_not_in_spec"), "SessionTranscriptBytes_tag24_hex");

        Assert.Equal(tagged, Hex(transcript.SessionTranscriptBytes));
        Assert.Equal(SHA256.HashData(Convert.FromHexString(tagged)), transcript.ComputeHkdfSalt());
    }

    [Fact]
    public void Redirect_hkdf_salt_is_not_the_hash_of_the_untagged_transcript()
    {
        // Negative twin: the salt hashes the tag-24 SessionTranscriptBytes, not the array (mdoc-anchors N6).
        var transcript = SessionTranscript.ForOpenId4Vp(ClientId, Nonce, Thumbprint, ResponseUri);

        Assert.NotEqual(SHA256.HashData(Convert.FromHexString(Hex(Redirect, "SessionTranscript_hex"))), transcript.ComputeHkdfSalt());
    }

    [Fact]
    public void Redirect_handover_info_without_encryption_carries_null_for_the_thumbprint()
    {
        // Source: derived values in openid4vp-mdoc-handover.json (redirect.derived_not_in_spec), null-thumbprint variant.
        var derived = Redirect.GetProperty("derived_not_in_spec");
        var info = OpenId4VpHandoverInfo.ForRedirect(ClientId, Nonce, jwkThumbprint: null, ResponseUri);

        Assert.Equal(Hex(derived, "OpenID4VPHandoverInfo_hex_with_null_thumbprint"), Hex(info.EncodedBytes));
        Assert.Equal(Hex(derived, "OpenID4VPHandoverInfo_sha256_with_null_thumbprint"), Hex(info.Hash));
    }

    [Fact]
    public void Redirect_handover_info_with_an_empty_thumbprint_is_rejected_rather_than_encoded()
    {
        // Negative twin: an empty thumbprint is not the same as no thumbprint.
        Assert.Throws<ArgumentException>(() => OpenId4VpHandoverInfo.ForRedirect(ClientId, Nonce, ReadOnlyMemory<byte>.Empty, ResponseUri));
    }

    [Fact]
    public void Dc_api_handover_info_handover_and_transcript_match_the_spec_example()
    {
        // Source: OpenID4VP 1.0 Appendix B.2.6.2 (Invocation via the Digital Credentials API) examples.
        var info = OpenId4VpHandoverInfo.ForDcApi(Origin, Nonce, Thumbprint);
        Assert.Equal(Hex(DcApi, "OpenID4VPDCAPIHandoverInfo_hex"), Hex(info.EncodedBytes));
        Assert.Equal(Hex(DcApi, "OpenID4VPDCAPIHandoverInfo_sha256_hex"), Hex(info.Hash));
        Assert.Equal(OpenId4VpHandoverInfo.DcApiHandoverIdentifier, info.HandoverIdentifier);

        var transcript = SessionTranscript.ForOpenId4VpDcApi(Origin, Nonce, Thumbprint);
        Assert.Equal(Hex(DcApi, "OpenID4VPDCAPIHandover_hex"), Hex(transcript.Handover.EncodedBytes));
        Assert.Equal(Hex(DcApi, "SessionTranscript_hex"), Hex(transcript.EncodedBytes));
        Assert.Equal(Hex(DcApi.GetProperty("derived_not_in_spec"), "SessionTranscriptBytes_tag24_hex"), Hex(transcript.SessionTranscriptBytes));
    }

    [Fact]
    public void Dc_api_transcript_changes_with_the_origin_or_the_nonce()
    {
        // Negative twin of the B.2.6.2 example.
        var expected = Hex(DcApi, "SessionTranscript_hex");

        Assert.NotEqual(expected, Hex(SessionTranscript.ForOpenId4VpDcApi("https://example.org", Nonce, Thumbprint).EncodedBytes));
        Assert.NotEqual(expected, Hex(SessionTranscript.ForOpenId4VpDcApi(Origin, Nonce[..^1], Thumbprint).EncodedBytes));
    }

    [Fact]
    public void Dc_api_transcript_differs_from_the_redirect_transcript_for_the_same_inputs()
    {
        // Negative twin: the two flows are told apart by their Handover identifier and info shape.
        var redirect = SessionTranscript.ForOpenId4Vp(Origin, Nonce, Thumbprint, ResponseUri);
        var dcApi = SessionTranscript.ForOpenId4VpDcApi(Origin, Nonce, Thumbprint);

        Assert.NotEqual(Hex(redirect.EncodedBytes), Hex(dcApi.EncodedBytes));
    }

    [Fact]
    public void Dc_api_handover_info_without_encryption_carries_null_for_the_thumbprint()
    {
        // Source: derived values in openid4vp-mdoc-handover.json (dc_api.derived_not_in_spec), null-thumbprint variant.
        var derived = DcApi.GetProperty("derived_not_in_spec");
        var info = OpenId4VpHandoverInfo.ForDcApi(Origin, Nonce, jwkThumbprint: null);

        Assert.Equal(Hex(derived, "OpenID4VPDCAPIHandoverInfo_hex_with_null_thumbprint"), Hex(info.EncodedBytes));
        Assert.Equal(Hex(derived, "OpenID4VPDCAPIHandoverInfo_sha256_with_null_thumbprint"), Hex(info.Hash));
    }

    [Fact]
    public void Dc_api_origin_with_the_origin_prefix_is_rejected()
    {
        // Negative twin: OpenID4VP 1.0 B.2.6.2, the origin is not prefixed with "origin:".
        var error = Assert.Throws<ArgumentException>(() => SessionTranscript.ForOpenId4VpDcApi("origin:" + Origin, Nonce, Thumbprint));
        Assert.Equal("origin", error.ParamName);
    }

    [Fact]
    public void Spec_transcripts_decode_with_null_engagement_and_reader_key()
    {
        // Source: OpenID4VP 1.0 Appendix B.2.6.1 and B.2.6.2 SessionTranscript examples.
        foreach (var (section, identifier) in new[] { (Redirect, "OpenID4VPHandover"), (DcApi, "OpenID4VPDCAPIHandover") })
        {
            var bytes = Convert.FromHexString(Hex(section, "SessionTranscript_hex"));
            var transcript = SessionTranscript.Decode(bytes);

            Assert.Null(transcript.DeviceEngagementBytes);
            Assert.Null(transcript.EReaderKeyBytes);
            var handover = Assert.IsType<CborArray>(transcript.Handover);
            Assert.Equal(identifier, Assert.IsType<CborTextString>(handover[0]).Value);
            Assert.Equal(32, Assert.IsType<CborByteString>(handover[1]).Value.Length);
            Assert.Equal(Hex(section.GetProperty("derived_not_in_spec"), "SessionTranscriptBytes_tag24_hex"), Hex(transcript.SessionTranscriptBytes));
        }
    }

    [Theory]
    [InlineData(null, "n", "https://a.example/r", typeof(ArgumentNullException))]
    [InlineData("x509_san_dns:a.example", null, "https://a.example/r", typeof(ArgumentNullException))]
    [InlineData("x509_san_dns:a.example", "n", null, typeof(ArgumentNullException))]
    [InlineData("", "n", "https://a.example/r", typeof(ArgumentException))]
    [InlineData("x509_san_dns:a.example", "", "https://a.example/r", typeof(ArgumentException))]
    [InlineData("x509_san_dns:a.example", "n", "", typeof(ArgumentException))]
    public void Redirect_builder_rejects_missing_or_invalid_text(string? clientId, string? nonce, string? responseUri, Type exceptionType)
    {
        var error = Record.Exception(() => SessionTranscript.ForOpenId4Vp(clientId!, nonce!, null, responseUri!));
        Assert.IsType(exceptionType, error, exactMatch: false);
    }

    [Fact]
    public void Text_with_a_lone_surrogate_is_rejected_rather_than_replaced()
    {
        // Built at run time: attribute arguments are stored as UTF-8, which would already have replaced the surrogate.
        var nonce = "n" + '\ud800';

        Assert.Equal("nonce", Assert.Throws<ArgumentException>(() => SessionTranscript.ForOpenId4Vp(ClientId, nonce, null, ResponseUri)).ParamName);
        Assert.Equal("origin", Assert.Throws<ArgumentException>(() => SessionTranscript.ForOpenId4VpDcApi(Origin + '\udc00', Nonce, null)).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Thumbprint_of_the_wrong_length_is_rejected(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => SessionTranscript.ForOpenId4VpDcApi(Origin, Nonce, new byte[length]));
        Assert.Equal("jwkThumbprint", error.ParamName);
    }
}
