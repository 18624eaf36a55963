using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;
using static Honnin.Verifier.Tests.Trust.TrustTestPki;

namespace Honnin.Verifier.Tests.Trust;

/// <summary>
/// Under <c>x5c</c> trust the SD-JWT <c>iss</c> is bound to the leaf certificate (a SubjectAltName URI equal to it, or a
/// dNSName equal to the host of an https <c>iss</c>); the result reports the authenticated issuer, and the expected
/// issuer is compared only with it.
/// </summary>
public sealed class SdJwtIssuerBindingTests : IDisposable
{
    private readonly ECDsa _iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _iaca;
    private readonly TrustAnchorSet _anchors;

    public SdJwtIssuerBindingTests()
    {
        _iaca = Root(_iacaKey, "Honnin binding test IACA");
        _anchors = TrustAnchorSet.Create([_iaca]);
    }

    [Fact]
    public async Task A_document_signer_under_a_trusted_iaca_cannot_claim_another_agencys_iss()
    {
        using var ds = DocumentSigner(_iaca, _iacaKey, _dsKey, dnsNames: ["tax.example.jp"]);
        var presentation = await IssueSdJwtAsync(Claims("https://pension.example.jp"), _dsKey, ds);

        var result = Verifier().Verify(presentation);

        Assert.False(result.IsValid);
        Assert.Empty(result.Documents);
        Assert.Contains(result.Failures, f => f.Code == VerificationFailureCodes.SdJwtIssuerNotInCertificate);
    }

    [Fact]
    public async Task The_expected_issuer_is_never_matched_against_an_iss_the_certificate_does_not_name()
    {
        using var ds = DocumentSigner(_iaca, _iacaKey, _dsKey, dnsNames: ["tax.example.jp"]);
        var presentation = await IssueSdJwtAsync(Claims("https://pension.example.jp"), _dsKey, ds);

        var result = Verifier(o => o with { ExpectedIssuer = "https://pension.example.jp" }).Verify(presentation);

        Assert.False(result.IsValid);
        Assert.Contains(result.Failures, f => f.Code == VerificationFailureCodes.SdJwtIssuerNotInCertificate);
        Assert.Contains(result.Failures, f => f.Code == SdJwtFailureCodes.IssuerInvalid);
    }

    [Theory]
    [InlineData("https://tax.example.jp")]
    [InlineData("https://TAX.example.jp/credentials/pid")]
    [InlineData("https://tax.example.jp:8443/issuer")]
    public async Task An_https_iss_whose_host_is_a_dns_name_of_the_leaf_is_the_authenticated_issuer(string iss)
    {
        using var ds = DocumentSigner(_iaca, _iacaKey, _dsKey, dnsNames: ["tax.example.jp"]);
        var presentation = await IssueSdJwtAsync(Claims(iss), _dsKey, ds);

        var result = Verifier(o => o with { ExpectedIssuer = iss }).Verify(presentation);

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        Assert.Equal(iss, Assert.Single(result.Documents).Issuer);
    }

    [Theory]
    [InlineData("http://tax.example.jp")]
    [InlineData("https://evil.tax.example.jp")]
    [InlineData("https://tax.example.jp.evil.example")]
    [InlineData("https://user@tax.example.jp")]
    [InlineData("tax.example.jp")]
    public async Task An_iss_that_only_resembles_a_dns_name_of_the_leaf_is_refused(string iss)
    {
        using var ds = DocumentSigner(_iaca, _iacaKey, _dsKey, dnsNames: ["tax.example.jp"]);
        var presentation = await IssueSdJwtAsync(Claims(iss), _dsKey, ds);

        var result = Verifier().Verify(presentation);

        Assert.Contains(result.Failures, f => f.Code == VerificationFailureCodes.SdJwtIssuerNotInCertificate);
    }

    [Fact]
    public async Task A_wildcard_dns_name_never_matches()
    {
        using var ds = DocumentSigner(_iaca, _iacaKey, _dsKey, dnsNames: ["*.example.jp"]);
        var presentation = await IssueSdJwtAsync(Claims("https://tax.example.jp"), _dsKey, ds);

        Assert.Contains(Verifier().Verify(presentation).Failures, f => f.Code == VerificationFailureCodes.SdJwtIssuerNotInCertificate);
    }

    [Fact]
    public async Task An_iss_equal_to_a_uri_of_the_leaf_is_the_authenticated_issuer()
    {
        using var ds = DocumentSigner(_iaca, _iacaKey, _dsKey, uris: ["urn:example:jp:tax-agency"]);
        var presentation = await IssueSdJwtAsync(Claims("urn:example:jp:tax-agency"), _dsKey, ds);

        var result = Verifier().Verify(presentation);

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        Assert.Equal("urn:example:jp:tax-agency", Assert.Single(result.Documents).Issuer);
        Assert.Contains(Verifier().Verify(await IssueSdJwtAsync(Claims("urn:example:jp:TAX-agency"), _dsKey, ds)).Failures, f => f.Code == VerificationFailureCodes.SdJwtIssuerNotInCertificate);
    }

    [Fact]
    public async Task Without_iss_the_issuer_is_the_leaf_certificates_subject()
    {
        using var ds = DocumentSigner(_iaca, _iacaKey, _dsKey);
        var presentation = await IssueSdJwtAsync(Claims(null), _dsKey, ds);

        var result = Verifier().Verify(presentation);

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        Assert.Equal(ds.Subject, Assert.Single(result.Documents).Issuer);
        Assert.True(Verifier(o => o with { ExpectedIssuer = ds.Subject }).Verify(presentation).IsValid);
    }

    [Fact]
    public async Task The_binding_holds_for_a_chain_the_verifier_has_cached()
    {
        using var ds = DocumentSigner(_iaca, _iacaKey, _dsKey, dnsNames: ["tax.example.jp"]);
        var genuine = await IssueSdJwtAsync(Claims("https://tax.example.jp"), _dsKey, ds);
        var forged = await IssueSdJwtAsync(Claims("https://pension.example.jp"), _dsKey, ds);
        var verifier = Verifier();

        Assert.True(verifier.Verify(genuine).IsValid);
        Assert.Contains(verifier.Verify(forged).Failures, f => f.Code == VerificationFailureCodes.SdJwtIssuerNotInCertificate);
    }

    [Fact]
    public async Task Under_a_configured_issuer_key_the_issuer_is_the_iss_that_key_signed()
    {
        var presentation = await IssueSdJwtAsync(Claims("https://tax.example.jp"), _dsKey);
        var key = JsonWebKey.FromCoseKey(Honnin.Crypto.CoseKey.FromECDsa(_dsKey));
        var verifier = new SdJwtVcVerifier(new SdJwtVcVerifierOptions { IssuerKeys = [key], KeyBinding = KeyBindingPolicy.Forbidden }, new FakeTimeProvider(Now));

        var result = verifier.Verify(presentation);

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        Assert.Equal("https://tax.example.jp", Assert.Single(result.Documents).Issuer);
    }

    public void Dispose()
    {
        _anchors.Dispose();
        _iaca.Dispose();
        _iacaKey.Dispose();
        _dsKey.Dispose();
    }

    private SdJwtVcVerifier Verifier(Func<SdJwtVcVerifierOptions, SdJwtVcVerifierOptions>? configure = null)
    {
        var options = new SdJwtVcVerifierOptions { TrustAnchors = _anchors, KeyBinding = KeyBindingPolicy.Forbidden };
        return new SdJwtVcVerifier(configure?.Invoke(options) ?? options, new FakeTimeProvider(Now));
    }
}
