using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.Mdoc;
using Honnin.X509;

namespace Honnin.Tests.Issuance;

/// <summary>A test PKI (IACA → Document Signer) and an issuer over it, at a fixed clock.</summary>
internal sealed class TestIssuer : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 4, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly ECDsa _iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestIssuer(MdocIssuerOptions? template = null, string country = "JP")
    {
        Iaca = MdocCertificateFactory.CreateIaca(country, "Honnin Test IACA", _iacaKey, Now.AddYears(-1), Now.AddYears(10));
        var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        DocumentSigner = MdocCertificateFactory.CreateDocumentSigner(Iaca, _iacaKey, country, "Honnin Test DS", dsKey, Now.AddMonths(-1), Now.AddYears(2), issuerUris: ["https://payroll.example.jp", "https://issuer.example.jp"]);
        Signer = SoftwareSigner.FromECDsa(dsKey);
        var options = (template ?? new MdocIssuerOptions { Signer = Signer, CertificateChain = [DocumentSigner.RawData] }) with
        {
            Signer = Signer,
            CertificateChain = [DocumentSigner.RawData],
        };
        Issuer = new MdocIssuer(options, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
    }

    public X509Certificate2 Iaca { get; }

    public X509Certificate2 DocumentSigner { get; }

    public SoftwareSigner Signer { get; }

    public MdocIssuer Issuer { get; }

    public TrustAnchorSet TrustAnchors => TrustAnchorSet.Create([Iaca]);

    /// <summary>Pseudonyms keyed by domain id, as the tests write them, typed for an issuance request.</summary>
    public static Dictionary<Pseudonyms.PseudonymDomain, string> Typed(IReadOnlyDictionary<string, string> pseudonyms) =>
        pseudonyms.ToDictionary(p => Pseudonyms.PseudonymDomain.Create(p.Key), p => p.Value);

    public static DocumentClaims SlipClaims() => new DocumentClaims()
        .Add(HonninDocumentTypes.Iso23220NameSpace, "family_name", new Cbor.CborTextString("山田"))
        .Add(HonninDocumentTypes.Iso23220NameSpace, "given_name", new Cbor.CborTextString("太郎"))
        .Add(HonninDocumentTypes.Iso23220NameSpace, "birth_date", new Cbor.CborFullDate(new DateOnly(1985, 4, 1)))
        .Add(HonninDocumentTypes.WithholdingSlipDocType, "tax_year", new Cbor.CborInteger(2025))
        .Add(HonninDocumentTypes.WithholdingSlipDocType, "full_name", new Cbor.CborTextString("山田 太郎"))
        .Add(HonninDocumentTypes.WithholdingSlipDocType, "payment_category", new Cbor.CborTextString("給料・賞与"))
        .Add(HonninDocumentTypes.WithholdingSlipDocType, "payment_amount", new Cbor.CborInteger(5_000_000))
        .Add(HonninDocumentTypes.WithholdingSlipDocType, "withholding_tax_amount", new Cbor.CborInteger(120_000))
        .Add(HonninDocumentTypes.WithholdingSlipDocType, "remarks", new Cbor.CborTextString("前職分を含む"))
        .Add(HonninDocumentTypes.WithholdingSlipDocType, "payer_name", new Cbor.CborTextString("株式会社本人"))
        .Add(HonninDocumentTypes.WithholdingSlipDocType, "issue_date", new Cbor.CborFullDate(new DateOnly(2026, 1, 31)));

    public static DocumentClaims EnrollmentClaims() => new DocumentClaims()
        .Add(HonninDocumentTypes.Iso23220NameSpace, "family_name", new Cbor.CborTextString("佐藤"))
        .Add(HonninDocumentTypes.Iso23220NameSpace, "given_name", new Cbor.CborTextString("花子"))
        .Add(HonninDocumentTypes.Iso23220NameSpace, "age_over_18", Cbor.CborBoolean.True)
        .Add(HonninDocumentTypes.EnrollmentCertificateDocType, "full_name", new Cbor.CborTextString("佐藤 花子"))
        .Add(HonninDocumentTypes.EnrollmentCertificateDocType, "school_code", new Cbor.CborTextString("F113110102700"))
        .Add(HonninDocumentTypes.EnrollmentCertificateDocType, "school_name", new Cbor.CborTextString("本人大学"))
        .Add(HonninDocumentTypes.EnrollmentCertificateDocType, "enrollment_status", new Cbor.CborTextString("enrolled"))
        .Add(HonninDocumentTypes.EnrollmentCertificateDocType, "issuing_authority", new Cbor.CborTextString("本人大学長"))
        .Add(HonninDocumentTypes.EnrollmentCertificateDocType, "issue_date", new Cbor.CborFullDate(new DateOnly(2026, 4, 1)))
        .Add(HonninDocumentTypes.EnrollmentCertificateDocType, "expiry_date", new Cbor.CborFullDate(new DateOnly(2026, 7, 1)));

    public static CoseKey NewDeviceKey(out SoftwareSigner signer)
    {
        signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        return signer.PublicKey;
    }

    public void Dispose()
    {
        _iacaKey.Dispose();
        Iaca.Dispose();
        DocumentSigner.Dispose();
        Signer.Dispose();
    }
}
