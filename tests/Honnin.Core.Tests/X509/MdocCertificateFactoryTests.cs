using System.Security.Cryptography;
using Honnin.Issuer.Certificates;
using Honnin.X509;

namespace Honnin.Core.Tests.X509;

public sealed class MdocCertificateFactoryTests
{
    [Theory]
    [InlineData("nistP256")]
    [InlineData("nistP384")]
    [InlineData("nistP521")]
    public void Created_certificates_fit_their_profiles(string curve)
    {
        using var iacaKey = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var iaca = MdocCertificateFactory.CreateIaca("NL", "test iaca", iacaKey, TestPki.NotBefore, TestPki.NotAfter, "Utrecht");
        using var ds = MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "NL", "test ds", dsKey, TestPki.NotBefore, TestPki.NotAfter, "Utrecht");
        using var reader = MdocCertificateFactory.CreateReaderAuthentication(iaca, iacaKey, "test reader", dsKey, TestPki.NotBefore, TestPki.NotAfter);

        Assert.True(iaca.HasPrivateKey);
        Assert.False(ds.HasPrivateKey);
        Assert.Empty(MdocCertificateProfile.CheckIaca(iaca));
        Assert.Empty(MdocCertificateProfile.CheckDocumentSigner(ds, iaca));
        Assert.Empty(MdocCertificateProfile.CheckReaderAuthentication(reader));
    }

    [Fact]
    public void Document_signer_must_match_its_IACA()
    {
        using var iaca = TestPki.Iaca("US", "CA");
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<ArgumentException>(() => MdocCertificateFactory.CreateDocumentSigner(iaca.Certificate, iaca.Key, "NL", "ds", otherKey, TestPki.NotBefore, TestPki.NotAfter));
        Assert.Throws<ArgumentException>(() => MdocCertificateFactory.CreateDocumentSigner(iaca.Certificate, iaca.Key, "US", "ds", otherKey, TestPki.NotBefore, TestPki.NotAfter, "NY"));
        Assert.Throws<ArgumentException>(() => MdocCertificateFactory.CreateDocumentSigner(iaca.Certificate, otherKey, "US", "ds", otherKey, TestPki.NotBefore, TestPki.NotAfter));
        Assert.Throws<ArgumentException>(() => MdocCertificateFactory.CreateDocumentSigner(iaca.Certificate, iaca.Key, "US", "ds", otherKey, TestPki.NotBefore, TestPki.NotAfter.AddDays(1)));
        Assert.Throws<ArgumentException>(() => MdocCertificateFactory.CreateDocumentSigner(iaca.Certificate, iaca.Key, "US", "ds", otherKey, TestPki.NotAfter, TestPki.NotBefore));
    }

    [Fact]
    public void IACA_country_must_be_two_letters()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.ThrowsAny<ArgumentException>(() => MdocCertificateFactory.CreateIaca("USA", "iaca", key, TestPki.NotBefore, TestPki.NotAfter));
    }
}
