using System.Globalization;
using System.Text.Json.Nodes;

namespace Honnin.Cli.Tests;

/// <summary>
/// The OpenID4VP story with nothing but the tool, in both formats and both response modes: the employer's
/// <c>issuer serve</c> and the employee's <c>wallet accept</c>; a registrar registers the agency; <c>verifier serve</c>;
/// <c>verifier request --dcql --qr -</c>; <c>verifier result</c> pending (exit 3); <c>wallet present --yes</c> shares
/// what the registration allows and leaves out the rest; <c>verifier result</c> valid with exactly those elements;
/// <c>wallet log</c> records the purpose; after <c>wallet stop</c> the next request is refused without asking.
/// </summary>
public sealed class VerifierStoryTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple";

    private readonly CliTestFolder _folder = new();

    public VerifierStoryTests() => File.WriteAllText(_folder.At("pass.txt"), Passphrase + "\n");

    [Theory]
    [InlineData("sd-jwt", "direct_post.jwt")]
    [InlineData("mdoc", "direct_post")]
    public async Task Request_present_result_log_and_stop_with_the_tool(string format, string responseMode)
    {
        var issuerUrl = "http://127.0.0.1:" + ServiceUrls.FreePort().ToString(CultureInfo.InvariantCulture);
        var verifierUrl = "http://127.0.0.1:" + ServiceUrls.FreePort().ToString(CultureInfo.InvariantCulture);
        CliTestFolder.Ok(CliRunner.Run("ca", "create", "--out", _folder.At("ca")));
        CliTestFolder.Ok(CliRunner.Run("ca", "issue-ds", "--ca", _folder.At("ca"), "--out", _folder.At("issuer"), "--issuer-uri", issuerUrl));
        using var issuer = ServeProcess.Start("--issuer", _folder.At("issuer"), "--url", issuerUrl);
        var offer = CliTestFolder.Ok(CliRunner.Run("offer", "create", "--issuer-url", issuerUrl, "--admin-token-file", issuer.AdminTokenFile, "--type", "withholding-slip", "--format", format, "--claims", CliTestFolder.Claims("withholding-slip.json"), "--batch", "2"));
        string[] wallet = ["--wallet", _folder.At("wallet.db"), "--passphrase-file", _folder.At("pass.txt")];
        CliTestFolder.Ok(CliRunner.Run(["wallet", "accept", offer.Output.Trim(), "--yes", .. wallet]));

        CliTestFolder.Ok(CliRunner.Run("registrar", "create", "--out", _folder.At("registrar")));
        CliTestFolder.Ok(CliRunner.Run("registrar", "register", "--registrar", _folder.At("registrar"), "--out", _folder.At("agency"), "--name", "Tax Office", "--domains", "tax", "--purpose", "year-end adjustment", "--elements", "jp.honnin.withholding_slip.1/payment_amount,org.iso.23220.1/family_name"));
        using var verifier = ServeProcess.StartVerifier("--reader", _folder.At("agency"), "--trust", _folder.At("ca/iaca.pem"), "--url", verifierUrl);
        Assert.StartsWith("x509_hash:", verifier.ClientId, StringComparison.Ordinal);
        File.WriteAllText(_folder.At("query.json"), Query(format).ToJsonString());
        string[] admin = ["--verifier-url", verifierUrl, "--admin-token-file", verifier.AdminTokenFile];

        var request = CliTestFolder.Ok(CliRunner.Run(["verifier", "request", .. admin, "--dcql", _folder.At("query.json"), "--purpose", "年末調整", "--response-mode", responseMode, "--qr", "-"]));
        var link = request.Output.Trim();
        Assert.StartsWith("openid4vp://", link, StringComparison.Ordinal);
        Assert.Contains("█", request.Error, StringComparison.Ordinal);
        var transaction = System.Text.RegularExpressions.Regex.Match(request.Error, "transaction: ([A-Za-z0-9_-]+)").Groups[1].Value;
        Assert.Equal(3, CliRunner.Run(["verifier", "result", .. admin, "--transaction", transaction]).ExitCode);

        string[] exclude = format == "mdoc" ? [] : ["--exclude", "birth_date"];
        var presented = CliTestFolder.Ok(CliRunner.Run(["wallet", "present", link, "--trust-registrar", _folder.At("registrar/registrar.pem"), "--yes", .. exclude, .. wallet]));
        Assert.Contains("[share]", presented.Error, StringComparison.Ordinal);
        Assert.Contains("年末調整", presented.Error, StringComparison.Ordinal);

        var result = CliRunner.Run(["verifier", "result", .. admin, "--transaction", transaction, "--json"]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var json = (JsonObject)JsonNode.Parse(result.Output)!;
        Assert.Equal("valid", json["state"]!.GetValue<string>());
        var document = json["documents"]!.AsArray().Single()!.AsObject();
        var disclosed = format == "mdoc"
            ? document["elements"]!.AsObject().SelectMany(ns => ns.Value!.AsObject().Select(e => e.Key)).Order().ToArray()
            : document["claims"]!.AsObject().Select(c => c.Key).Where(k => k is "payment_amount" or "family_name" or "birth_date" or "given_name").Order().ToArray();
        Assert.Equal(["family_name", "payment_amount"], disclosed);

        var log = CliTestFolder.Ok(CliRunner.Run(["wallet", "log", .. wallet]));
        Assert.Contains("the request said: 年末調整", log.Output, StringComparison.Ordinal);

        // Stop sharing with the agency: its next request is refused without asking, and nothing more is presented.
        CliTestFolder.Ok(CliRunner.Run(["wallet", "stop", "CN=Tax Office", .. wallet]));
        var again = CliTestFolder.Ok(CliRunner.Run(["verifier", "request", .. admin, "--dcql", _folder.At("query.json")]));
        var refused = CliRunner.Run(["wallet", "present", again.Output.Trim(), "--trust-registrar", _folder.At("registrar/registrar.pem"), "--yes", "--json", .. wallet]);
        Assert.True(refused.ExitCode == 5, refused.Output + refused.Error);
        Assert.Equal("sharing_stopped", JsonNode.Parse(refused.Output)!["error"]!["code"]!.GetValue<string>());
        // The log says so: the presentation, then the refused request with nothing shared.
        var records = ((JsonObject)JsonNode.Parse(CliTestFolder.Ok(CliRunner.Run(["wallet", "log", "--json", .. wallet])).Output)!)["presentations"]!.AsArray();
        Assert.Equal([false, true], records.Select(r => r!["refused"]!.GetValue<bool>()));
        Assert.Empty(records[1]!["elements"]!.AsArray());
        Assert.Contains("sharing_stopped", records[1]!["verifier"]!["problems"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains("refused CN=Tax Office", CliTestFolder.Ok(CliRunner.Run(["wallet", "log", .. wallet])).Output, StringComparison.Ordinal);

        Assert.Equal(0, await verifier.StopAsync());
        Assert.Equal(0, await issuer.StopAsync());
    }

    [Fact]
    public async Task A_second_procedure_stands_up_from_one_config_file()
    {
        var issuerUrl = "http://127.0.0.1:" + ServiceUrls.FreePort().ToString(CultureInfo.InvariantCulture);
        var verifierUrl = "http://127.0.0.1:" + ServiceUrls.FreePort().ToString(CultureInfo.InvariantCulture);
        CliTestFolder.Ok(CliRunner.Run("ca", "create", "--out", _folder.At("ca")));
        CliTestFolder.Ok(CliRunner.Run("ca", "issue-ds", "--ca", _folder.At("ca"), "--out", _folder.At("issuer"), "--issuer-uri", issuerUrl));
        using var issuer = ServeProcess.Start("--issuer", _folder.At("issuer"), "--url", issuerUrl);
        var offer = CliTestFolder.Ok(CliRunner.Run("offer", "create", "--issuer-url", issuerUrl, "--admin-token-file", issuer.AdminTokenFile, "--type", "withholding-slip", "--claims", CliTestFolder.Claims("withholding-slip.json")));
        string[] wallet = ["--wallet", _folder.At("wallet.db"), "--passphrase-file", _folder.At("pass.txt")];
        CliTestFolder.Ok(CliRunner.Run(["wallet", "accept", offer.Output.Trim(), "--yes", .. wallet]));
        CliTestFolder.Ok(CliRunner.Run("registrar", "create", "--out", _folder.At("registrar")));
        CliTestFolder.Ok(CliRunner.Run("registrar", "register", "--registrar", _folder.At("registrar"), "--out", _folder.At("housing"), "--name", "Housing Office", "--purpose", "public housing income check", "--elements", "jp.honnin.withholding_slip.1/payment_amount,jp.honnin.withholding_slip.1/tax_year"));

        // The procedure, in one file: who the verifier is, whom it trusts, what it asks for and why.
        File.WriteAllText(_folder.At("housing.json"), new JsonObject
        {
            ["reader"] = "housing",
            ["trust"] = new JsonArray("ca/iaca.pem"),
            ["url"] = verifierUrl,
            ["procedure"] = new JsonObject { ["purpose"] = "公営住宅の収入確認", ["type"] = "withholding-slip", ["format"] = "sd-jwt", ["elements"] = new JsonArray("payment_amount", "tax_year") },
        }.ToJsonString());
        using var verifier = ServeProcess.StartVerifier("--config", _folder.At("housing.json"));
        Assert.Equal(verifierUrl, verifier.Url);

        var request = CliTestFolder.Ok(CliRunner.Run("verifier", "request", "--verifier-url", verifierUrl, "--admin-token-file", verifier.AdminTokenFile, "--json"));
        var created = (JsonObject)JsonNode.Parse(request.Output)!;
        var presented = CliTestFolder.Ok(CliRunner.Run(["wallet", "present", created["url"]!.GetValue<string>(), "--trust-registrar", _folder.At("registrar/registrar.pem"), "--yes", .. wallet]));
        Assert.Contains("公営住宅の収入確認", presented.Error, StringComparison.Ordinal);

        var result = (JsonObject)JsonNode.Parse(CliTestFolder.Ok(CliRunner.Run("verifier", "result", "--verifier-url", verifierUrl, "--admin-token-file", verifier.AdminTokenFile, "--transaction", created["transaction"]!.GetValue<string>(), "--json")).Output)!;
        Assert.Equal("valid", result["state"]!.GetValue<string>());
        Assert.Equal("公営住宅の収入確認", result["purpose"]!.GetValue<string>());
        var claims = result["documents"]!.AsArray().Single()!["claims"]!.AsObject();
        Assert.Equal(5800000, claims["payment_amount"]!.GetValue<int>());
        Assert.Equal(2025, claims["tax_year"]!.GetValue<int>());
        Assert.False(claims.ContainsKey("family_name"));

        // A config that does not read is an input error with the file named, before anything listens.
        File.WriteAllText(_folder.At("broken.json"), """{"reader": "housing", "trust": ["ca/iaca.pem"], "procedure": {"type": "withholding-slip", "elements": ["no_such_element"]}}""");
        var broken = CliRunner.Run("verifier", "serve", "--config", _folder.At("broken.json"));
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("no_such_element", broken.Error, StringComparison.Ordinal);

        Assert.Equal(0, await verifier.StopAsync());
        Assert.Equal(0, await issuer.StopAsync());
    }

    private static JsonObject Query(string format) => format == "mdoc"
        ? new JsonObject
        {
            ["credentials"] = new JsonArray(new JsonObject
            {
                ["id"] = "slip",
                ["format"] = "mso_mdoc",
                ["meta"] = new JsonObject { ["doctype_value"] = "jp.honnin.withholding_slip.1" },
                ["claims"] = new JsonArray(
                    new JsonObject { ["id"] = "a", ["path"] = new JsonArray("jp.honnin.withholding_slip.1", "payment_amount") },
                    new JsonObject { ["id"] = "f", ["path"] = new JsonArray("org.iso.23220.1", "family_name") }),
            }),
        }
        : new JsonObject
        {
            ["credentials"] = new JsonArray(new JsonObject
            {
                ["id"] = "slip",
                ["format"] = "dc+sd-jwt",
                ["meta"] = new JsonObject { ["vct_values"] = new JsonArray("urn:honnin:jp:withholding-slip:1") },
                ["claims"] = new JsonArray(
                    new JsonObject { ["id"] = "a", ["path"] = new JsonArray("payment_amount") },
                    new JsonObject { ["id"] = "f", ["path"] = new JsonArray("family_name") },
                    new JsonObject { ["id"] = "b", ["path"] = new JsonArray("birth_date") }),
                ["claim_sets"] = new JsonArray(new JsonArray("a", "f", "b"), new JsonArray("a", "f")),
            }),
        };

    public void Dispose() => _folder.Dispose();
}
