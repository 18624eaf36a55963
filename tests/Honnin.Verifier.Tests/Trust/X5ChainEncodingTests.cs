using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.Issuer.SdJwt;
using Honnin.SdJwt;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;
using static Honnin.Verifier.Tests.Corpus.MdocCorpusBuilder;

namespace Honnin.Verifier.Tests.Trust;

/// <summary>
/// Every <c>x5chain</c> (COSE) and <c>x5c</c> (JWS) entry must be exactly one DER certificate (RFC 9360 §2, RFC 7515
/// §4.1.6): PEM text, trailing bytes and non-DER lengths are refused with their own code before any certificate is parsed
/// or the validated-chain cache is consulted, and they leave the genuine chain verifying.
/// </summary>
public sealed class X5ChainEncodingTests
{
    private static readonly Corpus.MdocCorpusBuilder B = Shared;

    public static TheoryData<string> Variants => ["pem", "trailing_byte", "long_form_length"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void An_mdoc_x5chain_entry_that_is_not_exactly_one_der_certificate_is_refused(string variant)
    {
        var verifier = new MdocVerifier(B.Options, new FakeTimeProvider(VerificationTime));
        var reencoded = B.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))),
            CborMap.FromLabels((CoseHeaderLabels.X5Chain, new CborByteString(Reencode(B.Pki.DocumentSigner, variant)))),
            EcdsaSigner(B.DocumentSignerKey, HashAlgorithmName.SHA256));

        Assert.True(verifier.Verify(B.Signed, B.Session).IsValid);
        var result = verifier.Verify(reencoded, B.Session);
        Assert.False(result.IsValid);
        Assert.Contains(result.Failures, f => f.Code == VerificationFailureCodes.IssuerCertificateNotDer);
        Assert.True(verifier.Verify(B.Signed, B.Session).IsValid);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task An_sd_jwt_x5c_entry_that_is_not_exactly_one_der_certificate_is_refused(string variant)
    {
        using var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var iaca = TrustTestPki.Root(iacaKey, "Honnin encoding test IACA");
        using var ds = TrustTestPki.DocumentSigner(iaca, iacaKey, dsKey, dnsNames: ["issuer.example.jp"]);
        using var anchors = TrustAnchorSet.Create([iaca]);
        var verifier = new SdJwtVcVerifier(new SdJwtVcVerifierOptions { TrustAnchors = anchors, KeyBinding = KeyBindingPolicy.Forbidden }, new FakeTimeProvider(TrustTestPki.Now));
        var claims = TrustTestPki.Claims("https://issuer.example.jp");

        Assert.True(verifier.Verify(await IssueAsync(claims, dsKey, ds.RawData)).IsValid);
        var result = verifier.Verify(await IssueAsync(claims, dsKey, Reencode(ds, variant)));
        Assert.False(result.IsValid);
        Assert.Contains(result.Failures, f => f.Code == VerificationFailureCodes.IssuerCertificateNotDer);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_der_test_refuses_each_variant_and_accepts_the_certificate(string variant)
    {
        Assert.True(CertificateChainValidator.IsDerCertificate(B.Pki.DocumentSigner.RawData));
        Assert.False(CertificateChainValidator.IsDerCertificate(Reencode(B.Pki.DocumentSigner, variant)));
    }

    private static byte[] Reencode(X509Certificate2 certificate, string variant)
    {
        var der = certificate.RawData;
        switch (variant)
        {
            case "pem":
                return Encoding.ASCII.GetBytes(certificate.ExportCertificatePem());
            case "trailing_byte":
                return [.. der, 0x00];
            case "long_form_length":
                // 30 82 LL LL … → 30 83 00 LL LL …: the same certificate with a non-shortest outer length.
                Assert.Equal(0x82, der[1]);
                return [0x30, 0x83, 0x00, .. der.AsSpan(2)];
            default:
                throw new ArgumentOutOfRangeException(nameof(variant));
        }
    }

    private static async Task<string> IssueAsync(JsonObject claims, ECDsa key, byte[] x5c)
    {
        using var signer = SoftwareSigner.FromECDsa(ECDsa.Create(key.ExportParameters(includePrivateParameters: true)));
        var builder = new SdJwtBuilder(claims).WithHeader("x5c", new JsonArray(Convert.ToBase64String(x5c)));
        return (await builder.BuildAsync(signer)).Serialize();
    }
}
