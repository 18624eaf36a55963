using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Registration;

namespace Honnin.Core.Tests.Registration;

public sealed class ClientIdTests : IDisposable
{
    private static readonly DateTimeOffset NotBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;

    public ClientIdTests()
    {
        var request = new CertificateRequest("CN=verifier", _key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("verifier.example.jp");
        request.CertificateExtensions.Add(san.Build());
        _certificate = request.CreateSelfSigned(NotBefore, NotBefore.AddYears(1));
    }

    [Fact]
    public void The_hash_identifier_is_the_base64url_sha256_of_the_certificate_and_names_only_it()
    {
        var clientId = ClientId.ForCertificateHash(_certificate);

        Assert.Equal("x509_hash:" + Base64Url.EncodeToString(SHA256.HashData(_certificate.RawData)), clientId.Value);
        Assert.True(clientId.IsX509Hash);
        Assert.True(clientId.Names(_certificate));
        using var other = new CertificateRequest("CN=verifier", _key, HashAlgorithmName.SHA256).CreateSelfSigned(NotBefore, NotBefore.AddYears(1));
        Assert.False(clientId.Names(other));
    }

    [Theory]
    [InlineData("x509_san_dns:verifier.example.jp", true)]
    [InlineData("x509_san_dns:VERIFIER.example.JP", true)]
    [InlineData("x509_san_dns:other.example.jp", false)]
    [InlineData("x509_san_dns:example.jp", false)]
    [InlineData("verifier.example.jp", false)]
    [InlineData("redirect_uri:https://verifier.example.jp/cb", false)]
    public void A_dns_identifier_names_the_certificate_only_through_its_subject_alt_names(string text, bool names)
    {
        Assert.Equal(names, ClientId.Parse(text).Names(_certificate));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x509_hash:")]
    [InlineData("x509_san_dns:")]
    [InlineData("x509_san_dns:verifier .example.jp")]
    [InlineData("x509_hash:abc\n")]
    [InlineData("x509_hash:abc\u0000")]
    public void Text_that_is_no_identifier_is_refused(string text)
    {
        Assert.False(ClientId.TryParse(text, out _));
        Assert.Throws<ArgumentException>(() => ClientId.Parse(text));
    }

    [Fact]
    public void Identifiers_compare_by_their_full_text()
    {
        Assert.Equal(ClientId.ForDnsName("verifier.example.jp"), ClientId.Parse("x509_san_dns:verifier.example.jp"));
        Assert.NotEqual(ClientId.ForDnsName("verifier.example.jp"), ClientId.Parse("x509_san_dns:VERIFIER.example.jp"));
        Assert.Equal("x509_san_dns:verifier.example.jp", ClientId.ForDnsName("verifier.example.jp").ToString());
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}
