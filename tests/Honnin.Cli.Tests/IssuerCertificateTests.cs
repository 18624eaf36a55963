namespace Honnin.Cli.Tests;

/// <summary>issue refuses to sign with an IACA, whether given its folder or its certificate under the Document Signer's name.</summary>
public sealed class IssuerCertificateTests : IDisposable
{
    private readonly CliTestFolder _folder = new CliTestFolder().WithPki();

    [Fact]
    public void The_iaca_folder_as_issuer_points_to_issue_ds()
    {
        var (code, _, error) = CliRunner.Run("issue", "--format", "mdoc", "--type", "withholding-slip", "--claims", CliTestFolder.Claims("withholding-slip.json"), "--issuer", _folder.At("ca"), "--holder-key", _folder.At("holder.jwk"), "--out", _folder.At("cred"));

        Assert.Equal(2, code);
        Assert.Contains("honnin ca issue-ds", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mdoc")]
    [InlineData("sd-jwt")]
    public void An_iaca_certificate_in_place_of_the_document_signer_is_refused(string format)
    {
        Directory.CreateDirectory(_folder.At("fake"));
        File.Copy(_folder.At("ca/iaca.pem"), _folder.At("fake/ds.pem"));
        File.Copy(_folder.At("ca/iaca.key.pem"), _folder.At("fake/ds.key.pem"));

        var (code, _, error) = CliRunner.Run("issue", "--format", format, "--type", "withholding-slip", "--claims", CliTestFolder.Claims("withholding-slip.json"), "--issuer", _folder.At("fake"), "--holder-key", _folder.At("holder.jwk"), "--out", _folder.At("cred"));

        Assert.Equal(5, code);
        Assert.Contains("is a CA certificate (an IACA)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.At("cred")));
    }

    public void Dispose() => _folder.Dispose();
}
