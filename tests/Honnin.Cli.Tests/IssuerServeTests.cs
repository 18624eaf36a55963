using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Honnin.Cli.Tests;

/// <summary>
/// <c>honnin issuer serve</c> as a child process on loopback, driven by <c>honnin offer create</c> and
/// <c>honnin status</c> in process: the ready line, the admin token file and its reuse across a restart, offers that
/// survive the restart, refusals and bad command lines.
/// </summary>
public sealed class IssuerServeTests : IDisposable
{
    private static readonly HttpClient Http = new();
    private readonly CliTestFolder _folder = new();

    [Fact]
    public async Task An_offer_with_a_tx_code_survives_a_restart_with_the_same_admin_token()
    {
        var url = IssuerFolder("issuer", withUrl: true);
        string offerUri, tokenBefore;
        using (var serve = ServeProcess.Start("--issuer", _folder.At("issuer"), "--url", url))
        {
            Assert.Equal(url, serve.Url);
            Assert.Equal(Path.GetFullPath(_folder.At("issuer/admin-token")), serve.AdminTokenFile);
            Assert.DoesNotContain("warning", serve.Error, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(serve.AdminTokenFile));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_folder.At("issuer/issuer-secret.key")));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_folder.At("issuer/issuer.db")));
            }

            tokenBefore = await File.ReadAllTextAsync(serve.AdminTokenFile);
            var run = CliTestFolder.Ok(CliRunner.Run("offer", "create", "--issuer-url", serve.Url, "--admin-token-file", serve.AdminTokenFile, "--type", "withholding-slip", "--claims", CliTestFolder.Claims("withholding-slip.json"), "--tx-code", "--batch", "3", "--json"));
            var answer = (JsonObject)JsonNode.Parse(run.Output)!;
            offerUri = answer["offer"]!.GetValue<string>();
            Assert.StartsWith("openid-credential-offer://?credential_offer_uri=", offerUri, StringComparison.Ordinal);
            Assert.Matches("^[0-9]{6}$", answer["tx_code"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(answer["offer_id"]!.GetValue<string>()));
            Assert.Equal(HttpStatusCode.OK, await OfferStatusAsync(offerUri));

            // Nothing was issued for the offer yet, so revoking it changes nothing.
            var revoke = CliTestFolder.Ok(CliRunner.Run("status", "revoke", "--issuer-url", serve.Url, "--admin-token-file", serve.AdminTokenFile, "--offer-id", answer["offer_id"]!.GetValue<string>(), "--json"));
            Assert.Empty(((JsonObject)JsonNode.Parse(revoke.Output)!)["changed"]!.AsArray());

            Assert.Equal(0, await serve.StopAsync());
            Assert.Empty(serve.MoreOutput());
        }

        using (var again = ServeProcess.Start("--issuer", _folder.At("issuer"), "--url", url))
        {
            Assert.Equal(tokenBefore, await File.ReadAllTextAsync(again.AdminTokenFile));
            Assert.Equal(HttpStatusCode.OK, await OfferStatusAsync(offerUri));
            var listed = CliTestFolder.Ok(CliRunner.Run("offer", "list", "--issuer-url", again.Url, "--admin-token-file", again.AdminTokenFile, "--json"));
            var offer = Assert.Single(((JsonObject)JsonNode.Parse(listed.Output)!)["offers"]!.AsArray());
            Assert.Equal("offered", offer!["state"]!.GetValue<string>());
            Assert.Equal(3, offer["batch_size"]!.GetValue<int>());
            Assert.DoesNotContain("山田", listed.Output, StringComparison.Ordinal);
            CliTestFolder.Ok(CliRunner.Run("offer", "create", "--issuer-url", again.Url, "--admin-token-file", again.AdminTokenFile, "--type", "withholding-slip", "--claims", CliTestFolder.Claims("withholding-slip.json"), "--format", "mdoc"));
            Assert.Equal(0, await again.StopAsync());
        }
    }

    [Fact]
    public async Task Without_the_url_in_the_certificate_the_service_offers_mdoc_only_and_says_why()
    {
        IssuerFolder("issuer", withUrl: false);
        var tokenFile = _folder.At("hr/token");
        using var serve = ServeProcess.Start("--issuer", _folder.At("issuer"), "--url", "http://127.0.0.1:0", "--admin-token-file", tokenFile, "--name-ja", "株式会社本人", "--name-en", "Honnin K.K.");
        Assert.Matches("^http://127\\.0\\.0\\.1:[1-9][0-9]*$", serve.Url);
        Assert.Equal(Path.GetFullPath(tokenFile), serve.AdminTokenFile);
        Assert.Contains("offering mdoc only", serve.Error, StringComparison.Ordinal);
        Assert.Contains("--issuer-uri " + serve.Url, serve.Error, StringComparison.Ordinal);

        var refused = CliRunner.Run("offer", "create", "--issuer-url", serve.Url, "--admin-token-file", tokenFile, "--type", "withholding-slip", "--claims", CliTestFolder.Claims("withholding-slip.json"), "--format", "sd-jwt");
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("format_not_offered", refused.Error, StringComparison.Ordinal);

        // Plain output: the URI alone on standard output, the code apart on standard error; the QR code in its file.
        var created = CliTestFolder.Ok(CliRunner.Run("offer", "create", "--issuer-url", serve.Url, "--admin-token-file", tokenFile, "--type", "withholding-slip", "--claims", CliTestFolder.Claims("withholding-slip.json"), "--format", "mdoc", "--tx-code", "--qr", _folder.At("offer.svg")));
        var uri = Assert.Single(created.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("openid-credential-offer://", uri, StringComparison.Ordinal);
        Assert.Matches("tx_code: [0-9]{6}", created.Error);
        Assert.StartsWith("<svg", (await File.ReadAllTextAsync(_folder.At("offer.svg"))).TrimStart(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await OfferStatusAsync(uri.Trim()));
        Assert.Equal(0, await serve.StopAsync());
    }

    [Fact]
    public async Task Claims_that_do_not_fit_and_a_wrong_token_are_refused_with_exit_5()
    {
        IssuerFolder("issuer", withUrl: false);
        using var serve = ServeProcess.Start("--issuer", _folder.At("issuer"), "--url", "http://127.0.0.1:0");
        await File.WriteAllTextAsync(_folder.At("bad.json"), """{"family_name": "山田", "payment_amount": "five million"}""");
        var refused = CliRunner.Run("offer", "create", "--issuer-url", serve.Url, "--admin-token-file", serve.AdminTokenFile, "--type", "withholding-slip", "--claims", _folder.At("bad.json"), "--format", "mdoc");
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("claims_do_not_fit", refused.Error, StringComparison.Ordinal);
        Assert.Contains("payment_amount: wrong_type", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("five million", refused.Error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(_folder.At("wrong-token"), new string('x', 43));
        var unauthorized = CliRunner.Run("status", "revoke", "--issuer-url", serve.Url, "--admin-token-file", _folder.At("wrong-token"), "--credential-id", "c-1", "--json");
        Assert.Equal(5, unauthorized.ExitCode);
        Assert.Equal("unauthorized", JsonNode.Parse(unauthorized.Output)!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(0, await serve.StopAsync());
    }

    [Theory]
    [InlineData("http://192.0.2.10:5071")]
    [InlineData("http://issuer.example.jp")]
    [InlineData("https://issuer.example.jp")]
    [InlineData("ftp://127.0.0.1:5071")]
    public void A_url_that_would_serve_plain_http_off_this_machine_is_a_usage_error(string url)
    {
        IssuerFolder("issuer", withUrl: false);
        var run = CliRunner.Run("issuer", "serve", "--issuer", _folder.At("issuer"), "--url", url);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--url", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.At("issuer/admin-token")));
    }

    [Fact]
    public void Https_without_a_listen_address_explains_the_reverse_proxy()
    {
        IssuerFolder("issuer", withUrl: false);
        var run = CliRunner.Run("issuer", "serve", "--issuer", _folder.At("issuer"), "--url", "https://issuer.example.jp");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("reverse proxy", run.Error, StringComparison.Ordinal);
        Assert.Contains("--listen http://127.0.0.1:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_a_reverse_proxy_the_service_listens_on_loopback_http_under_its_https_identifier()
    {
        CliTestFolder.Ok(CliRunner.Run("ca", "create", "--out", _folder.At("ca")));
        CliTestFolder.Ok(CliRunner.Run("ca", "issue-ds", "--ca", _folder.At("ca"), "--out", _folder.At("issuer"), "--issuer-uri", "https://issuer.example.jp/"));
        var listen = "http://127.0.0.1:" + ServiceUrls.FreePort().ToString(CultureInfo.InvariantCulture);
        using var serve = ServeProcess.Start("--issuer", _folder.At("issuer"), "--url", "https://issuer.example.jp", "--listen", listen);
        Assert.Equal("https://issuer.example.jp", serve.Url);
        Assert.DoesNotContain("warning", serve.Error, StringComparison.Ordinal);

        var metadata = JsonNode.Parse(await Http.GetStringAsync(new Uri(listen + "/.well-known/openid-credential-issuer")))!;
        Assert.Equal("https://issuer.example.jp", metadata["credential_issuer"]!.GetValue<string>());
        Assert.Equal("https://issuer.example.jp/credential", metadata["credential_endpoint"]!.GetValue<string>());

        // HR talks to the service where it listens; the offer names the public identifier.
        var created = CliTestFolder.Ok(CliRunner.Run("offer", "create", "--issuer-url", listen, "--admin-token-file", serve.AdminTokenFile, "--type", "withholding-slip", "--claims", CliTestFolder.Claims("withholding-slip.json")));
        Assert.Contains(Uri.EscapeDataString("https://issuer.example.jp/credential-offer/"), created.Output, StringComparison.Ordinal);
        Assert.Equal(0, await serve.StopAsync());
    }

    [Fact]
    public void The_admin_commands_send_the_token_over_plain_http_to_this_machine_only_and_report_an_unreachable_service()
    {
        File.WriteAllText(_folder.At("token"), new string('t', 43));
        var remote = CliRunner.Run("status", "suspend", "--issuer-url", "http://issuer.example.jp", "--admin-token-file", _folder.At("token"), "--offer-id", "o-1");
        Assert.Equal(2, remote.ExitCode);

        var port = ServiceUrls.FreePort();
        var unreachable = CliRunner.Run("offer", "create", "--issuer-url", $"http://127.0.0.1:{port}", "--admin-token-file", _folder.At("token"), "--type", "withholding-slip", "--claims", CliTestFolder.Claims("withholding-slip.json"));
        Assert.Equal(4, unreachable.ExitCode);
        Assert.Contains("cannot be reached", unreachable.Error, StringComparison.Ordinal);

        var both = CliRunner.Run("status", "revoke", "--issuer-url", $"http://127.0.0.1:{port}", "--admin-token-file", _folder.At("token"), "--offer-id", "o-1", "--credential-id", "c-1");
        Assert.Equal(2, both.ExitCode);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>A test PKI with a Document Signer in <paramref name="name"/>; with <paramref name="withUrl"/>, it names a free loopback URL, which is returned.</summary>
    private string IssuerFolder(string name, bool withUrl)
    {
        CliTestFolder.Ok(CliRunner.Run("ca", "create", "--out", _folder.At("ca-" + name)));
        var url = "http://127.0.0.1:" + ServiceUrls.FreePort().ToString(CultureInfo.InvariantCulture);
        CliTestFolder.Ok(withUrl
            ? CliRunner.Run("ca", "issue-ds", "--ca", _folder.At("ca-" + name), "--out", _folder.At(name), "--issuer-uri", url)
            : CliRunner.Run("ca", "issue-ds", "--ca", _folder.At("ca-" + name), "--out", _folder.At(name)));
        return url;
    }

    /// <summary>GETs the offer's <c>credential_offer_uri</c>.</summary>
    private static async Task<HttpStatusCode> OfferStatusAsync(string offer)
    {
        var query = new Uri(offer.Replace("openid-credential-offer://", "https://wallet.invalid/", StringComparison.Ordinal)).Query.TrimStart('?');
        var reference = query.Split('&').Select(p => p.Split('=', 2)).Single(p => p[0] == "credential_offer_uri")[1];
        using var response = await Http.GetAsync(new Uri(Uri.UnescapeDataString(reference)));
        return response.StatusCode;
    }
}
