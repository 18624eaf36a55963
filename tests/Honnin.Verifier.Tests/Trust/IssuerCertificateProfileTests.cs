using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;
using static Honnin.Verifier.Tests.Trust.TrustTestPki;

namespace Honnin.Verifier.Tests.Trust;

/// <summary>
/// SD-JWT VC issuer certificates have their own profile (chain to an anchor, digitalSignature, not a CA; no mdoc EKU, no
/// country, intermediates allowed), while an mdoc Document Signer must be issued directly by its IACA (ISO/IEC 18013-5
/// Annex B), whatever path length the anchor allows.
/// </summary>
public sealed class IssuerCertificateProfileTests : IDisposable
{
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _subCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _subCa;
    private readonly TrustAnchorSet _anchors;

    public IssuerCertificateProfileTests()
    {
        _root = Root(_rootKey, "Honnin profile test root", pathLength: null);
        _subCa = SubCa(_root, _rootKey, _subCaKey, "Honnin profile test issuing CA");
        _anchors = TrustAnchorSet.Create([_root]);
    }

    [Fact]
    public async Task An_sd_jwt_vc_issuer_certificate_without_the_mdoc_eku_or_a_country_verifies_through_an_intermediate()
    {
        using var leaf = Leaf(_subCa, _subCaKey, _leafKey, "PID issuer", country: null, dnsNames: ["pid.example.eu"]);
        var presentation = await IssueSdJwtAsync(Claims("https://pid.example.eu"), _leafKey, leaf, _subCa);

        var result = SdJwtVerifier().Verify(presentation);

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        Assert.DoesNotContain(result.Failures, f => f.Code == CertificateProblemCodes.DsMissingEku);
    }

    [Theory]
    [InlineData(X509KeyUsageFlags.KeyEncipherment, CertificateProblemCodes.SdJwtIssuerKeyUsage)]
    [InlineData(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, CertificateProblemCodes.SdJwtIssuerIsCa)]
    public async Task An_sd_jwt_vc_issuer_certificate_must_be_a_signing_end_entity(X509KeyUsageFlags usage, string code)
    {
        using var leaf = Leaf(_root, _rootKey, _leafKey, "PID issuer", keyUsage: usage, dnsNames: ["pid.example.eu"]);
        var presentation = await IssueSdJwtAsync(Claims("https://pid.example.eu"), _leafKey, leaf);

        var result = SdJwtVerifier().Verify(presentation);

        Assert.False(result.IsValid);
        Assert.Contains(result.Failures, f => f.Code == code);
    }

    [Fact]
    public async Task An_sd_jwt_vc_issuer_certificate_without_key_usage_is_refused()
    {
        using var leaf = Leaf(_root, _rootKey, _leafKey, "PID issuer", keyUsage: null, dnsNames: ["pid.example.eu"]);

        var result = SdJwtVerifier().Verify(await IssueSdJwtAsync(Claims("https://pid.example.eu"), _leafKey, leaf));

        Assert.Contains(result.Failures, f => f.Code == CertificateProblemCodes.SdJwtIssuerKeyUsage);
    }

    [Fact]
    public void An_mdoc_document_signer_under_a_sub_ca_is_refused_even_when_the_anchor_has_no_path_length()
    {
        using var ds = DocumentSigner(_subCa, _subCaKey, _leafKey);
        var validator = new CertificateChainValidator(_anchors, MdocCertificateRole.DocumentSigner);

        var result = validator.Validate([ds, _subCa], Now);

        Assert.False(result.IsValid);
        Assert.True(result.HasFailure(CertificateProblemCodes.DsNotIssuedByIaca), string.Join("; ", result.Failures.Select(f => f.Code)));
    }

    [Fact]
    public void An_mdoc_document_signer_issued_by_the_iaca_itself_is_accepted()
    {
        using var ds = DocumentSigner(_root, _rootKey, _leafKey);
        var validator = new CertificateChainValidator(_anchors, MdocCertificateRole.DocumentSigner);

        var result = validator.Validate([ds], Now);

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
    }

    public void Dispose()
    {
        _anchors.Dispose();
        _subCa.Dispose();
        _root.Dispose();
        _rootKey.Dispose();
        _subCaKey.Dispose();
        _leafKey.Dispose();
    }

    private SdJwtVcVerifier SdJwtVerifier() =>
        new(new SdJwtVcVerifierOptions { TrustAnchors = _anchors, KeyBinding = KeyBindingPolicy.Forbidden }, new FakeTimeProvider(Now));
}
