using System.Text.Json;

namespace Honnin.Cli.Tests;

/// <summary>The SD-JWT VC round trip through the command line, for both document types.</summary>
public sealed class SdJwtFlowTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("honnin-sdjwt-").FullName;

    private string At(string name) => Path.Combine(_directory, name);

    private static void Ok((int ExitCode, string Output, string Error) run) => Assert.True(run.ExitCode == 0, run.Output + run.Error);

    private void Issue(string type, string claims, int batch = 1)
    {
        Ok(CliRunner.Run("ca", "create", "--out", At("ca")));
        Ok(CliRunner.Run("ca", "issue-ds", "--ca", At("ca"), "--out", At("ds")));
        Ok(CliRunner.Run("key", "create", "--out", At("holder.jwk"), "--count", batch.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Ok(CliRunner.Run("issue", "--format", "sd-jwt", "--type", type, "--claims", Path.Combine(AppContext.BaseDirectory, "claims", claims), "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred"), "--batch", batch.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("withholding-slip", "withholding-slip.json", "payment_amount,dependents_list[0]", "payment_amount")]
    [InlineData("enrollment-certificate", "enrollment-certificate.json", "school_name,age_over_18", "school_name")]
    public void Both_document_types_go_from_issuer_to_person_to_verifier_as_sd_jwt_vc(string type, string claims, string disclose, string expected)
    {
        Issue(type, claims);
        Ok(CliRunner.Run("present", "--format", "sd-jwt", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--disclose", disclose, "--aud", "https://verifier.example.jp", "--nonce", "n-1", "--out", At("p.txt")));

        var (code, output, _) = CliRunner.Run("verify", "--format", "sd-jwt", "--in", At("p.txt"), "--trust", At("ca/iaca.pem"), "--aud", "https://verifier.example.jp", "--nonce", "n-1", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var document = json.RootElement.GetProperty("documents")[0];
        Assert.StartsWith("urn:honnin:jp:", document.GetProperty("vct").GetString(), StringComparison.Ordinal);
        Assert.True(document.GetProperty("claims").TryGetProperty(expected, out _));
        Assert.False(document.GetProperty("claims").TryGetProperty("given_name", out _));
    }

    [Fact]
    public void A_presentation_for_another_audience_or_nonce_exits_1()
    {
        Issue("withholding-slip", "withholding-slip.json");
        Ok(CliRunner.Run("present", "--format", "sd-jwt", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--disclose", "payment_amount", "--aud", "https://a.example.jp", "--nonce", "n-1", "--out", At("p.txt")));

        var wrongAudience = CliRunner.Run("verify", "--format", "sd-jwt", "--in", At("p.txt"), "--trust", At("ca/iaca.pem"), "--aud", "https://b.example.jp", "--nonce", "n-1");
        var wrongNonce = CliRunner.Run("verify", "--format", "sd-jwt", "--in", At("p.txt"), "--trust", At("ca/iaca.pem"), "--aud", "https://a.example.jp", "--nonce", "n-2");

        Assert.Equal(1, wrongAudience.ExitCode);
        Assert.Contains("aud", wrongAudience.Output, StringComparison.Ordinal);
        Assert.Equal(1, wrongNonce.ExitCode);
        Assert.Contains("nonce", wrongNonce.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_presents_fresh_credentials()
    {
        Issue("withholding-slip", "withholding-slip.json", batch: 2);
        var issuerSignatures = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            Ok(CliRunner.Run("present", "--format", "sd-jwt", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--disclose", "payment_amount", "--aud", "https://a.example.jp", "--nonce", "n", "--out", At($"p{i}.txt")));
            issuerSignatures.Add(File.ReadAllText(At($"p{i}.txt")).Split('~')[0].Split('.')[2]);
        }

        Assert.NotEqual(issuerSignatures[0], issuerSignatures[1]);
    }

    [Fact]
    public void Inspect_prints_the_disclosures_with_their_digests()
    {
        Issue("enrollment-certificate", "enrollment-certificate.json");
        Ok(CliRunner.Run("present", "--format", "sd-jwt", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--disclose", "school_name", "--aud", "https://a.example.jp", "--nonce", "n", "--out", At("p.txt")));

        var (code, output, _) = CliRunner.Run("inspect", At("p.txt"));

        Assert.Equal(0, code);
        Assert.Contains("with a key-binding JWT", output, StringComparison.Ordinal);
        Assert.Contains("school_name = \"本人大学\"", output, StringComparison.Ordinal);
        Assert.Contains("\"typ\": \"dc+sd-jwt\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_without_aud_and_nonce_is_a_usage_error()
    {
        Issue("withholding-slip", "withholding-slip.json");
        Ok(CliRunner.Run("present", "--format", "sd-jwt", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--disclose", "payment_amount", "--aud", "a", "--nonce", "n", "--out", At("p.txt")));

        Assert.Equal(2, CliRunner.Run("verify", "--format", "sd-jwt", "--in", At("p.txt"), "--trust", At("ca/iaca.pem")).ExitCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
