namespace Honnin.Cli.Tests;

/// <summary>Answering a request: the plan is printed in plain words, and the person can refuse elements with --exclude.</summary>
public sealed class PresentPlanTests : IDisposable
{
    private readonly CliTestFolder _folder = new CliTestFolder().WithPki(holderKeys: 2);

    private void RegisterAndRequest(string format)
    {
        CliTestFolder.Ok(CliRunner.Run("registrar", "create", "--out", _folder.At("registrar")));
        CliTestFolder.Ok(CliRunner.Run("registrar", "register", "--registrar", _folder.At("registrar"), "--out", _folder.At("reader"), "--name", "New Employer", "--purpose", "year-end adjustment", "--elements", "jp.honnin.withholding_slip.1/payment_amount,jp.honnin.withholding_slip.1/tax_year,org.iso.23220.1/family_name"));
        CliTestFolder.Ok(format == "mdoc"
            ? CliRunner.Run("request", "--format", "mdoc", "--type", "withholding-slip", "--elements", "payment_amount,tax_year,family_name", "--reader", _folder.At("reader"), "--transcript", _folder.At("t.cbor"), "--out", _folder.At("request"))
            : CliRunner.Run("request", "--format", "sd-jwt", "--type", "withholding-slip", "--elements", "payment_amount,tax_year,family_name", "--reader", _folder.At("reader"), "--nonce", "n-1", "--out", _folder.At("request")));
    }

    [Fact]
    public void Mdoc_the_person_excludes_an_element_and_the_verifier_does_not_get_it()
    {
        _folder.Issue("mdoc", "cred", batch: 2);
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://employer.example.jp", "--nonce", "n-1"));
        RegisterAndRequest("mdoc");

        var (_, output, _) = CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred"), "--holder-key", _folder.At("holder.jwk"), "--request", _folder.At("request"), "--trust-registrar", _folder.At("registrar/registrar.pem"), "--transcript", _folder.At("t.cbor"), "--exclude", "family_name", "--out", _folder.At("r.cbor")));

        Assert.Contains("[left out] 氏 / family_name: the person left it out", output, StringComparison.Ordinal);
        Assert.Contains("[share]    支払金額 / payment_amount: requested and registered", output, StringComparison.Ordinal);
        Assert.DoesNotContain("excluded_by_person", output, StringComparison.Ordinal);
        var verified = CliRunner.Run("verify", "--in", _folder.At("r.cbor"), "--transcript", _folder.At("t.cbor"), "--trust", _folder.At("ca/iaca.pem"));
        Assert.Equal(0, verified.ExitCode);
        Assert.Contains("payment_amount", verified.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("family_name", verified.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sd_jwt_the_person_excludes_a_claim_and_the_verifier_does_not_get_it()
    {
        _folder.Issue("sd-jwt", "cred", batch: 2);
        RegisterAndRequest("sd-jwt");

        var (_, output, _) = CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred"), "--holder-key", _folder.At("holder.jwk"), "--request", _folder.At("request"), "--trust-registrar", _folder.At("registrar/registrar.pem"), "--exclude", "tax_year", "--out", _folder.At("p.txt")));

        Assert.Contains("/ tax_year: the person left it out", output, StringComparison.Ordinal);
        var presentation = File.ReadAllText(_folder.At("p.txt"));
        var claims = CliRunner.Run("inspect", _folder.At("p.txt")).Output;
        Assert.Contains("payment_amount =", claims, StringComparison.Ordinal);
        Assert.DoesNotContain("tax_year =", claims, StringComparison.Ordinal);
        Assert.NotEmpty(presentation);
    }

    [Fact]
    public void Exclude_of_an_element_the_request_does_not_name_is_a_usage_error()
    {
        _folder.Issue("mdoc", "cred");
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://employer.example.jp", "--nonce", "n-1"));
        RegisterAndRequest("mdoc");

        var (code, _, error) = CliRunner.Run("present", "--credential", _folder.At("cred"), "--holder-key", _folder.At("holder.jwk"), "--request", _folder.At("request"), "--transcript", _folder.At("t.cbor"), "--exclude", "hire_date", "--out", _folder.At("r.cbor"));

        Assert.Equal(2, code);
        Assert.Contains("'hire_date' is not part of the request", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.At("r.cbor")));
    }

    public void Dispose() => _folder.Dispose();
}
