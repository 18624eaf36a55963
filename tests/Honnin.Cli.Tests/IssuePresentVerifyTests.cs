namespace Honnin.Cli.Tests;

/// <summary>The command-line round trip a new user runs: ca → key → issue → transcript → present → verify.</summary>
public sealed class IssuePresentVerifyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("honnin-flow-").FullName;

    private string At(string name) => Path.Combine(_directory, name);

    private static void Ok((int ExitCode, string Output, string Error) run) => Assert.True(run.ExitCode == 0, run.Output + run.Error);

    private void CreatePki(int holderKeys)
    {
        Ok(CliRunner.Run("ca", "create", "--out", At("ca")));
        Ok(CliRunner.Run("ca", "issue-ds", "--ca", At("ca"), "--out", At("ds")));
        Ok(CliRunner.Run("key", "create", "--out", At("holder.jwk"), "--count", holderKeys.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Ok(CliRunner.Run("transcript", "--out", At("transcript.cbor"), "--origin", "https://verifier.example.jp", "--nonce", "n-1"));
    }

    [Theory]
    [InlineData("withholding-slip", "withholding-slip.json", "payment_amount,family_name", "payment_amount: 5800000")]
    [InlineData("enrollment-certificate", "enrollment-certificate.json", "school_name,age_over_18", "school_name: \"本人大学\"")]
    public void Both_document_types_go_from_issuer_to_person_to_verifier(string type, string claims, string disclose, string expected)
    {
        CreatePki(1);
        Ok(CliRunner.Run("issue", "--format", "mdoc", "--type", type, "--claims", Path.Combine(AppContext.BaseDirectory, "claims", claims), "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred")));
        Ok(CliRunner.Run("present", "--format", "mdoc", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--disclose", disclose, "--transcript", At("transcript.cbor"), "--out", At("response.cbor")));

        var (code, output, _) = CliRunner.Run("verify", "--format", "mdoc", "--in", At("response.cbor"), "--transcript", At("transcript.cbor"), "--trust", At("ca/iaca.pem"));

        Assert.Equal(0, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Equal(disclose.Split(',').Length, output.Split('\n').Count(l => l.StartsWith("      ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_batch_presents_a_fresh_credential_each_time_then_warns()
    {
        CreatePki(2);
        Ok(CliRunner.Run("issue", "--format", "mdoc", "--type", "withholding-slip", "--claims", Path.Combine(AppContext.BaseDirectory, "claims", "withholding-slip.json"), "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred"), "--batch", "2"));

        var signatures = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (code, _, error) = CliRunner.Run("present", "--format", "mdoc", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--disclose", "payment_amount", "--transcript", At("transcript.cbor"), "--out", At($"r{i}.cbor"));
            Assert.Equal(0, code);
            Assert.Equal(i == 2, error.Contains("can be linked", StringComparison.Ordinal));
            Assert.Equal(0, CliRunner.Run("verify", "--format", "mdoc", "--in", At($"r{i}.cbor"), "--transcript", At("transcript.cbor"), "--trust", At("ca/iaca.pem")).ExitCode);
            signatures.Add(Convert.ToHexString(Mdoc.DeviceResponse.Decode(File.ReadAllBytes(At($"r{i}.cbor"))).Documents[0].IssuerSigned.IssuerAuth.Signature.Span));
        }

        Assert.NotEqual(signatures[0], signatures[1]);
        Assert.Contains(signatures[2], signatures.Take(2));
    }

    [Fact]
    public void A_batch_without_enough_holder_keys_is_a_usage_error()
    {
        CreatePki(1);
        var (code, _, error) = CliRunner.Run("issue", "--format", "mdoc", "--type", "withholding-slip", "--claims", Path.Combine(AppContext.BaseDirectory, "claims", "withholding-slip.json"), "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred"), "--batch", "3");

        Assert.Equal(2, code);
        Assert.Contains("key create --count 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_that_do_not_fit_are_listed_by_element_and_exit_5()
    {
        CreatePki(1);
        File.WriteAllText(At("bad.json"), """{"tax_year": "2025", "individual_number": "123456789018"}""");

        var (code, _, error) = CliRunner.Run("issue", "--format", "mdoc", "--type", "withholding-slip", "--claims", At("bad.json"), "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred"));

        Assert.Equal(5, code);
        Assert.Contains("tax_year", error, StringComparison.Ordinal);
        Assert.Contains("my_number_refused", error, StringComparison.Ordinal);
        Assert.DoesNotContain("123456789018", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Presenting_an_element_the_credential_lacks_or_with_the_wrong_key_is_refused_with_exit_5()
    {
        CreatePki(1);
        Ok(CliRunner.Run("issue", "--format", "mdoc", "--type", "enrollment-certificate", "--claims", Path.Combine(AppContext.BaseDirectory, "claims", "enrollment-certificate.json"), "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred")));
        Ok(CliRunner.Run("key", "create", "--out", At("other.jwk")));

        Assert.Equal(2, CliRunner.Run("present", "--format", "mdoc", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--disclose", "payment_amount", "--transcript", At("transcript.cbor"), "--out", At("r.cbor")).ExitCode);
        Assert.Equal(5, CliRunner.Run("present", "--format", "mdoc", "--credential", At("cred"), "--holder-key", At("other.jwk"), "--disclose", "school_name", "--transcript", At("transcript.cbor"), "--out", At("r.cbor")).ExitCode);
        Assert.False(File.Exists(At("r.cbor")));
    }

    [Fact]
    public void Key_files_are_never_overwritten()
    {
        CreatePki(1);
        Assert.Equal(5, CliRunner.Run("key", "create", "--out", At("holder.jwk")).ExitCode);
        Assert.Equal(5, CliRunner.Run("ca", "create", "--out", At("ca")).ExitCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
