using System.Security.Cryptography;
using Honnin.Crypto;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Tests.Issuance;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Issuer.Tests;

/// <summary>Both issuers refuse to sign with a CA certificate, and outside the signing certificate's validity, with a typed error.</summary>
public sealed class SignerCertificateTests : IDisposable
{
    private readonly TestIssuer _pki = new();
    private readonly ECDsa _iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Fact]
    public void The_mdoc_issuer_refuses_an_iaca_certificate()
    {
        using var iaca = MdocCertificateFactory.CreateIaca("JP", "Some IACA", _iacaKey, TestIssuer.Now.AddDays(-1), TestIssuer.Now.AddYears(1));
        using var signer = SoftwareSigner.FromECDsa(ECDsa.Create(_iacaKey.ExportParameters(includePrivateParameters: true)));

        var error = Assert.Throws<SignerCertificateException>(() => new MdocIssuer(new MdocIssuerOptions { Signer = signer, CertificateChain = [iaca.RawData] }, new FakeTimeProvider(TestIssuer.Now)));

        Assert.Equal(SignerCertificateException.IsCertificateAuthority, error.Code);
        Assert.Contains("Document Signer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sd_jwt_issuer_refuses_an_iaca_certificate()
    {
        using var iaca = MdocCertificateFactory.CreateIaca("JP", "Some IACA", _iacaKey, TestIssuer.Now.AddDays(-1), TestIssuer.Now.AddYears(1));
        using var signer = SoftwareSigner.FromECDsa(ECDsa.Create(_iacaKey.ExportParameters(includePrivateParameters: true)));

        var error = Assert.Throws<SignerCertificateException>(() => new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = signer, Issuer = "https://payroll.example.jp", CertificateChain = [iaca.RawData] }, new FakeTimeProvider(TestIssuer.Now)));

        Assert.Equal(SignerCertificateException.IsCertificateAuthority, error.Code);
    }

    [Theory]
    [InlineData("https://another-agency.example.jp")]
    [InlineData("https://payroll.example.jp.evil.example")]
    [InlineData("http://payroll.example.jp")]
    public void The_sd_jwt_issuer_refuses_an_iss_its_certificate_does_not_name(string iss)
    {
        using var pki = new TestIssuer();

        var error = Assert.Throws<SignerCertificateException>(() => new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = pki.Signer, Issuer = iss, CertificateChain = [pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now)));

        Assert.Equal(SignerCertificateException.IssuerNotInCertificate, error.Code);
        _ = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = pki.Signer, Issuer = "https://payroll.example.jp", CertificateChain = [pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));
    }

    public static TheoryData<int, string> OutsideValidity => new()
    {
        { -60, SignerCertificateException.NotYetValid },
        { 365 * 3, SignerCertificateException.Expired },
    };

    [Theory]
    [MemberData(nameof(OutsideValidity))]
    public async Task The_mdoc_issuer_refuses_to_sign_outside_the_document_signer_validity(int days, string code)
    {
        var issuer = new MdocIssuer(new MdocIssuerOptions { Signer = _pki.Signer, CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now.AddDays(days)));
        var deviceKey = TestIssuer.NewDeviceKey(out var device);
        using var _ = device;

        var error = await Assert.ThrowsAsync<SignerCertificateException>(() => issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), deviceKey)));

        Assert.Equal(code, error.Code);
    }

    [Theory]
    [MemberData(nameof(OutsideValidity))]
    public async Task The_sd_jwt_issuer_refuses_to_sign_outside_the_signer_validity(int days, string code)
    {
        var issuer = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = "https://payroll.example.jp", CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now.AddDays(days)));
        var deviceKey = TestIssuer.NewDeviceKey(out var device);
        using var _ = device;

        var error = await Assert.ThrowsAsync<SignerCertificateException>(() => issuer.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), deviceKey)));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public async Task Inside_the_validity_the_document_signer_signs()
    {
        var deviceKey = TestIssuer.NewDeviceKey(out var device);
        using var _ = device;

        var issued = await _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), deviceKey));

        Assert.True(issued.IssuerSigned.IssuerAuth.VerifySignature(_pki.Signer.PublicKey));
    }

    [Fact]
    public async Task A_default_validity_ends_when_the_signing_certificate_does_in_both_formats()
    {
        var dsNotAfter = new DateTimeOffset(_pki.DocumentSigner.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var mdoc = new MdocIssuer(new MdocIssuerOptions { Signer = _pki.Signer, CertificateChain = [_pki.DocumentSigner.RawData], ValidityPeriod = TimeSpan.FromDays(5 * 365) }, new FakeTimeProvider(TestIssuer.Now));
        var sdJwt = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = "https://payroll.example.jp", CertificateChain = [_pki.DocumentSigner.RawData], ValidityPeriod = TimeSpan.FromDays(5 * 365) }, new FakeTimeProvider(TestIssuer.Now));

        var issuedMdoc = await mdoc.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)));
        var issuedSdJwt = await sdJwt.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)));

        Assert.Equal(dsNotAfter, issuedMdoc.IssuerSigned.MobileSecurityObject.ValidityInfo.ValidUntil);
        Assert.Equal(dsNotAfter.ToUnixTimeSeconds(), issuedSdJwt.SdJwt.GetIssuerPayload()["exp"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_stated_end_of_validity_past_the_signing_certificate_is_refused_in_both_formats()
    {
        var beyond = new DateTimeOffset(_pki.DocumentSigner.NotAfter.ToUniversalTime(), TimeSpan.Zero).AddDays(1);
        var sdJwt = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = "https://payroll.example.jp", CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));

        var mdocError = await Assert.ThrowsAsync<SignerCertificateException>(() => _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)) { ValidUntil = beyond }));
        var sdJwtError = await Assert.ThrowsAsync<SignerCertificateException>(() => sdJwt.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)) { ValidUntil = beyond }));
        var lateStart = await Assert.ThrowsAsync<SignerCertificateException>(() => _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)) { ValidFrom = beyond, ValidUntil = beyond.AddDays(1) }));

        Assert.All([mdocError, sdJwtError, lateStart], e => Assert.Equal(SignerCertificateException.ExpiresBeforeCredential, e.Code));
    }

    public void Dispose()
    {
        _pki.Dispose();
        _iacaKey.Dispose();
    }
}
