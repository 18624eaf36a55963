namespace Honnin.Cli.Tests;

/// <summary>The format is told from the input where it is plain, and a wrong --format is named with the right one.</summary>
public sealed class FormatDetectionTests : IDisposable
{
    private readonly CliTestFolder _folder = new CliTestFolder().WithPki();

    [Fact]
    public void An_sd_jwt_credential_presented_as_mdoc_says_use_format_sd_jwt()
    {
        _folder.Issue("sd-jwt", "cred");

        var (code, _, error) = CliRunner.Run("present", "--format", "mdoc", "--credential", _folder.At("cred"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r"));

        Assert.Equal(4, code);
        Assert.Contains("this looks like an SD-JWT: use --format sd-jwt", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_mdoc_response_verified_as_sd_jwt_says_use_format_mdoc()
    {
        var (code, _, error) = CliRunner.Run("verify", "--format", "sd-jwt", "--in", CliRunner.AnnexD("device-response.cbor"), "--trust", CliRunner.AnnexD("iaca.pem"), "--aud", "a", "--nonce", "n");

        Assert.Equal(4, code);
        Assert.Contains("this looks like an mdoc: use --format mdoc", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_format_each_command_takes_the_format_of_its_input()
    {
        _folder.Issue("sd-jwt", "cred.sdjwt").Issue("mdoc", "cred.mdoc");
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://verifier.example.jp", "--nonce", "n-1"));

        CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred.sdjwt"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--aud", "a", "--nonce", "n", "--out", _folder.At("p.txt")));
        CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred.mdoc"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r.cbor")));

        Assert.Contains("VALID", CliTestFolder.Ok(CliRunner.Run("verify", "--in", _folder.At("p.txt"), "--trust", _folder.At("ca/iaca.pem"), "--aud", "a", "--nonce", "n")).Output, StringComparison.Ordinal);
        Assert.Contains("VALID", CliTestFolder.Ok(CliRunner.Run("verify", "--in", _folder.At("r.cbor"), "--trust", _folder.At("ca/iaca.pem"), "--transcript", _folder.At("t.cbor"))).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_of_no_known_format_without_format_is_a_usage_error()
    {
        File.WriteAllText(_folder.At("notes.txt"), "hello");

        var (code, _, error) = CliRunner.Run("verify", "--in", _folder.At("notes.txt"), "--trust", _folder.At("ca/iaca.pem"));

        Assert.Equal(2, code);
        Assert.Contains("give --format mdoc or --format sd-jwt", error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
