using System.Security.Cryptography;
using Honnin.Crypto;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Tests.Issuance;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Issuer.Tests;

/// <summary>
/// Both issuers hold their signing key to the certificate they name and check every signature before a credential
/// leaves them: a signer with another key, or one that returns a bad signature (a faulty HSM or remote signer), issues
/// nothing.
/// </summary>
public sealed class SigningKeyTests : IDisposable
{
    private const string Iss = "https://payroll.example.jp";
    private readonly TestIssuer _pki = new();
    private readonly SoftwareSigner _other = SoftwareSigner.Generate(CoseAlgorithm.ES256);

    [Fact]
    public void The_mdoc_issuer_refuses_a_signer_whose_key_is_not_the_certificates()
    {
        var error = Assert.Throws<ArgumentException>(() => new MdocIssuer(new MdocIssuerOptions { Signer = _other, CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now)));

        Assert.Contains("not the key of the Document Signer certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sd_jwt_issuer_refuses_a_signer_whose_key_is_not_the_certificates()
    {
        var error = Assert.Throws<ArgumentException>(() => new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = _other, Issuer = Iss, CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now)));

        Assert.Contains("not the key of the signing certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mdoc_issuer_issues_nothing_when_the_signer_returns_a_bad_signature()
    {
        var issuer = new MdocIssuer(new MdocIssuerOptions { Signer = new CorruptingSigner(_pki.Signer), CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _))));

        Assert.Contains("does not verify", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_sd_jwt_issuer_issues_nothing_when_the_signer_returns_a_bad_signature(bool withCertificate)
    {
        var issuer = new SdJwtVcIssuer(
            new SdJwtVcIssuerOptions { Signer = new CorruptingSigner(_pki.Signer), Issuer = Iss, CertificateChain = withCertificate ? [_pki.DocumentSigner.RawData] : [] },
            new FakeTimeProvider(TestIssuer.Now));

        var error = await Assert.ThrowsAsync<CryptographicException>(() => issuer.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _))));

        Assert.Contains("does not verify", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_signer_still_issues_in_both_formats()
    {
        var mdoc = new MdocIssuer(new MdocIssuerOptions { Signer = _pki.Signer, CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));
        var sdJwt = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = Iss, CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));

        Assert.NotNull(await mdoc.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _))));
        Assert.NotNull(await sdJwt.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _))));
    }

    public void Dispose()
    {
        _other.Dispose();
        _pki.Dispose();
    }

    /// <summary>A signer that signs with the right key and then flips a bit of what it returns.</summary>
    private sealed class CorruptingSigner(ISigner inner) : ISigner
    {
        public CoseAlgorithm Algorithm => inner.Algorithm;

        public string? KeyId => inner.KeyId;

        public CoseKey PublicKey => inner.PublicKey;

        public async ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            var signature = await inner.SignAsync(data, cancellationToken);
            signature[^1] ^= 0x01;
            return signature;
        }
    }
}
