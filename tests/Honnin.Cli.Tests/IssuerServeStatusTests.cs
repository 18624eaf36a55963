using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Honnin.AspNetCore.Tests;
using Honnin.Crypto;

namespace Honnin.Cli.Tests;

/// <summary>
/// A credential issued by <c>honnin issuer serve</c> (to a wallet written out over HTTP) verifies with <c>honnin verify</c>
/// against the test IACA and the service's status list, until <c>honnin status</c> revokes or suspends it.
/// </summary>
public sealed class IssuerServeStatusTests : IDisposable
{
    private readonly CliTestFolder _folder = new();

    [Fact]
    public async Task Revoke_suspend_and_reinstate_change_what_verify_sees_in_the_served_status_list()
    {
        var url = "http://127.0.0.1:" + ServiceUrls.FreePort().ToString(CultureInfo.InvariantCulture);
        CliTestFolder.Ok(CliRunner.Run("ca", "create", "--out", _folder.At("ca")));
        CliTestFolder.Ok(CliRunner.Run("ca", "issue-ds", "--ca", _folder.At("ca"), "--out", _folder.At("issuer"), "--issuer-uri", url));
        using var serve = ServeProcess.Start("--issuer", _folder.At("issuer"), "--url", url);

        var created = (JsonObject)JsonNode.Parse(CliTestFolder.Ok(CliRunner.Run("offer", "create", "--issuer-url", url, "--admin-token-file", serve.AdminTokenFile, "--type", "withholding-slip", "--claims", CliTestFolder.Claims("withholding-slip.json"), "--batch", "2", "--tx-code", "--json")).Output)!;
        var offerId = created["offer_id"]!.GetValue<string>();
        using var wallet = new RawWallet(url);
        var offer = await wallet.ResolveAsync(created["offer"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await wallet.RedeemAsync(offer.PreAuthorizedCode!.PreAuthorizedCode, created["tx_code"]!.GetValue<string>())).Status);
        var keys = Enumerable.Range(0, 2).Select(_ => SoftwareSigner.Generate(CoseAlgorithm.ES256)).ToList();
        var reply = await wallet.CredentialAsync("withholding_slip_dc_sd_jwt", await RawWallet.ProofsAsync(url, await wallet.NonceAsync(), keys));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        var credential = reply.Json!["credentials"]!.AsArray()[0]!["credential"]!.GetValue<string>();
        await File.WriteAllTextAsync(_folder.At("slip.sdjwt"), credential);

        var listed = CliTestFolder.Ok(CliRunner.Run("offer", "list", "--issuer-url", url, "--admin-token-file", serve.AdminTokenFile));
        Assert.Contains(offerId + "  withholding_slip_dc_sd_jwt  batch 2  issued", listed.Output, StringComparison.Ordinal);

        string[] verify = ["verify", "--format", "sd-jwt", "--in", _folder.At("slip.sdjwt"), "--trust", _folder.At("ca/iaca.pem"), "--key-binding", "optional", "--status-check", "require", "--json"];
        CliTestFolder.Ok(CliRunner.Run(verify));

        var suspended = Changed(CliTestFolder.Ok(CliRunner.Run("status", "suspend", "--issuer-url", url, "--admin-token-file", serve.AdminTokenFile, "--offer-id", offerId, "--json")));
        Assert.Equal(2, suspended.Count);
        Assert.Contains("status_suspended", CliRunner.Run(verify).Output, StringComparison.Ordinal);

        var reinstated = Changed(CliTestFolder.Ok(CliRunner.Run("status", "reinstate", "--issuer-url", url, "--admin-token-file", serve.AdminTokenFile, "--credential-id", suspended[0], "--json")));
        Assert.Equal([suspended[0]], reinstated);

        var revoked = CliTestFolder.Ok(CliRunner.Run("status", "revoke", "--issuer-url", url, "--admin-token-file", serve.AdminTokenFile, "--offer-id", offerId));
        Assert.Contains("Revoked 2 credential(s)", revoked.Output, StringComparison.Ordinal);
        var refused = CliRunner.Run(verify);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("status_revoked", refused.Output, StringComparison.Ordinal);

        // A revoked credential is not reinstated.
        Assert.Empty(Changed(CliTestFolder.Ok(CliRunner.Run("status", "reinstate", "--issuer-url", url, "--admin-token-file", serve.AdminTokenFile, "--offer-id", offerId, "--json"))));
        Assert.Equal(0, await serve.StopAsync());
    }

    public void Dispose() => _folder.Dispose();

    private static List<string> Changed((int ExitCode, string Output, string Error) run) =>
        [.. ((JsonObject)JsonNode.Parse(run.Output)!)["changed"]!.AsArray().Select(id => id!.GetValue<string>())];
}
