using Honnin.Cbor;
using Honnin.Issuer.Mdoc;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Mdoc;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.Mdoc;

/// <summary>An IssuerSigned credential checked on its own: everything but device authentication, which is reported as not run.</summary>
public sealed class IssuerSignedVerificationTests : IDisposable
{
    private readonly TestIssuer _pki = new();

    private MdocVerifier Verifier(TrustAnchorSet? anchors = null) =>
        new(new MdocVerifierOptions { TrustAnchors = anchors ?? _pki.TrustAnchors }, new FakeTimeProvider(TestIssuer.Now.AddDays(1)));

    private async Task<byte[]> IssueAsync() =>
        (await _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)))).Encode().ToArray();

    [Fact]
    public async Task An_issued_credential_verifies_with_every_element_and_without_device_authentication()
    {
        var result = Verifier().VerifyIssuerSigned(await IssueAsync());

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        var document = Assert.Single(result.Documents);
        Assert.Equal(Honnin.DocumentTypes.HonninDocumentTypes.WithholdingSlipDocType, document.DocType);
        Assert.Equal(5_000_000, Assert.IsType<CborInteger>(document.Elements[document.DocType]["payment_amount"]).Value);
        Assert.Contains(result.Checks, c => c.Name == "device_authentication" && c.Status == CheckStatus.NotRun);
        Assert.Contains(result.Checks, c => c.Name == "digests" && c.Status == CheckStatus.Passed);
    }

    [Fact]
    public async Task A_changed_element_value_fails_its_digest()
    {
        var bytes = await IssueAsync();
        var name = "山田"u8.ToArray();
        var at = bytes.AsSpan().IndexOf(name);
        bytes[at + name.Length - 1] ^= 0x01;

        Assert.True(Verifier().VerifyIssuerSigned(bytes).HasFailure(VerificationFailureCodes.DigestMismatch));
    }

    [Fact]
    public async Task Time_and_trust_are_checked()
    {
        var bytes = await IssueAsync();
        using var other = new TestIssuer();

        Assert.True(Verifier().VerifyIssuerSigned(bytes, TestIssuer.Now.AddYears(5)).HasFailure(VerificationFailureCodes.MsoExpired));
        Assert.True(Verifier(other.TrustAnchors).VerifyIssuerSigned(bytes).HasFailure(CertificateProblemCodes.UntrustedIssuer));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a0")]
    [InlineData("84f6a0f6f6")]
    public void Bytes_that_are_not_an_issuer_signed_structure_fail_to_decode(string hex)
    {
        var result = Verifier().VerifyIssuerSigned(Convert.FromHexString(hex));

        Assert.False(result.IsValid);
        Assert.Contains(result.Checks, c => c.Name == "decode" && c.Status == CheckStatus.Failed);
    }

    public void Dispose() => _pki.Dispose();
}
