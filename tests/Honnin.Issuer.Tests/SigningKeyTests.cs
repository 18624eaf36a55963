using Honnin.Crypto;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
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

        var error = await Assert.ThrowsAsync<ArgumentException>(() => issuer.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _))));

        Assert.Contains("does not verify", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_signer_still_issues_in_both_formats()
    {
        var mdoc = new MdocIssuer(new MdocIssuerOptions { Signer = _pki.Signer, CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));
        var sdJwt = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = Iss, CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));

        var issuedMdoc = await mdoc.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)));
        var issuedSdJwt = await sdJwt.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)));

        Assert.True(issuedMdoc.IssuerSigned.IssuerAuth.VerifySignature(_pki.Signer.PublicKey));
        Assert.True(issuedSdJwt.SdJwt.IssuerSigned.VerifySignature(_pki.Signer.PublicKey));
    }

    [Fact]
    public async Task Both_formats_sign_elsewhere_through_prepare_and_complete_and_a_wrong_signature_completes_nothing()
    {
        var mdoc = new MdocIssuer(new MdocIssuerOptions { Signer = _pki.Signer, CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));
        var sdJwt = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = Iss, CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));
        var preparedMdoc = mdoc.Prepare(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)));
        var preparedSdJwt = sdJwt.Prepare(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)));

        // The signatures come back later, as from a remote service; one made by another key completes nothing.
        Assert.Throws<ArgumentException>(() => sdJwt.Complete(preparedSdJwt, _other.Sign(preparedSdJwt.ToBeSigned.Span)));
        Assert.Throws<ArgumentException>(() => mdoc.Complete(preparedMdoc, _other.Sign(preparedMdoc.ToBeSigned.Span)));
        var issuedSdJwt = sdJwt.Complete(preparedSdJwt, await _pki.Signer.SignAsync(preparedSdJwt.ToBeSigned));
        var issuedMdoc = mdoc.Complete(preparedMdoc, await _pki.Signer.SignAsync(preparedMdoc.ToBeSigned));

        Assert.Equal(CoseAlgorithm.ES256, preparedSdJwt.Algorithm);
        Assert.Equal(preparedSdJwt.ToBeSigned.ToArray(), System.Text.Encoding.ASCII.GetBytes(issuedSdJwt.SdJwt.IssuerSigned.SigningInput));
        var clock = new FakeTimeProvider(TestIssuer.Now.AddMinutes(1));
        var sdJwtResult = new SdJwtVcVerifier(new SdJwtVcVerifierOptions { TrustAnchors = _pki.TrustAnchors, ExpectedIssuer = Iss, KeyBinding = KeyBindingPolicy.Optional }, clock).Verify(issuedSdJwt.Serialize());
        var mdocResult = new MdocVerifier(new MdocVerifierOptions { TrustAnchors = _pki.TrustAnchors }, clock).VerifyIssuerSigned(issuedMdoc.Encode());
        Assert.True(sdJwtResult.IsValid, string.Join("; ", sdJwtResult.Failures.Select(f => f.Code)));
        Assert.True(mdocResult.IsValid, string.Join("; ", mdocResult.Failures.Select(f => f.Code)));
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
