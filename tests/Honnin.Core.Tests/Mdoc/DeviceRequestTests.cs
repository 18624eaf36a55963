using System.Security.Cryptography.X509Certificates;
using Honnin.Mdoc;
using Honnin.Tests;

namespace Honnin.Core.Tests.Mdoc;

/// <summary>ISO/IEC 18013-5 Annex D DeviceRequest with readerAuth (tests/vectors/mdoc/iso18013-5-annexd.json).</summary>
public sealed class DeviceRequestTests
{
    [Fact]
    public void Annex_D_device_request_decodes_with_intent_to_retain()
    {
        var request = DeviceRequest.Decode(Vectors.AnnexD("DeviceRequest"));

        var docRequest = Assert.Single(request.DocRequests);
        Assert.Equal("org.iso.18013.5.1.mDL", docRequest.ItemsRequest.DocType);
        var elements = docRequest.ItemsRequest.NameSpaces["org.iso.18013.5.1"];
        Assert.True(elements["family_name"]);
        Assert.False(elements["portrait"]);
        Assert.Equal(6, elements.Count);
        Assert.Equal(Vectors.AnnexD("ItemsRequest"), docRequest.ItemsRequest.Encoded.ContentBytes.ToArray());
    }

    [Fact]
    public void Annex_D_reader_authentication_bytes_and_signature_match()
    {
        var request = DeviceRequest.Decode(Vectors.AnnexD("DeviceRequest"));
        var transcript = SessionTranscript.Decode(Vectors.AnnexD("SessionTranscriptBytes"));
        var docRequest = request.DocRequests[0];

        var bytes = ReaderAuthentication.BuildBytes(transcript.EncodedBytes.Span, docRequest.ItemsRequest);
        Assert.Equal(Vectors.AnnexD("ReaderAuthenticationBytes"), bytes);
        Assert.Equal(Vectors.AnnexD("readerAuth_Sig_structure"), docRequest.ReaderAuth!.BuildToBeSigned(bytes));

        using var reader = X509CertificateLoader.LoadCertificate(Vectors.AnnexD("reader_certificate"));
        using var key = reader.GetECDsaPublicKey()!;
        Assert.True(docRequest.ReaderAuth.VerifySignature(key, bytes));

        // Negative twin: the same signature over another transcript does not verify.
        var other = SessionTranscript.ForOpenId4VpDcApi("https://example.com", "n", null);
        Assert.False(docRequest.ReaderAuth.VerifySignature(key, ReaderAuthentication.BuildBytes(other.EncodedBytes.Span, docRequest.ItemsRequest)));
    }

    [Fact]
    public void Created_request_round_trips()
    {
        var items = ItemsRequest.Create("jp.honnin.withholding_slip.1", new Dictionary<string, IReadOnlyDictionary<string, bool>>
        {
            ["jp.honnin.withholding_slip.1"] = new Dictionary<string, bool> { ["payment_amount"] = true, ["remarks"] = false },
        });
        var request = DeviceRequest.Create([DocRequest.Create(items)]);

        var decoded = DeviceRequest.Decode(request.Encoded.EncodedBytes);
        Assert.True(decoded.DocRequests[0].ItemsRequest.NameSpaces["jp.honnin.withholding_slip.1"]["payment_amount"]);
        Assert.Null(decoded.DocRequests[0].ReaderAuth);
    }

    [Theory]
    [InlineData("a1677665727369six")]
    [InlineData("a2677665727369636f6e63312e306b646f63526571756573747380")]
    public void Malformed_requests_throw_the_format_exception(string hex)
    {
        var bytes = hex.All(Uri.IsHexDigit) ? Convert.FromHexString(hex) : [0xff];
        Assert.Throws<CredentialFormatException>(() => DeviceRequest.Decode(bytes));
    }
}
