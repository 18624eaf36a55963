using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Cbor;
using Honnin.Mdoc;
using Honnin.Tests;
using Honnin.Verifier.Mdoc;
using Honnin.X509;

namespace Honnin.Verifier.Tests.Mdoc;

/// <summary>Known answers from ISO/IEC 18013-5 Annex D, each beside its negative twin.</summary>
public sealed class AnnexDVerificationTests
{
    private static readonly string[] AllCoreChecks =
        ["decode", "response_status", "unique_documents", "issuer_signature", "issuer_trust", "doctype", "validity", "digests", "device_authentication", "status", "pseudonym_domain"];

    [Fact]
    public void Annex_D_response_verifies_completely_inside_the_validity_window()
    {
        using var readerKey = AnnexDFixture.ReaderKey();
        var result = AnnexDFixture.Verifier(AnnexDFixture.InsideWindow).Verify(AnnexDFixture.Response, new MdocSession(AnnexDFixture.Transcript, readerKey));

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code + ": " + f.Message)));
        Assert.Empty(result.Failures);
        Assert.Equal(AllCoreChecks, result.Checks.Select(c => c.Name));
        Assert.All(result.Checks, c => Assert.Equal(CheckStatus.Passed, c.Status));

        var document = Assert.Single(result.Documents);
        Assert.Equal("org.iso.18013.5.1.mDL", document.DocType);
        var elements = document.Elements["org.iso.18013.5.1"];
        Assert.Equal(["family_name", "issue_date", "expiry_date", "document_number", "portrait", "driving_privileges"], elements.Keys);
        Assert.Equal("Doe", Assert.IsType<CborTextString>(elements["family_name"]).Value);
        Assert.Equal("123456789", Assert.IsType<CborTextString>(elements["document_number"]).Value);
        Assert.Equal(new DateOnly(2019, 10, 20), Assert.IsType<CborFullDate>(elements["issue_date"]).Value);
        Assert.Equal(Vectors.AnnexD("portrait_jpeg"), Assert.IsType<CborByteString>(elements["portrait"]).Value.ToArray());
    }

    [Fact]
    public void Annex_D_disclosed_item_digests_are_over_the_received_tag_24_bytes()
    {
        var response = DeviceResponse.Decode(AnnexDFixture.Response);
        var items = response.Documents[0].IssuerSigned.NameSpaces["org.iso.18013.5.1"];
        foreach (var expected in Vectors.AnnexDJson.RootElement.GetProperty("expected").GetProperty("DeviceResponse").GetProperty("IssuerSignedItem_digests").EnumerateArray())
        {
            var item = Assert.Single(items, i => i.ElementIdentifier == expected.GetProperty("elementIdentifier").GetString());
            Assert.Equal((ulong)expected.GetProperty("digestID").GetInt32(), item.DigestId);
            Assert.Equal(expected.GetProperty("IssuerSignedItemBytes_length").GetInt32(), item.ItemBytes.EncodedBytes.Length);
            Assert.Equal(expected.GetProperty("sha256_hex").GetString(), Convert.ToHexStringLower(SHA256.HashData(item.ItemBytes.EncodedBytes.Span)));
        }
    }

    [Fact]
    public void Annex_D_device_authentication_bytes_and_mac_structure_match_the_vectors()
    {
        var response = DeviceResponse.Decode(AnnexDFixture.Response);
        var document = response.Documents[0];
        var bytes = DeviceAuthentication.BuildBytes(AnnexDFixture.Transcript.EncodedBytes.Span, document.DocType, document.DeviceSigned.NameSpacesBytes);
        Assert.Equal(Vectors.AnnexD("DeviceAuthenticationBytes"), bytes);
        Assert.Equal(Vectors.AnnexD("DeviceAuth_MAC_structure"), document.DeviceSigned.DeviceMac!.BuildToBeMaced(bytes));
        Assert.Equal(Vectors.AnnexD("issuerAuth_Sig_structure"), document.IssuerSigned.IssuerAuth.BuildToBeSigned());
    }

    [Theory]
    [InlineData("2020-10-01T13:30:01Z", VerificationFailureCodes.MsoNotYetValid)]
    [InlineData("2021-10-01T13:30:03Z", VerificationFailureCodes.MsoExpired)]
    [InlineData("2021-10-01T00:00:01Z", CertificateProblemCodes.CertificateExpired)]
    [InlineData("2026-11-26T00:00:00Z", VerificationFailureCodes.MsoExpired)]
    public void Annex_D_response_fails_outside_the_validity_window(string at, string code)
    {
        using var readerKey = AnnexDFixture.ReaderKey();
        var result = AnnexDFixture.Verifier(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture))
            .Verify(AnnexDFixture.Response, new MdocSession(AnnexDFixture.Transcript, readerKey));

        Assert.False(result.IsValid);
        Assert.Contains(result.Failures, f => f.Code == code);
        Assert.Empty(result.Documents);
    }

    [Fact]
    public void Annex_D_response_fails_when_a_disclosed_value_is_altered()
    {
        // "Doe" (63 44 6f 65) becomes "Dof": the item still decodes, but its digest no longer matches.
        var altered = ReplaceOnce(AnnexDFixture.Response, "63446f65", "63446f66");
        using var readerKey = AnnexDFixture.ReaderKey();
        var result = AnnexDFixture.Verifier(AnnexDFixture.InsideWindow).Verify(altered, new MdocSession(AnnexDFixture.Transcript, readerKey));

        Assert.False(result.IsValid);
        Assert.Equal([VerificationFailureCodes.DigestMismatch], result.Failures.Select(f => f.Code));
        Assert.Contains(result.Checks, c => c.Name == "digests" && c.Status == CheckStatus.Failed);
    }

    [Fact]
    public void Annex_D_response_fails_when_any_single_disclosed_item_is_altered()
    {
        var response = DeviceResponse.Decode(AnnexDFixture.Response);
        foreach (var item in response.Documents[0].IssuerSigned.NameSpaces["org.iso.18013.5.1"])
        {
            // Change the last byte of the item's salt: a different, well-formed item.
            var itemHex = Convert.ToHexStringLower(item.ItemBytes.EncodedBytes.Span);
            var saltHex = Convert.ToHexStringLower(item.Random.Span);
            var alteredSalt = saltHex[..^2] + (saltHex[^2..] == "00" ? "01" : "00");
            var altered = ReplaceOnce(AnnexDFixture.Response, itemHex, itemHex.Replace(saltHex, alteredSalt, StringComparison.Ordinal));

            using var readerKey = AnnexDFixture.ReaderKey();
            var result = AnnexDFixture.Verifier(AnnexDFixture.InsideWindow).Verify(altered, new MdocSession(AnnexDFixture.Transcript, readerKey));
            Assert.False(result.IsValid);
            Assert.Equal([VerificationFailureCodes.DigestMismatch], result.Failures.Select(f => f.Code));
        }
    }

    [Fact]
    public void Annex_D_response_is_untrusted_when_another_iaca_is_the_only_anchor()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("C=US, CN=Another IACA", otherKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        using var otherIaca = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

        using var readerKey = AnnexDFixture.ReaderKey();
        var result = AnnexDFixture.Verifier(AnnexDFixture.InsideWindow, TrustAnchorSet.Create([otherIaca]))
            .Verify(AnnexDFixture.Response, new MdocSession(AnnexDFixture.Transcript, readerKey));

        Assert.False(result.IsValid);
        Assert.Equal([CertificateProblemCodes.UntrustedIssuer], result.Failures.Select(f => f.Code));
    }

    [Fact]
    public void Annex_D_response_fails_device_mac_with_another_transcript()
    {
        var other = SessionTranscript.ForOpenId4Vp("x509_san_dns:example.com", "another-nonce", null, "https://example.com/response");
        using var readerKey = AnnexDFixture.ReaderKey();
        var result = AnnexDFixture.Verifier(AnnexDFixture.InsideWindow).Verify(AnnexDFixture.Response, new MdocSession(other, readerKey));

        Assert.False(result.IsValid);
        Assert.Equal([VerificationFailureCodes.DeviceMacInvalid], result.Failures.Select(f => f.Code));
    }

    [Fact]
    public void Annex_D_response_fails_device_mac_with_another_reader_key()
    {
        using var otherKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var result = AnnexDFixture.Verifier(AnnexDFixture.InsideWindow).Verify(AnnexDFixture.Response, new MdocSession(AnnexDFixture.Transcript, otherKey));

        Assert.False(result.IsValid);
        Assert.Equal([VerificationFailureCodes.DeviceMacInvalid], result.Failures.Select(f => f.Code));
    }

    [Fact]
    public void Annex_D_response_fails_closed_without_the_reader_key()
    {
        var result = AnnexDFixture.Verifier(AnnexDFixture.InsideWindow).Verify(AnnexDFixture.Response, new MdocSession(AnnexDFixture.Transcript));

        Assert.False(result.IsValid);
        Assert.Equal([VerificationFailureCodes.ReaderKeyRequired], result.Failures.Select(f => f.Code));
    }

    [Fact]
    public void Required_elements_that_were_not_disclosed_fail()
    {
        using var readerKey = AnnexDFixture.ReaderKey();
        var verifier = new MdocVerifier(
            new MdocVerifierOptions { TrustAnchors = AnnexDFixture.Iaca, RequiredElements = [("org.iso.18013.5.1", "family_name"), ("org.iso.18013.5.1", "given_name")] },
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(AnnexDFixture.InsideWindow));
        var result = verifier.Verify(AnnexDFixture.Response, new MdocSession(AnnexDFixture.Transcript, readerKey));

        Assert.False(result.IsValid);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(VerificationFailureCodes.ElementMissing, failure.Code);
        Assert.Contains("given_name", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_messages_never_carry_claim_values()
    {
        var altered = ReplaceOnce(AnnexDFixture.Response, "63446f65", "63446f66");
        using var readerKey = AnnexDFixture.ReaderKey();
        var result = AnnexDFixture.Verifier(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)).Verify(altered, new MdocSession(AnnexDFixture.Transcript, readerKey));

        Assert.NotEmpty(result.Failures);
        Assert.All(result.Failures, f =>
        {
            Assert.DoesNotContain("Dof", f.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("123456789", f.Message, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("63312e31", true)]
    [InlineData("63322e30", false)]
    [InlineData("63302e39", false)]
    public void A_response_version_other_than_1_x_is_refused(string versionHex, bool accepted)
    {
        // The Annex D response starts {"version": "1.0", ...}: a3 67 "version" 63 "1.0".
        var hex = Convert.ToHexStringLower(AnnexDFixture.Response);
        Assert.StartsWith("a36776657273696f6e63312e30", hex, StringComparison.Ordinal);
        var changed = Convert.FromHexString("a36776657273696f6e" + versionHex + hex[26..]);
        using var readerKey = AnnexDFixture.ReaderKey();

        var result = AnnexDFixture.Verifier(AnnexDFixture.InsideWindow).Verify(changed, new MdocSession(AnnexDFixture.Transcript, readerKey));

        Assert.Equal(accepted, result.IsValid);
        if (!accepted)
        {
            Assert.Equal([MdocFormatCodes.UnsupportedVersion], result.Failures.Select(f => f.Code));
        }
    }

    internal static byte[] ReplaceOnce(byte[] source, string findHex, string replaceHex)
    {
        var hex = Convert.ToHexStringLower(source);
        var index = hex.IndexOf(findHex, StringComparison.Ordinal);
        Assert.True(index >= 0 && index % 2 == 0, "pattern not found at a byte boundary");
        Assert.Equal(-1, hex.IndexOf(findHex, index + 2, StringComparison.Ordinal));
        return Convert.FromHexString(hex[..index] + replaceHex + hex[(index + findHex.Length)..]);
    }
}
