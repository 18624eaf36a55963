using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Tests.RealWorld;
using Honnin.X509;
using Honnin.X509.Vicals;

namespace Honnin.Verifier.Tests.Trust;

/// <summary>
/// Reading and verifying a VICAL, with AAMVA's list of North American IACAs (2025-11-18, from the real-world corpus,
/// signed under the AAMVA CA whose root ships beside it) and lists built here.
/// </summary>
public sealed class VicalTests
{
    private static readonly DateTimeOffset InsideUpdateWindow = new(2025, 11, 19, 0, 0, 0, TimeSpan.Zero);

    private static byte[] Aamva => File.ReadAllBytes(RealWorldCorpus.FullPath("artifacts/aamva/vical-2025-11-18.cbor"));

    private static TrustAnchorSet AamvaRoot() => TrustAnchorSet.FromPem(RealWorldCorpus.ReadText("anchors/aamva-ca-root.pem"));

    [Fact]
    public void The_aamva_vical_reads_and_verifies_under_the_aamva_root()
    {
        var vical = Vical.Decode(Aamva);
        using var root = AamvaRoot();

        Assert.Empty(vical.Verify(root, InsideUpdateWindow));
        Assert.Equal("AAMVA", vical.Provider);
        Assert.Equal("1.0", vical.Version);
        Assert.Equal(new DateTimeOffset(2025, 11, 18, 18, 38, 12, TimeSpan.Zero), vical.Date);
        Assert.Equal(new DateTimeOffset(2025, 11, 19, 18, 38, 12, TimeSpan.Zero), vical.NextUpdate);
        Assert.Equal(3, vical.SignerChain.Count);
        Assert.True(vical.Entries.Count > 10);
        Assert.All(vical.Entries, e => Assert.Contains("org.iso.18013.5.1.mDL", e.DocTypes));
        Assert.Contains(vical.Entries, e => e.StateOrProvinceName == "US-UT");
        using var iacas = vical.ToTrustAnchors("org.iso.18013.5.1.mDL");
        Assert.Equal(vical.Entries.Count, iacas.Count);
        Assert.Contains("org.iso.23220.photoid.1", Assert.Throws<InvalidOperationException>(() => vical.ToTrustAnchors("org.iso.23220.photoid.1")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vical_past_its_next_update_is_stale()
    {
        using var root = AamvaRoot();

        var problems = Vical.Decode(Aamva).Verify(root, InsideUpdateWindow.AddDays(1));

        Assert.Equal([VicalFailureCodes.Stale], problems.Select(p => p.Code));
    }

    [Fact]
    public void A_vical_under_a_root_the_caller_does_not_trust_is_refused()
    {
        using var pki = new TestIssuer();

        var problems = Vical.Decode(Aamva).Verify(pki.TrustAnchors, InsideUpdateWindow);

        Assert.Contains(problems, p => p.Code == VicalFailureCodes.SignerUntrusted);
    }

    [Fact]
    public void A_changed_listed_certificate_breaks_the_signature()
    {
        var bytes = Aamva;
        var vical = Vical.Decode(bytes);
        var certificate = vical.Entries[0].Certificate.ToArray();
        var at = bytes.AsSpan().IndexOf(certificate);
        Assert.True(at > 0);
        bytes[at + certificate.Length - 1] ^= 0x01;
        using var root = AamvaRoot();

        var problems = Vical.Decode(bytes).Verify(root, InsideUpdateWindow);

        Assert.Contains(problems, p => p.Code == VicalFailureCodes.SignatureInvalid);
    }

    [Fact]
    public async Task A_list_signed_by_a_key_that_is_not_its_x5chain_leaf_is_refused()
    {
        using var pki = new TestIssuer();
        using var other = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var payload = CborMap.FromText(
            ("version", new CborTextString("1.0")),
            ("vicalProvider", new CborTextString("Honnin test")),
            ("date", new CborDateTime(TestIssuer.Now)),
            ("certificateInfos", new CborArray(CborMap.FromText(("certificate", new CborByteString(pki.Iaca.RawData)), ("docType", new CborArray(new CborTextString("org.iso.18013.5.1.mDL")))))));
        var header = new CborMap([new KeyValuePair<CborValue, CborValue>(new CborInteger(CoseHeaderLabels.X5Chain), new CborByteString(pki.DocumentSigner.RawData))]);

        var bySigner = await CoseSign1Message.CreateAsync(pki.Signer, payload.EncodedBytes, CosePayloadMode.Embedded, unprotectedHeaders: header);
        var byOther = await CoseSign1Message.CreateAsync(other, payload.EncodedBytes, CosePayloadMode.Embedded, unprotectedHeaders: header);

        var good = Vical.Decode(bySigner.Encoded.EncodedBytes);
        Assert.Equal("Honnin test", good.Provider);
        Assert.Null(good.NextUpdate);
        Assert.Empty(good.Verify(pki.TrustAnchors, TestIssuer.Now));
        Assert.Contains(Vical.Decode(byOther.Encoded.EncodedBytes).Verify(pki.TrustAnchors, TestIssuer.Now), p => p.Code == VicalFailureCodes.SignatureInvalid);
    }

    [Theory]
    [InlineData("a0")]
    [InlineData("84f6a0f6f6")]
    [InlineData("ff")]
    public void Bytes_that_are_not_a_vical_give_a_format_error(string hex)
    {
        Assert.False(Vical.TryDecode(Convert.FromHexString(hex), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error.Code));
    }

    [Fact]
    public async Task A_signed_payload_that_is_not_a_vical_map_is_malformed()
    {
        using var pki = new TestIssuer();
        var notAMap = await CoseSign1Message.CreateAsync(pki.Signer, new CborTextString("hello").EncodedBytes, CosePayloadMode.Embedded);
        var noInfos = await CoseSign1Message.CreateAsync(pki.Signer, CborMap.FromText(("version", new CborTextString("1.0")), ("vicalProvider", new CborTextString("x")), ("date", new CborDateTime(TestIssuer.Now))).EncodedBytes, CosePayloadMode.Embedded);

        Assert.Equal(VicalFailureCodes.Malformed, Assert.Throws<CredentialFormatException>(() => Vical.Decode(notAMap.Encoded.EncodedBytes)).Code);
        Assert.Equal(VicalFailureCodes.Malformed, Assert.Throws<CredentialFormatException>(() => Vical.Decode(noInfos.Encoded.EncodedBytes)).Code);
    }
}
