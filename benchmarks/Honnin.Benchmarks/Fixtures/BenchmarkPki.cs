using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Crypto;
using Honnin.Issuer.Certificates;
using Honnin.X509;

namespace Honnin.Benchmarks.Fixtures;

/// <summary>
/// A P-256 IACA and Document Signer valid around the real current time: the npm peers verify against their own clock,
/// which cannot be injected into @auth0/mdl, so every party in a benchmark run uses the system clock.
/// </summary>
internal sealed class BenchmarkPki : IDisposable
{
    public BenchmarkPki()
    {
        Now = TimeProvider.System.GetUtcNow();
        IacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        DocumentSignerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Iaca = MdocCertificateFactory.CreateIaca("JP", "Honnin Benchmark IACA", IacaKey, Now.AddDays(-30), Now.AddYears(3));
        DocumentSigner = MdocCertificateFactory.CreateDocumentSigner(Iaca, IacaKey, "JP", "Honnin Benchmark DS", DocumentSignerKey, Now.AddDays(-7), Now.AddYears(2), issuerUris: [SdJwt.SdJwtFixture.IssuerId]);
        Signer = SoftwareSigner.FromECDsa(DocumentSignerKey);
        TrustAnchors = TrustAnchorSet.Create([Iaca]);
    }

    public DateTimeOffset Now { get; }

    public ECDsa IacaKey { get; }

    /// <summary>The Document Signer's private key; <see cref="Signer"/> owns it.</summary>
    public ECDsa DocumentSignerKey { get; }

    public X509Certificate2 Iaca { get; }

    public X509Certificate2 DocumentSigner { get; }

    public SoftwareSigner Signer { get; }

    public TrustAnchorSet TrustAnchors { get; }

    public void Dispose()
    {
        TrustAnchors.Dispose();
        Signer.Dispose();
        DocumentSigner.Dispose();
        Iaca.Dispose();
        IacaKey.Dispose();
    }
}
