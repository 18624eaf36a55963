using System.Security.Cryptography.X509Certificates;
using Honnin.Registration;

namespace Honnin.Cli.Tests;

/// <summary><c>request --format sd-jwt --aud</c> takes only a client identifier that names the reader certificate.</summary>
public sealed class RequestAudienceTests : IDisposable
{
    private readonly CliTestFolder _folder = new CliTestFolder().WithPki();

    public RequestAudienceTests()
    {
        CliTestFolder.Ok(CliRunner.Run("registrar", "create", "--out", _folder.At("registrar")));
        CliTestFolder.Ok(CliRunner.Run("registrar", "register", "--registrar", _folder.At("registrar"), "--out", _folder.At("reader"), "--name", "Verifier", "--purpose", "p", "--elements", "jp.honnin.withholding_slip.1/payment_amount"));
    }

    [Theory]
    [InlineData("x509_san_dns:verifier.example.jp")]
    [InlineData("x509_hash:AAAA")]
    [InlineData("https://verifier.example.jp")]
    [InlineData("x509_hash:")]
    public void An_audience_that_does_not_name_the_reader_certificate_is_a_usage_error(string audience)
    {
        var (exitCode, _, error) = Request(audience);

        Assert.Equal(2, exitCode);
        Assert.Contains("--aud must name the reader certificate", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.At("request.txt")));
    }

    [Fact]
    public void The_reader_certificates_own_hash_is_taken()
    {
        using var reader = X509Certificate2.CreateFromPem(File.ReadAllText(_folder.At("reader/reader.pem")));

        var (exitCode, _, error) = Request(ClientId.ForCertificateHash(reader).Value);

        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(_folder.At("request.txt")));
    }

    public void Dispose() => _folder.Dispose();

    private (int ExitCode, string Output, string Error) Request(string audience) =>
        CliRunner.Run("request", "--format", "sd-jwt", "--type", "withholding-slip", "--elements", "payment_amount", "--reader", _folder.At("reader"), "--nonce", "n-1", "--aud", audience, "--out", _folder.At("request.txt"));
}
