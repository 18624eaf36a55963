using System.Text.Json;

namespace Honnin.Cli.Tests;

/// <summary><c>inspect</c> reads every file the tool writes and says what it is, without printing key material.</summary>
public sealed class InspectEveryFileTests : IDisposable
{
    private readonly CliTestFolder _folder = new CliTestFolder().WithPki();

    [Fact]
    public void Every_file_the_tool_writes_is_named_by_inspect()
    {
        _folder.Issue("mdoc", "cred.mdoc").Issue("sd-jwt", "cred.sdjwt");
        CliTestFolder.Ok(CliRunner.Run("pseudonym-key", "create", "--out", _folder.At("pseudonym.json")));
        CliTestFolder.Ok(CliRunner.Run("registrar", "create", "--out", _folder.At("registrar")));
        CliTestFolder.Ok(CliRunner.Run("registrar", "register", "--registrar", _folder.At("registrar"), "--out", _folder.At("reader"), "--name", "Verifier", "--purpose", "p", "--elements", "jp.honnin.withholding_slip.1/payment_amount"));
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://verifier.example.jp", "--nonce", "n-1"));
        CliTestFolder.Ok(CliRunner.Run("request", "--format", "mdoc", "--type", "withholding-slip", "--elements", "payment_amount", "--reader", _folder.At("reader"), "--transcript", _folder.At("t.cbor"), "--out", _folder.At("request.cbor")));
        CliTestFolder.Ok(CliRunner.Run("request", "--format", "sd-jwt", "--type", "withholding-slip", "--elements", "payment_amount", "--reader", _folder.At("reader"), "--nonce", "n-2", "--out", _folder.At("request.txt")));
        CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred.mdoc"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("response.cbor")));
        CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred.sdjwt"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--aud", "a", "--nonce", "n", "--out", _folder.At("presentation.txt")));
        File.WriteAllText(_folder.At("pass.txt"), "passphrase\n");
        CliTestFolder.Ok(CliRunner.Run("wallet", "import", "--wallet", _folder.At("wallet.db"), "--passphrase-file", _folder.At("pass.txt"), "--credential", _folder.At("cred.sdjwt"), "--holder-key", _folder.At("holder.jwk")));
        File.WriteAllBytes(_folder.At("iaca.der"), System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(_folder.At("ca/iaca.pem"))).RawData);

        var expected = new Dictionary<string, string>
        {
            ["cred.mdoc"] = "mdoc-credential-file",
            ["cred.sdjwt"] = "sd-jwt-credential-file",
            ["ca/iaca.pem"] = "certificate",
            ["iaca.der"] = "certificate",
            ["reader/reader.pem"] = "certificate",
            ["ca/iaca.key.pem"] = "private-key-pem",
            ["ds/ds.key.pem"] = "private-key-pem",
            ["holder.jwk"] = "jwk",
            ["pseudonym.json"] = "pseudonym-key",
            ["t.cbor"] = "session-transcript",
            ["request.cbor"] = "device-request",
            ["request.txt"] = "sd-jwt-request",
            ["response.cbor"] = "device-response",
            ["presentation.txt"] = "sd-jwt",
            ["wallet.db"] = "wallet",
        };
        foreach (var (file, kind) in expected)
        {
            var (code, output, error) = CliRunner.Run("inspect", _folder.At(file), "--json");
            Assert.True(code == 0, file + ": " + output + error);
            using var json = JsonDocument.Parse(output);
            Assert.Equal(kind, json.RootElement.GetProperty("kind").GetString());
        }
    }

    [Fact]
    public void Keys_are_described_but_their_material_is_never_printed()
    {
        CliTestFolder.Ok(CliRunner.Run("pseudonym-key", "create", "--out", _folder.At("pseudonym.json")));
        foreach (var (file, secretMember) in new[] { ("holder.jwk", "d"), ("pseudonym.json", "k") })
        {
            using var key = JsonDocument.Parse(File.ReadAllText(_folder.At(file)));
            var secret = key.RootElement.GetProperty(secretMember).GetString()!;

            var (_, output, _) = CliTestFolder.Ok(CliRunner.Run("inspect", _folder.At(file)));

            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            Assert.Contains("not printed", output, StringComparison.Ordinal);
        }

        var pem = CliTestFolder.Ok(CliRunner.Run("inspect", _folder.At("ds/ds.key.pem"))).Output;
        Assert.DoesNotContain(File.ReadAllLines(_folder.At("ds/ds.key.pem"))[1], pem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_is_described_by_its_profile_not_as_cbor()
    {
        var (_, output, error) = CliTestFolder.Ok(CliRunner.Run("inspect", _folder.At("ds/ds.pem")));

        Assert.Contains("subject: CN=Honnin Test Document Signer, C=JP", output, StringComparison.Ordinal);
        Assert.Contains("mdoc Document Signer (1.0.18013.5.1.2)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("cbor", output + error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_sd_jwt_request_shows_what_it_asks_and_who_signed_it()
    {
        CliTestFolder.Ok(CliRunner.Run("registrar", "create", "--out", _folder.At("registrar")));
        CliTestFolder.Ok(CliRunner.Run("registrar", "register", "--registrar", _folder.At("registrar"), "--out", _folder.At("reader"), "--name", "Tax Office", "--purpose", "p", "--elements", "jp.honnin.withholding_slip.1/payment_amount"));
        CliTestFolder.Ok(CliRunner.Run("request", "--format", "sd-jwt", "--type", "withholding-slip", "--elements", "payment_amount,tax_year", "--retain", "tax_year", "--reader", _folder.At("reader"), "--nonce", "n-2", "--out", _folder.At("request.txt")));

        var (_, output, _) = CliTestFolder.Ok(CliRunner.Run("inspect", _folder.At("request.txt")));

        Assert.Contains("claims:   payment_amount, tax_year", output, StringComparison.Ordinal);
        Assert.Contains("retain:   tax_year", output, StringComparison.Ordinal);
        Assert.Contains("signed by: CN=Tax Office", output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
