using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.Mdoc;
using Honnin.Jose;
using Honnin.Verifier.Mdoc;
using Honnin.X509;

namespace Honnin.Interop.Mdoc.Tests.Support;

/// <summary>
/// A test IACA and Document Signer valid around the real current time (the peers verify against their own clock, which
/// cannot be injected into @auth0/mdl), Honnin's issuer over them, and the same material in the forms the peers take.
/// </summary>
internal sealed class InteropPki : IDisposable
{
    private readonly ECDsa _iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _documentSignerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <param name="documentSignerEku">False to leave out the mdoc DS extended key usage, which ISO 18013-5 Annex B requires.</param>
    public InteropPki(bool documentSignerEku = true)
    {
        Now = TimeProvider.System.GetUtcNow();
        Iaca = MdocCertificateFactory.CreateIaca("JP", "Honnin Interop IACA", _iacaKey, Now.AddDays(-30), Now.AddYears(3));
        DocumentSigner = documentSignerEku
            ? MdocCertificateFactory.CreateDocumentSigner(Iaca, _iacaKey, "JP", "Honnin Interop DS", _documentSignerKey, Now.AddDays(-7), Now.AddYears(2))
            : CreateDocumentSignerWithoutEku();
        Signer = SoftwareSigner.FromECDsa(_documentSignerKey);
        Issuer = new MdocIssuer(new MdocIssuerOptions { Signer = Signer, CertificateChain = [DocumentSigner.RawData] });
        TrustAnchors = TrustAnchorSet.Create([Iaca]);
    }

    /// <summary>When the PKI was made; the tests' notion of now.</summary>
    public DateTimeOffset Now { get; }

    public X509Certificate2 Iaca { get; }

    public X509Certificate2 DocumentSigner { get; }

    public SoftwareSigner Signer { get; }

    public MdocIssuer Issuer { get; }

    public TrustAnchorSet TrustAnchors { get; }

    public string IacaPem => Iaca.ExportCertificatePem();

    public string DocumentSignerPem => DocumentSigner.ExportCertificatePem();

    /// <summary>The Document Signer's private key as a JWK, for a peer's issuer API.</summary>
    public JsonObject DocumentSignerPrivateJwk => (JsonObject)JsonNode.Parse(PrivateJsonWebKey.Write(_documentSignerKey))!;

    /// <summary>Honnin's verifier with the IACA as its only trust anchor and the system clock.</summary>
    public MdocVerifier Verifier() => new(new MdocVerifierOptions { TrustAnchors = TrustAnchors });

    public void Dispose()
    {
        TrustAnchors.Dispose();
        Signer.Dispose();
        DocumentSigner.Dispose();
        Iaca.Dispose();
        _documentSignerKey.Dispose();
        _iacaKey.Dispose();
    }

    /// <summary>Like the factory's Document Signer, but without extended key usage.</summary>
    private X509Certificate2 CreateDocumentSignerWithoutEku()
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCountryOrRegion("JP");
        name.AddCommonName("Honnin Interop DS without EKU");
        var request = new CertificateRequest(name.Build(), _documentSignerKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Iaca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7f) | 0x01);
        return request.Create(Iaca.SubjectName, X509SignatureGenerator.CreateForECDsa(_iacaKey), Now.AddDays(-7), Now.AddYears(2), serial);
    }
}
