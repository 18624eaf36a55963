namespace Honnin.Cli.Tests;

/// <summary>The registrar registers a verifier; the verifier's signed request is planned by the wallet under that registration.</summary>
public sealed class RegistrationFlowTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("honnin-registration-").FullName;

    private string At(string name) => Path.Combine(_directory, name);

    private static void Ok((int ExitCode, string Output, string Error) run) => Assert.True(run.ExitCode == 0, run.Output + run.Error);

    [Fact]
    public void The_wallet_leaves_out_what_the_registration_does_not_cover_until_the_person_adds_it()
    {
        Ok(CliRunner.Run("ca", "create", "--out", At("ca")));
        Ok(CliRunner.Run("ca", "issue-ds", "--ca", At("ca"), "--out", At("ds")));
        Ok(CliRunner.Run("key", "create", "--out", At("holder.jwk"), "--count", "2"));
        Ok(CliRunner.Run("issue", "--format", "mdoc", "--type", "withholding-slip", "--claims", Path.Combine(AppContext.BaseDirectory, "claims", "withholding-slip.json"), "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred"), "--batch", "2"));
        Ok(CliRunner.Run("registrar", "create", "--out", At("registrar")));
        Ok(CliRunner.Run("registrar", "register", "--registrar", At("registrar"), "--out", At("employer"), "--name", "New Employer", "--domains", "employment,tax", "--purpose", "year-end adjustment", "--elements", "jp.honnin.withholding_slip.1/payment_amount,org.iso.23220.1/family_name"));
        Ok(CliRunner.Run("transcript", "--out", At("t.cbor"), "--origin", "https://employer.example.jp", "--nonce", "n"));
        Ok(CliRunner.Run("request", "--format", "mdoc", "--type", "withholding-slip", "--elements", "payment_amount,family_name,birth_date", "--reader", At("employer"), "--transcript", At("t.cbor"), "--out", At("request.cbor")));

        var (code, output, _) = CliRunner.Run("present", "--format", "mdoc", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--request", At("request.cbor"), "--trust-registrar", At("registrar/registrar.pem"), "--transcript", At("t.cbor"), "--out", At("r1.cbor"));
        Assert.Equal(0, code);
        Assert.Contains("The verifier CN=New Employer: verified, registered", output, StringComparison.Ordinal);
        Assert.Contains("Registered for domains employment, tax, with the purpose: year-end adjustment", output, StringComparison.Ordinal);
        Assert.Contains("[left out] 生年月日 / birth_date: outside the verifier's registration", output, StringComparison.Ordinal);
        Assert.DoesNotContain("outside_registration", output, StringComparison.Ordinal);
        var verified = CliRunner.Run("verify", "--format", "mdoc", "--in", At("r1.cbor"), "--transcript", At("t.cbor"), "--trust", At("ca/iaca.pem"));
        Assert.Equal(0, verified.ExitCode);
        Assert.DoesNotContain("birth_date", verified.Output, StringComparison.Ordinal);

        Ok(CliRunner.Run("present", "--format", "mdoc", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--request", At("request.cbor"), "--trust-registrar", At("registrar/registrar.pem"), "--transcript", At("t.cbor"), "--out", At("r2.cbor"), "--disclose", "birth_date"));
        Assert.Contains("birth_date", CliRunner.Run("verify", "--format", "mdoc", "--in", At("r2.cbor"), "--transcript", At("t.cbor"), "--trust", At("ca/iaca.pem")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_registrar_root_the_requester_is_not_verified()
    {
        Ok(CliRunner.Run("ca", "create", "--out", At("ca")));
        Ok(CliRunner.Run("ca", "issue-ds", "--ca", At("ca"), "--out", At("ds")));
        Ok(CliRunner.Run("key", "create", "--out", At("holder.jwk")));
        Ok(CliRunner.Run("issue", "--format", "mdoc", "--type", "withholding-slip", "--claims", Path.Combine(AppContext.BaseDirectory, "claims", "withholding-slip.json"), "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred")));
        Ok(CliRunner.Run("registrar", "create", "--out", At("registrar")));
        Ok(CliRunner.Run("registrar", "register", "--registrar", At("registrar"), "--out", At("v"), "--name", "V", "--domains", "tax", "--purpose", "p", "--elements", "jp.honnin.withholding_slip.1/payment_amount"));
        Ok(CliRunner.Run("transcript", "--out", At("t.cbor"), "--origin", "https://v.example.jp", "--nonce", "n"));
        Ok(CliRunner.Run("request", "--format", "mdoc", "--type", "withholding-slip", "--elements", "payment_amount,dp_tax", "--reader", At("v"), "--transcript", At("t.cbor"), "--out", At("request.cbor")));

        var (code, output, _) = CliRunner.Run("present", "--format", "mdoc", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--request", At("request.cbor"), "--transcript", At("t.cbor"), "--out", At("r.cbor"));

        Assert.Equal(0, code);
        Assert.Contains("not verified (its certificate chains to no root the wallet trusts", output, StringComparison.Ordinal);
        Assert.Contains("dp_tax: not in the credential", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Pseudonyms_go_only_to_the_registered_domain_and_become_the_subject_key()
    {
        Ok(CliRunner.Run("ca", "create", "--out", At("ca")));
        Ok(CliRunner.Run("ca", "issue-ds", "--ca", At("ca"), "--out", At("ds")));
        Ok(CliRunner.Run("key", "create", "--out", At("holder.jwk"), "--count", "2"));
        Ok(CliRunner.Run("pseudonym-key", "create", "--out", At("pk.json")));
        Ok(CliRunner.Run("issue", "--format", "mdoc", "--type", "withholding-slip", "--claims", Path.Combine(AppContext.BaseDirectory, "claims", "withholding-slip.json"), "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred"), "--batch", "2", "--pseudonym-key", At("pk.json"), "--subject", "emp-0001", "--domains", "employment,welfare"));
        Ok(CliRunner.Run("registrar", "create", "--out", At("registrar")));
        Ok(CliRunner.Run("registrar", "register", "--registrar", At("registrar"), "--out", At("employer"), "--name", "Employer", "--domains", "employment", "--purpose", "p", "--elements", "jp.honnin.withholding_slip.1/payment_amount"));
        Ok(CliRunner.Run("transcript", "--out", At("t.cbor"), "--origin", "https://e.example.jp", "--nonce", "n"));
        Ok(CliRunner.Run("request", "--format", "mdoc", "--type", "withholding-slip", "--elements", "payment_amount,dp_employment,dp_welfare", "--reader", At("employer"), "--transcript", At("t.cbor"), "--out", At("request.cbor")));

        var present = CliRunner.Run("present", "--format", "mdoc", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--request", At("request.cbor"), "--trust-registrar", At("registrar/registrar.pem"), "--transcript", At("t.cbor"), "--out", At("r.cbor"));
        Assert.Equal(0, present.ExitCode);
        Assert.Contains("[refused]  welfare 分野の仮名 / dp_welfare: a pseudonym of a domain the verifier is not registered for: never released", present.Output, StringComparison.Ordinal);

        var (code, output, _) = CliRunner.Run("verify", "--format", "mdoc", "--in", At("r.cbor"), "--transcript", At("t.cbor"), "--trust", At("ca/iaca.pem"), "--domains", "employment", "--json");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.StartsWith("v1.", json.RootElement.GetProperty("documents")[0].GetProperty("subjectKeys").GetProperty("employment").GetString(), StringComparison.Ordinal);

        // A verifier of another domain fails the same response.
        var foreign = CliRunner.Run("verify", "--format", "mdoc", "--in", At("r.cbor"), "--transcript", At("t.cbor"), "--trust", At("ca/iaca.pem"), "--domains", "tax");
        Assert.Equal(1, foreign.ExitCode);
        Assert.Contains("pseudonym_foreign_domain", foreign.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--domains", "Employment")]
    [InlineData("--elements", "payment_amount")]
    public void Bad_registration_arguments_are_usage_errors(string option, string value)
    {
        Ok(CliRunner.Run("registrar", "create", "--out", At("registrar")));
        string[] args = ["registrar", "register", "--registrar", At("registrar"), "--out", At("v"), "--name", "V", "--domains", "tax", "--purpose", "p", "--elements", "a/b"];
        args[Array.IndexOf(args, option) + 1] = value;

        Assert.Equal(2, CliRunner.Run(args).ExitCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
