using System.Text.Json;
using Honnin.Tests.Services;

namespace Honnin.Cli.Tests;

/// <summary>
/// <c>honnin wallet accept</c> against Honnin's issuer service on loopback: the offer shown, confirmed with <c>--yes</c>
/// (a test's standard input is not a terminal), the credentials checked against <c>--trust</c> and kept in the wallet
/// file; a missing confirmation or transaction code is a usage error before anything is asked of the issuer.
/// </summary>
public sealed class WalletAcceptCommandTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple";

    private readonly CliTestFolder _folder = new();

    public WalletAcceptCommandTests() => File.WriteAllText(_folder.At("pass.txt"), Passphrase + "\n");

    private string Wallet => _folder.At("wallet.db");

    // The service refuses more proofs than the offer's batch; the wallet asks for the metadata's batch_size.
    private static Task<IssuerHost> StartAsync(int batchSize) => IssuerHost.StartAsync(o => o with { MaxBatchSize = batchSize, DeferredInterval = 1 });

    private (int ExitCode, string Output, string Error) Accept(string offer, params string[] args) =>
        CliRunner.Run(["wallet", "accept", offer, "--wallet", Wallet, "--passphrase-file", _folder.At("pass.txt"), .. args]);

    private static JsonElement Json(string output)
    {
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    [Theory]
    [InlineData("mdoc", "jp.honnin.withholding_slip.1")]
    [InlineData("sd-jwt", "urn:honnin:jp:withholding-slip:1")]
    public async Task An_offer_with_a_transaction_code_is_accepted_checked_against_the_IACA_and_listed(string format, string docType)
    {
        await using var host = await StartAsync(batchSize: 3);
        var created = await host.CreateOfferAsync(format, batch: 3, txCode: true);
        File.WriteAllText(_folder.At("iaca.pem"), host.Iaca.ExportCertificatePem());

        var run = Accept(created["offer"]!.GetValue<string>(), "--tx-code", created["tx_code"]!.GetValue<string>(), "--trust", _folder.At("iaca.pem"), "--yes", "--json");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var result = Json(run.Output);
        Assert.True(result.GetProperty("created").GetBoolean());
        Assert.Equal("株式会社本人テスト", result.GetProperty("issuer").GetProperty("nameJa").GetString());
        var offered = result.GetProperty("offered")[0];
        Assert.Equal(docType, offered.GetProperty("docType").GetString());
        Assert.Equal(3, offered.GetProperty("count").GetInt32());
        Assert.Contains(offered.GetProperty("elements").EnumerateArray(), e => e.GetProperty("id").GetString() == "payment_amount");
        Assert.True(result.GetProperty("transactionCode").GetProperty("required").GetBoolean());
        Assert.Equal(3, result.GetProperty("credentials").GetArrayLength());
        Assert.Equal(0, result.GetProperty("pending").GetArrayLength());
        Assert.DoesNotContain(created["tx_code"]!.GetValue<string>(), run.Output + run.Error, StringComparison.Ordinal);

        var list = CliRunner.Run("wallet", "list", "--wallet", Wallet, "--passphrase-file", _folder.At("pass.txt"), "--json");
        Assert.True(list.ExitCode == 0, list.Output + list.Error);
        var listed = Json(list.Output);
        Assert.Equal(3, listed.GetArrayLength());
        Assert.All(listed.EnumerateArray(), c => Assert.Equal(docType, c.GetProperty("docType").GetString()));
        Assert.Contains("credential_accepted", await host.Admin.GetStringAsync("admin/offers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_offer_is_shown_and_without_a_terminal_or_yes_nothing_is_asked_of_the_issuer()
    {
        await using var host = await StartAsync(batchSize: 1);
        var created = await host.CreateOfferAsync("mdoc", batch: 1, txCode: true);
        var offer = created["offer"]!.GetValue<string>();

        var unconfirmed = Accept(offer, "--tx-code", created["tx_code"]!.GetValue<string>());
        Assert.Equal(2, unconfirmed.ExitCode);
        Assert.Contains("株式会社本人テスト / Honnin Test K.K.", unconfirmed.Error, StringComparison.Ordinal);
        Assert.Contains("payment_amount", unconfirmed.Error, StringComparison.Ordinal);
        Assert.Contains("A transaction code sent apart is needed (digits, 6 characters)", unconfirmed.Error, StringComparison.Ordinal);
        Assert.Contains("add --yes", unconfirmed.Error, StringComparison.Ordinal);

        var noCode = Accept(offer, "--yes");
        Assert.Equal(2, noCode.ExitCode);
        Assert.Contains("give --tx-code CODE", noCode.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Wallet));

        // Neither run redeemed the code: it still works.
        var accepted = Accept(offer, "--yes", "--tx-code", created["tx_code"]!.GetValue<string>());
        Assert.True(accepted.ExitCode == 0, accepted.Output + accepted.Error);
        Assert.Contains("Created the wallet", accepted.Output, StringComparison.Ordinal);
        Assert.Contains("1 credential of jp.honnin.withholding_slip.1 (mdoc)", accepted.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_transaction_code_is_refused_with_the_attempts_left_and_the_wallet_stays_empty()
    {
        await using var host = await StartAsync(batchSize: 1);
        var created = await host.CreateOfferAsync("sd-jwt", batch: 1, txCode: true);
        var wrong = created["tx_code"]!.GetValue<string>() == "000000" ? "111111" : "000000";

        var run = Accept(created["offer"]!.GetValue<string>(), "--tx-code", wrong, "--yes", "--json");

        Assert.Equal(5, run.ExitCode);
        var error = Json(run.Output).GetProperty("error");
        Assert.Equal("transaction_code_wrong", error.GetProperty("code").GetString());
        Assert.Contains("4 attempt(s) left", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var list = CliRunner.Run("wallet", "list", "--wallet", Wallet, "--passphrase-file", _folder.At("pass.txt"), "--json");
        Assert.Equal(0, Json(list.Output).GetArrayLength());
    }

    [Fact]
    public async Task A_deferred_issuance_is_reported_pending_with_exit_3()
    {
        await using var host = await StartAsync(batchSize: 1);
        var created = await host.CreateOfferAsync("sd-jwt", batch: 1, txCode: false, requiresApproval: true);

        var run = Accept(created["offer"]!.GetValue<string>(), "--yes", "--wait", "1");

        Assert.True(run.ExitCode == 3, run.Output + run.Error);
        Assert.Contains("still pending", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deferred_issuance_kept_in_a_pending_file_is_collected_after_HR_approves()
    {
        await using var host = await StartAsync(batchSize: 2);
        var created = await host.CreateOfferAsync("sd-jwt", batch: 2, txCode: false, requiresApproval: true);
        var pending = _folder.At("pending.json");

        var run = Accept(created["offer"]!.GetValue<string>(), "--yes", "--pending-file", pending);
        Assert.True(run.ExitCode == 3, run.Output + run.Error);
        Assert.Contains("honnin wallet collect", run.Output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pending));
        }

        string[] collect = ["wallet", "collect", pending, "--wallet", Wallet, "--passphrase-file", _folder.At("pass.txt")];
        var early = CliRunner.Run(collect);
        Assert.True(early.ExitCode == 3, early.Output + early.Error);
        Assert.True(File.Exists(pending));

        using (var approve = await host.Admin.PostAsync($"admin/offers/{created["offer_id"]!.GetValue<string>()}/approve", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, approve.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var done = CliRunner.Run(collect);
        Assert.True(done.ExitCode == 0, done.Output + done.Error);
        Assert.Contains("2 credentials", done.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(pending));
        var list = CliRunner.Run("wallet", "list", "--wallet", Wallet, "--passphrase-file", _folder.At("pass.txt"), "--json");
        Assert.Equal(2, Json(list.Output).GetArrayLength());
    }

    [Fact]
    public async Task An_issuer_outside_the_trust_file_is_invalid_and_a_bad_offer_is_an_input_error()
    {
        await using var host = await StartAsync(batchSize: 1);
        await using var other = await StartAsync(batchSize: 1);
        var created = await host.CreateOfferAsync("mdoc", batch: 1, txCode: false);
        File.WriteAllText(_folder.At("other.pem"), other.Iaca.ExportCertificatePem());

        var untrusted = Accept(created["offer"]!.GetValue<string>(), "--yes", "--trust", _folder.At("other.pem"));
        Assert.Equal(1, untrusted.ExitCode);
        Assert.Contains("trust anchors", untrusted.Error, StringComparison.Ordinal);

        var malformed = Accept("openid-credential-offer://?nothing=here", "--yes");
        Assert.Equal(4, malformed.ExitCode);
        Assert.Contains("not a usable Credential Offer", malformed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", malformed.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
