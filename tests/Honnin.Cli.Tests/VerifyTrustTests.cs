using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Honnin.Cli.Tests;

/// <summary><c>honnin verify --trust</c> reads the same trust files for both formats, recognised by content.</summary>
public sealed class VerifyTrustTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("honnin-trust-").FullName;

    private string At(string name) => Path.Combine(_directory, name);

    private static void Ok((int ExitCode, string Output, string Error) run) => Assert.True(run.ExitCode == 0, run.Output + run.Error);

    private void IssueAndPresent()
    {
        Ok(CliRunner.Run("ca", "create", "--out", At("ca")));
        Ok(CliRunner.Run("ca", "issue-ds", "--ca", At("ca"), "--out", At("ds")));
        Ok(CliRunner.Run("key", "create", "--out", At("holder.jwk")));
        Ok(CliRunner.Run("issue", "--format", "sd-jwt", "--type", "withholding-slip", "--claims", Path.Combine(AppContext.BaseDirectory, "claims", "withholding-slip.json"), "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred")));
        Ok(CliRunner.Run("present", "--format", "sd-jwt", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--disclose", "payment_amount", "--aud", "https://verifier.example.jp", "--nonce", "n-1", "--out", At("p.txt")));
    }

    [Fact]
    public void An_sd_jwt_verifies_with_a_der_iaca_as_with_the_pem_one()
    {
        IssueAndPresent();
        using (var iaca = X509CertificateLoader.LoadCertificateFromFile(At("ca/iaca.pem")))
        {
            File.WriteAllBytes(At("iaca.der"), iaca.RawData);
        }

        var (code, output, error) = CliRunner.Run("verify", "--format", "sd-jwt", "--in", At("p.txt"), "--trust", At("iaca.der"), "--aud", "https://verifier.example.jp", "--nonce", "n-1", "--json");

        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("urn:honnin:jp:withholding-slip:1", json.RootElement.GetProperty("documents")[0].GetProperty("vct").GetString());
    }

    [Fact]
    public void A_document_signer_certificate_given_as_trust_is_refused_with_a_clear_message()
    {
        IssueAndPresent();

        var (code, output, error) = CliRunner.Run("verify", "--format", "sd-jwt", "--in", At("p.txt"), "--trust", At("ds/ds.pem"), "--aud", "https://verifier.example.jp", "--nonce", "n-1");

        Assert.NotEqual(0, code);
        Assert.NotEqual(1, code);
        Assert.Contains("end-entity certificate", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_neither_a_certificate_nor_a_jwk_is_refused()
    {
        IssueAndPresent();
        File.WriteAllText(At("junk.txt"), "not trust");

        var (code, output, error) = CliRunner.Run("verify", "--format", "sd-jwt", "--in", At("p.txt"), "--trust", At("junk.txt"), "--aud", "https://verifier.example.jp", "--nonce", "n-1");

        Assert.NotEqual(0, code);
        Assert.Contains("is not a PEM or DER certificate, a JWK or a JWK Set", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
