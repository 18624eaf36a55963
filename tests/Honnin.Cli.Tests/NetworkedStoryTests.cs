using System.Globalization;
using System.Text.Json.Nodes;

namespace Honnin.Cli.Tests;

/// <summary>
/// The networked story with nothing but the tool, in both formats: <c>honnin issuer serve</c>; HR's
/// <c>offer create --tx-code --qr -</c>; the employee's <c>wallet accept</c> (checking the issuer chain); a presentation
/// from the wallet that <c>verify --status-check require</c> accepts; <c>status revoke</c> of the offer; the same
/// presentation then refused as revoked.
/// </summary>
public sealed class NetworkedStoryTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple";

    private readonly CliTestFolder _folder = new();

    public NetworkedStoryTests() => File.WriteAllText(_folder.At("pass.txt"), Passphrase + "\n");

    [Theory]
    [InlineData("sd-jwt")]
    [InlineData("mdoc")]
    public async Task Serve_offer_accept_present_verify_revoke_and_the_same_presentation_is_refused(string format)
    {
        var url = "http://127.0.0.1:" + ServiceUrls.FreePort().ToString(CultureInfo.InvariantCulture);
        CliTestFolder.Ok(CliRunner.Run("ca", "create", "--out", _folder.At("ca")));
        CliTestFolder.Ok(CliRunner.Run("ca", "issue-ds", "--ca", _folder.At("ca"), "--out", _folder.At("issuer"), "--issuer-uri", url));
        using var serve = ServeProcess.Start("--issuer", _folder.At("issuer"), "--url", url);

        var offer = CliRunner.Run("offer", "create", "--issuer-url", url, "--admin-token-file", serve.AdminTokenFile, "--type", "withholding-slip", "--format", format, "--claims", CliTestFolder.Claims("withholding-slip.json"), "--batch", "2", "--tx-code", "--qr", "-");
        CliTestFolder.Ok(offer);
        var link = offer.Output.Trim();
        Assert.StartsWith("openid-credential-offer://", link, StringComparison.Ordinal);
        var txCode = System.Text.RegularExpressions.Regex.Match(offer.Error, "[0-9]{6}").Value;
        Assert.Equal(6, txCode.Length);
        Assert.Contains("█", offer.Error, StringComparison.Ordinal);

        var accepted = CliRunner.Run("wallet", "accept", link, "--tx-code", txCode, "--trust", _folder.At("ca/iaca.pem"), "--yes", "--json", "--wallet", _folder.At("wallet.db"), "--passphrase-file", _folder.At("pass.txt"));
        CliTestFolder.Ok(accepted);

        string[] verify;
        if (format == "mdoc")
        {
            CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://verifier.example.jp", "--nonce", "n-1"));
            CliTestFolder.Ok(CliRunner.Run("present", "--format", "mdoc", "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r.cbor"), "--wallet", _folder.At("wallet.db"), "--passphrase-file", _folder.At("pass.txt")));
            verify = ["verify", "--format", "mdoc", "--in", _folder.At("r.cbor"), "--transcript", _folder.At("t.cbor"), "--trust", _folder.At("ca/iaca.pem"), "--status-check", "require", "--json"];
        }
        else
        {
            CliTestFolder.Ok(CliRunner.Run("present", "--format", "sd-jwt", "--disclose", "payment_amount", "--aud", "https://verifier.example.jp", "--nonce", "n-2", "--out", _folder.At("p.txt"), "--wallet", _folder.At("wallet.db"), "--passphrase-file", _folder.At("pass.txt")));
            verify = ["verify", "--format", "sd-jwt", "--in", _folder.At("p.txt"), "--trust", _folder.At("ca/iaca.pem"), "--aud", "https://verifier.example.jp", "--nonce", "n-2", "--status-check", "require", "--json"];
        }

        var valid = CliTestFolder.Ok(CliRunner.Run(verify));
        Assert.Contains("5800000", valid.Output, StringComparison.Ordinal);

        var offers = (JsonObject)JsonNode.Parse(CliTestFolder.Ok(CliRunner.Run("offer", "list", "--issuer-url", url, "--admin-token-file", serve.AdminTokenFile, "--json")).Output)!;
        var offerId = offers["offers"]!.AsArray().Single()!["offer_id"]!.GetValue<string>();
        CliTestFolder.Ok(CliRunner.Run("status", "revoke", "--issuer-url", url, "--admin-token-file", serve.AdminTokenFile, "--offer-id", offerId));

        var refused = CliRunner.Run(verify);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("status_revoked", refused.Output, StringComparison.Ordinal);
        Assert.Equal(0, await serve.StopAsync());
    }

    public void Dispose() => _folder.Dispose();
}
