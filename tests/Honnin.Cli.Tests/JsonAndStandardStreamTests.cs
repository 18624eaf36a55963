using System.Text;
using System.Text.Json;

namespace Honnin.Cli.Tests;

/// <summary>Every command that prints a result offers --json, errors included; '-' reads standard input and writes standard output.</summary>
public sealed class JsonAndStandardStreamTests : IDisposable
{
    private readonly CliTestFolder _folder = new();

    private static JsonElement Json((int ExitCode, string Output, string Error) run)
    {
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        using var document = JsonDocument.Parse(run.Output);
        return document.RootElement.Clone();
    }

    [Fact]
    public void Every_command_that_prints_a_result_prints_one_json_object()
    {
        var f = _folder;
        Assert.Equal("CN=Honnin Test IACA, C=JP", Json(CliRunner.Run("ca", "create", "--out", f.At("ca"), "--json")).GetProperty("subject").GetString());
        Assert.Equal(f.At("ds/ds.key.pem"), Json(CliRunner.Run("ca", "issue-ds", "--ca", f.At("ca"), "--out", f.At("ds"), "--json")).GetProperty("key").GetString());
        Assert.Equal(2, Json(CliRunner.Run("key", "create", "--out", f.At("holder.jwk"), "--count", "2", "--json")).GetProperty("keys").GetInt32());
        Assert.Equal("k1", Json(CliRunner.Run("pseudonym-key", "create", "--out", f.At("pk.json"), "--json")).GetProperty("kid").GetString());
        Json(CliRunner.Run("registrar", "create", "--out", f.At("registrar"), "--json"));
        Assert.Equal("tax", Json(CliRunner.Run("registrar", "register", "--registrar", f.At("registrar"), "--out", f.At("reader"), "--name", "V", "--purpose", "p", "--domains", "tax", "--elements", "jp.honnin.withholding_slip.1/payment_amount", "--json")).GetProperty("domains")[0].GetString());
        Assert.Equal(2, Json(CliRunner.Run("issue", "--format", "mdoc", "--type", "withholding-slip", "--claims", CliTestFolder.Claims("withholding-slip.json"), "--issuer", f.At("ds"), "--holder-key", f.At("holder.jwk"), "--out", f.At("cred"), "--batch", "2", "--json")).GetProperty("credentials").GetInt32());
        Assert.Equal("OpenID4VPDCAPIHandover", Json(CliRunner.Run("transcript", "--out", f.At("t.cbor"), "--origin", "https://v.example.jp", "--nonce", "n", "--json")).GetProperty("handover").GetString());
        Assert.True(Json(CliRunner.Run("request", "--format", "mdoc", "--type", "withholding-slip", "--elements", "payment_amount,family_name", "--reader", f.At("reader"), "--transcript", f.At("t.cbor"), "--out", f.At("request.cbor"), "--json")).GetProperty("signed").GetBoolean());

        var present = Json(CliRunner.Run("present", "--credential", f.At("cred"), "--holder-key", f.At("holder.jwk"), "--request", f.At("request.cbor"), "--trust-registrar", f.At("registrar/registrar.pem"), "--transcript", f.At("t.cbor"), "--out", f.At("r.cbor"), "--json"));
        Assert.True(present.GetProperty("requester").GetProperty("verified").GetBoolean());
        var plan = present.GetProperty("plan").EnumerateArray().ToDictionary(e => e.GetProperty("element").GetString()!, e => e.GetProperty("decision").GetString());
        Assert.Equal("share", plan["jp.honnin.withholding_slip.1/payment_amount"]);
        Assert.Equal("left out", plan["org.iso.23220.1/family_name"]);

        Assert.True(Json(CliRunner.Run("verify", "--in", f.At("r.cbor"), "--transcript", f.At("t.cbor"), "--trust", f.At("ca/iaca.pem"), "--json")).GetProperty("valid").GetBoolean());
        Assert.Equal("device-response", Json(CliRunner.Run("inspect", f.At("r.cbor"), "--json")).GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData(4, "input_missing", "verify", "--in", "missing.cbor", "--trust", "missing.pem", "--json")]
    [InlineData(2, "usage", "key", "create", "--json")]
    [InlineData(2, "usage", "key", "create", "--out", "k.jwk", "--count", "0", "--json")]
    [InlineData(4, "input_malformed", "inspect", "garbage.bin", "--json")]
    public void Errors_with_json_are_one_json_object_with_code_and_message(int exitCode, string code, params string[] args)
    {
        File.WriteAllBytes(_folder.At("garbage.bin"), [0xff, 0x00, 0x13]);
        var resolved = args.Select(a => a.Contains('.', StringComparison.Ordinal) && !a.StartsWith('-') ? _folder.At(a) : a).ToArray();

        var (actual, output, error) = CliRunner.Run(resolved);

        Assert.Equal(exitCode, actual);
        Assert.Empty(error);
        using var json = JsonDocument.Parse(output);
        var problem = json.RootElement.GetProperty("error");
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("message").GetString()));
        Assert.Equal(exitCode, problem.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void A_presentation_goes_through_standard_output_and_back_in_through_standard_input()
    {
        _folder.WithPki().Issue("sd-jwt", "cred.sdjwt").Issue("mdoc", "cred.mdoc");
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://v.example.jp", "--nonce", "n"));

        var sdJwt = CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred.sdjwt"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--aud", "a", "--nonce", "n", "--out", "-"));
        var mdoc = CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred.mdoc"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", "-"));

        Assert.StartsWith("ey", sdJwt.Output, StringComparison.Ordinal);
        Assert.Contains("Presented credential", sdJwt.Error, StringComparison.Ordinal);
        Assert.True(mdoc.Output.Trim().All(char.IsAsciiHexDigitLower), "binary output to '-' is written as hex");
        Assert.Equal(0, CliRunner.RunWithInput(Encoding.UTF8.GetBytes(sdJwt.Output), "verify", "--in", "-", "--aud", "a", "--nonce", "n", "--trust", _folder.At("ca/iaca.pem")).ExitCode);
        Assert.Equal(0, CliRunner.RunWithInput(Encoding.UTF8.GetBytes(mdoc.Output), "verify", "--in", "-", "--transcript", _folder.At("t.cbor"), "--trust", _folder.At("ca/iaca.pem")).ExitCode);
        Assert.Equal("device-response", Json(CliRunner.RunWithInput(Encoding.UTF8.GetBytes(mdoc.Output), "inspect", "-", "--json")).GetProperty("kind").GetString());
    }

    [Fact]
    public void Standard_input_is_read_by_one_option_only()
    {
        var (code, _, error) = CliRunner.RunWithInput([0x01], "verify", "--format", "mdoc", "--in", "-", "--transcript", "-", "--trust", CliRunner.AnnexD("iaca.pem"));

        Assert.Equal(2, code);
        Assert.Contains("Only one input can be read from '-'", error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
