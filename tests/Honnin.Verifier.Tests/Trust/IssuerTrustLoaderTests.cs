using System.Security.Cryptography;
using System.Text;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt;
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
    public void An_end_entity_certificate_a_vical_and_junk_are_refused_with_their_codes()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Root(rootKey, "Loader root");
        using var ds = DocumentSigner(root, rootKey, dsKey);

        Assert.Equal(TrustFileCodes.UnsupportedTrust, Assert.Throws<CredentialFormatException>(() => IssuerTrust.Read([("ds.der", ds.RawData)])).Code);
        Assert.Equal(TrustFileCodes.UnsupportedTrust, Assert.Throws<CredentialFormatException>(() => IssuerTrust.Read([("vical.cbor", new byte[] { 0x84, 0x40, 0xA0, 0x40, 0x40 })])).Code);
        Assert.Equal(TrustFileCodes.Unreadable, Assert.Throws<CredentialFormatException>(() => IssuerTrust.Read([("junk", "hello"u8.ToArray())])).Code);
        Assert.Equal(TrustFileCodes.Unreadable, Assert.Throws<CredentialFormatException>(() => IssuerTrust.Read([("trailing.der", (byte[])[.. root.RawData, 0])])).Code);
    }
}
