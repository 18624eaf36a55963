using System.Security.Cryptography;
using System.Text;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Honnin.X509.Vicals;
using Microsoft.Extensions.Time.Testing;
using static Honnin.Verifier.Tests.Trust.TrustTestPki;

namespace Honnin.Verifier.Tests.Trust;

/// <summary><see cref="IssuerTrust"/> recognises PEM and DER CA certificates, JWKs and JWK Sets by content and says what it read.</summary>
public sealed class IssuerTrustLoaderTests
{
    [Fact]
    public async Task Pem_and_der_ca_certificates_become_anchors_that_verify_an_sd_jwt()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Root(rootKey, "Loader root");
        using var other = Root(otherKey, "Other root");
        using var ds = DocumentSigner(root, rootKey, dsKey, dnsNames: ["issuer.example.jp"]);

        using var trust = IssuerTrust.Read([("root.der", root.RawData), ("other.pem", Encoding.ASCII.GetBytes(other.ExportCertificatePem()))]);

        Assert.Equal(2, trust.Anchors!.Count);
        Assert.Contains(trust.Sources, s => s.StartsWith("root.der: CA certificate", StringComparison.Ordinal));
        Assert.Contains(trust.Sources, s => s.StartsWith("other.pem: CA certificate", StringComparison.Ordinal));
        var verifier = new SdJwtVcVerifier(trust.ApplyTo(new SdJwtVcVerifierOptions { KeyBinding = KeyBindingPolicy.Forbidden }), new FakeTimeProvider(Now));
        Assert.True(verifier.Verify(await IssueSdJwtAsync(Claims("https://issuer.example.jp"), dsKey, ds)).IsValid);
    }

    [Fact]
    public async Task A_jwk_set_becomes_issuer_keys()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var set = "{\"keys\":[" + JsonWebKey.FromCoseKey(CoseKey.FromECDsa(otherKey), "k-0").ToJson() + "," + JsonWebKey.FromCoseKey(CoseKey.FromECDsa(key), "k-1").ToJson() + "]}";

        using var trust = IssuerTrust.Read([("issuer.jwks", Encoding.UTF8.GetBytes(set))]);

        Assert.Equal(2, trust.IssuerKeys.Count);
        Assert.Equal("issuer.jwks: issuer key k-0; issuer key k-1", Assert.Single(trust.Sources));
        var verifier = new SdJwtVcVerifier(trust.ApplyTo(new SdJwtVcVerifierOptions { KeyBinding = KeyBindingPolicy.Forbidden }), new FakeTimeProvider(Now));
        Assert.True(verifier.Verify(await IssueSdJwtAsync(Claims("https://issuer.example.jp"), key)).IsValid);
    }

    [Fact]
    public async Task An_end_entity_certificate_is_pinned_and_verifies_an_sd_jwt_it_signed()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Root(rootKey, "Loader root");
        using var ds = DocumentSigner(root, rootKey, dsKey, dnsNames: ["issuer.example.jp"]);

        using var trust = IssuerTrust.Read([("ds.der", ds.RawData)]);

        Assert.Null(trust.Anchors);
        Assert.Equal(ds.RawData, Assert.Single(trust.PinnedCertificates).ToArray());
        Assert.StartsWith("ds.der: pinned issuer certificate", Assert.Single(trust.Sources), StringComparison.Ordinal);
        Assert.Equal(ds.RawData, Assert.Single(trust.ApplyTo(new Honnin.Verifier.Mdoc.MdocVerifierOptions()).PinnedDocumentSigners).ToArray());
        var verifier = new SdJwtVcVerifier(trust.ApplyTo(new SdJwtVcVerifierOptions { KeyBinding = KeyBindingPolicy.Forbidden }), new FakeTimeProvider(Now));
        Assert.True(verifier.Verify(await IssueSdJwtAsync(Claims("https://issuer.example.jp"), dsKey, ds)).IsValid);
    }

    [Fact]
    public void A_vical_adds_its_iacas_only_once_its_signature_verifies_or_unverified_lists_are_accepted_by_name()
    {
        var vical = File.ReadAllBytes(RealWorld.RealWorldCorpus.FullPath("artifacts/aamva/vical-2025-11-18.cbor"));
        using var aamvaRoot = TrustAnchorSet.FromPem(RealWorld.RealWorldCorpus.ReadText("anchors/aamva-ca-root.pem"));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = Root(otherKey, "Not the VICAL signer");
        using var otherRoot = TrustAnchorSet.Create([other]);
        var inside = new DateTimeOffset(2025, 11, 19, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(TrustFileCodes.VicalUnverified, Assert.Throws<CredentialFormatException>(() => IssuerTrust.Read([("vical.cbor", vical)])).Code);
        var untrusted = Assert.Throws<CredentialFormatException>(() => IssuerTrust.Read([("vical.cbor", vical)], new IssuerTrustOptions { VicalSigners = otherRoot, At = inside }));
        Assert.Equal(TrustFileCodes.VicalNotTrusted, untrusted.Code);
        Assert.Contains("vical_signer_untrusted", untrusted.Message, StringComparison.Ordinal);
        Assert.Equal(TrustFileCodes.VicalNotTrusted, Assert.Throws<CredentialFormatException>(() => IssuerTrust.Read([("vical.cbor", vical)], new IssuerTrustOptions { VicalSigners = aamvaRoot, At = inside.AddDays(2) })).Code);

        using var trusted = IssuerTrust.Read([("vical.cbor", vical)], new IssuerTrustOptions { VicalSigners = aamvaRoot, At = inside });
        using var unverified = IssuerTrust.Read([("vical.cbor", vical)], new IssuerTrustOptions { AcceptUnverifiedVicals = true });

        Assert.Equal(Vical.Decode(vical).Entries.Count, trusted.Anchors!.Count);
        Assert.Contains("signature and signer checked", Assert.Single(trusted.Sources), StringComparison.Ordinal);
        Assert.Equal(trusted.Anchors.Count, unverified.Anchors!.Count);
        Assert.Contains("its signature not checked", Assert.Single(unverified.Sources), StringComparison.Ordinal);
    }

    [Fact]
    public void Junk_a_cbor_input_that_is_no_vical_and_trailing_bytes_are_unreadable()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Root(rootKey, "Loader root");

        Assert.Equal(TrustFileCodes.Unreadable, Assert.Throws<CredentialFormatException>(() => IssuerTrust.Read([("vical.cbor", new byte[] { 0x84, 0x40, 0xA0, 0x40, 0x40 })], new IssuerTrustOptions { AcceptUnverifiedVicals = true })).Code);
        Assert.Equal(TrustFileCodes.Unreadable, Assert.Throws<CredentialFormatException>(() => IssuerTrust.Read([("junk", "hello"u8.ToArray())])).Code);
        Assert.Equal(TrustFileCodes.Unreadable, Assert.Throws<CredentialFormatException>(() => IssuerTrust.Read([("trailing.der", (byte[])[.. root.RawData, 0])])).Code);
    }
}
