using System.Security.Cryptography.X509Certificates;
using Honnin.Tests;
using Honnin.X509;

namespace Honnin.Core.Tests.X509;

public sealed class TrustAnchorSetTests
{
    [Fact]
    public void Pem_text_with_several_certificates_and_other_blocks_yields_the_certificates()
    {
        // Source: ISO/IEC 18013-5 Annex D IACA_certificate and reader_root_certificate, PEM-encoded here.
        using var iaca = TestPki.AnnexD("IACA_certificate");
        using var readerRoot = TestPki.AnnexD("reader_root_certificate");
        var pem = "comment\n" + iaca.ExportCertificatePem() + "\n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" + readerRoot.ExportCertificatePem();

        using var anchors = TrustAnchorSet.FromPem(pem);

        Assert.Equal(2, anchors.Count);
        Assert.True(anchors.Contains(iaca));
        Assert.True(anchors.Contains(readerRoot));
    }

    [Fact]
    public void Pem_file_is_read()
    {
        using var iaca = TestPki.AnnexD("IACA_certificate");
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, iaca.ExportCertificatePem());
            using var anchors = TrustAnchorSet.FromPemFile(path);
            Assert.True(anchors.Contains(iaca));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n")]
    public void Pem_without_a_valid_certificate_throws_the_domain_exception(string pem)
    {
        var exception = Assert.Throws<CredentialFormatException>(() => TrustAnchorSet.FromPem(pem));
        Assert.Equal(CertificateProblemCodes.CertificateMalformed, exception.Code);
    }

    [Fact]
    public void Der_with_trailing_bytes_throws_the_domain_exception()
    {
        var exception = Assert.Throws<CredentialFormatException>(() => TrustAnchorSet.FromDer([.. Vectors.AnnexD("IACA_certificate"), 0x00]));
        Assert.Equal(CertificateProblemCodes.CertificateMalformed, exception.Code);
    }

    [Fact]
    public void Duplicates_are_kept_once_and_an_empty_set_is_refused()
    {
        var iaca = Vectors.AnnexD("IACA_certificate");
        using var anchors = TrustAnchorSet.FromDer([iaca, iaca]);
        Assert.Equal(1, anchors.Count);
        Assert.Throws<ArgumentException>(() => TrustAnchorSet.FromDer(Array.Empty<ReadOnlyMemory<byte>>()));
        Assert.Throws<ArgumentException>(() => TrustAnchorSet.Create([]));
    }

    [Fact]
    public void The_set_copies_certificates_so_callers_may_dispose_theirs()
    {
        using var iaca = TestPki.Iaca();
        using var ds = TestPki.DocumentSigner(iaca);
        var callerCopy = X509CertificateLoader.LoadCertificate(iaca.Certificate.RawData);
        using var anchors = TrustAnchorSet.Create([callerCopy]);
        callerCopy.Dispose();

        var result = new CertificateChainValidator(anchors, MdocCertificateRole.DocumentSigner).Validate([ds], TestPki.Now);

        Assert.True(result.IsValid, string.Join("; ", result.Failures));
        Assert.NotSame(callerCopy, result.TrustAnchor);
        Assert.False(anchors.Certificates[0].HasPrivateKey);
    }

    [Fact]
    public void A_disposed_set_refuses_use()
    {
        var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var validator = new CertificateChainValidator(anchors, MdocCertificateRole.DocumentSigner);
        anchors.Dispose();
        anchors.Dispose();

        Assert.Throws<ObjectDisposedException>(() => anchors.Certificates);
        Assert.Throws<ObjectDisposedException>(() => validator.Validate([Vectors.AnnexD("DS_certificate")], TestPki.AnnexDNow));
    }
}
