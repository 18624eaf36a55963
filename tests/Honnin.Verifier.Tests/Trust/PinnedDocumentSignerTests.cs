using System.Text;
using Honnin.Issuer.Mdoc;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Mdoc;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.Trust;

/// <summary>Trusting a Document Signer certificate directly, without its IACA.</summary>
public sealed class PinnedDocumentSignerTests : IDisposable
{
    private readonly TestIssuer _pki = new();

    private static MdocVerifier Verifier(MdocVerifierOptions options) => new(options, new FakeTimeProvider(TestIssuer.Now.AddDays(1)));

    private static async Task<byte[]> IssueAsync(TestIssuer pki) =>
        (await pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)))).Encode().ToArray();

    [Fact]
    public async Task A_pinned_document_signer_is_trusted_without_its_iaca()
    {
        var verifier = Verifier(new MdocVerifierOptions { PinnedDocumentSigners = [_pki.DocumentSigner.RawData] });

        var result = verifier.VerifyIssuerSigned(await IssueAsync(_pki));

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        Assert.Contains(result.Checks, c => c.Name == "issuer_trust" && c.Status == CheckStatus.Passed);
    }

    [Fact]
    public async Task Another_document_signer_is_not_trusted_by_a_pin()
    {
        using var other = new TestIssuer();
        var pinnedOnly = Verifier(new MdocVerifierOptions { PinnedDocumentSigners = [_pki.DocumentSigner.RawData] });
        var pinnedAndAnchors = Verifier(new MdocVerifierOptions { PinnedDocumentSigners = [_pki.DocumentSigner.RawData], TrustAnchors = other.TrustAnchors });

        Assert.True(pinnedOnly.VerifyIssuerSigned(await IssueAsync(other)).HasFailure(CertificateProblemCodes.UntrustedIssuer));
        Assert.True(pinnedAndAnchors.VerifyIssuerSigned(await IssueAsync(other)).IsValid);
        Assert.True(pinnedAndAnchors.VerifyIssuerSigned(await IssueAsync(_pki)).IsValid);
    }

    [Fact]
    public async Task A_pinned_certificate_is_still_held_to_its_validity()
    {
        var verifier = Verifier(new MdocVerifierOptions { PinnedDocumentSigners = [_pki.DocumentSigner.RawData] });
        var credential = await IssueAsync(_pki);

        Assert.True(verifier.VerifyIssuerSigned(credential, TestIssuer.Now.AddYears(3)).HasFailure(CertificateProblemCodes.CertificateExpired));
        Assert.True(verifier.VerifyIssuerSigned(credential, TestIssuer.Now.AddMonths(-2)).HasFailure(CertificateProblemCodes.CertificateNotYetValid));
    }

    [Fact]
    public void A_pin_must_be_exactly_one_der_certificate_and_some_trust_is_required()
    {
        var pem = Encoding.ASCII.GetBytes(_pki.DocumentSigner.ExportCertificatePem());
        byte[] trailing = [.. _pki.DocumentSigner.RawData, 0x00];

        Assert.Throws<ArgumentException>(() => new MdocVerifier(new MdocVerifierOptions { PinnedDocumentSigners = [pem] }));
        Assert.Throws<ArgumentException>(() => new MdocVerifier(new MdocVerifierOptions { PinnedDocumentSigners = [trailing] }));
        Assert.Throws<ArgumentException>(() => new MdocVerifier(new MdocVerifierOptions()));
    }

    public void Dispose() => _pki.Dispose();
}
