using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Honnin.Cli.Tests;

/// <summary>
/// <c>honnin wallet</c> and <c>present --wallet</c>: a wallet that lasts between runs, encrypted under a passphrase.
/// The passphrase comes from a file here; the tests that set <c>HONNIN_WALLET_PASSPHRASE</c> live in this class only
/// (xunit runs one class's tests one after another), so no other test sees it.
/// </summary>
public sealed class WalletCommandTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly CliTestFolder _folder = new CliTestFolder().WithPki(holderKeys: 3);

    public WalletCommandTests()
    {
        File.WriteAllText(_folder.At("pass.txt"), Passphrase + "\n");
        File.WriteAllText(_folder.At("wrong.txt"), "not the passphrase\n");
    }

    private string Wallet => _folder.At("wallet.db");

    private static (int ExitCode, string Output, string Error) Ok((int ExitCode, string Output, string Error) run) => CliTestFolder.Ok(run);

    private static JsonElement Json((int ExitCode, string Output, string Error) run)
    {
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        using var document = JsonDocument.Parse(run.Output);
        return document.RootElement.Clone();
    }

    /// <summary>Runs a wallet command (or present) on <see cref="Wallet"/> with the passphrase file.</summary>
    private (int ExitCode, string Output, string Error) OnWallet(params string[] args) =>
        CliRunner.Run([.. args, "--wallet", Wallet, "--passphrase-file", _folder.At("pass.txt")]);

    private JsonElement Import(string credential) => Json(OnWallet("wallet", "import", "--credential", _folder.At(credential), "--holder-key", _folder.At("holder.jwk"), "--json"));

    private void Transcript(string name = "t.cbor", string origin = "https://verifier.example.jp") =>
        Ok(CliRunner.Run("transcript", "--out", _folder.At(name), "--origin", origin, "--nonce", "n-1"));

    [Fact]
    public void An_mdoc_batch_and_an_sd_jwt_credential_are_imported_listed_presented_and_logged_without_values()
    {
        _folder.Issue("mdoc", "slip.mdoc", batch: 3).Issue("sd-jwt", "slip.sdjwt");
        Transcript();

        var mdoc = Import("slip.mdoc");
        var sdJwt = Import("slip.sdjwt");

        Assert.True(mdoc.GetProperty("created").GetBoolean());
        Assert.Equal(3, mdoc.GetProperty("credentials").GetInt32());
        Assert.Equal("jp.honnin.withholding_slip.1", mdoc.GetProperty("docType").GetString());
        Assert.False(string.IsNullOrEmpty(mdoc.GetProperty("batch").GetString()));
        Assert.Equal(3, mdoc.GetProperty("holderKeys").GetInt32());
        Assert.False(sdJwt.GetProperty("created").GetBoolean());
        Assert.Equal("sd-jwt", sdJwt.GetProperty("format").GetString());
        Assert.Equal(JsonValueKind.Null, sdJwt.GetProperty("batch").ValueKind);
        Assert.Equal(0, sdJwt.GetProperty("newHolderKeys").GetInt32());

        // The wallet holds both formats, so --format says which to present.
        for (var i = 1; i <= 2; i++)
        {
            var (_, output, _) = Ok(OnWallet("present", "--format", "mdoc", "--disclose", "payment_amount,family_name", "--transcript", _folder.At("t.cbor"), "--out", _folder.At($"r{i}.cbor")));
            Assert.Contains($"{3 - i} of the batch's 3 left unused", output, StringComparison.Ordinal);
            Ok(CliRunner.Run("verify", "--in", _folder.At($"r{i}.cbor"), "--transcript", _folder.At("t.cbor"), "--trust", _folder.At("ca/iaca.pem")));
        }

        Ok(OnWallet("present", "--format", "sd-jwt", "--disclose", "payment_amount", "--aud", "https://verifier.example.jp", "--nonce", "n-2", "--out", _folder.At("p.txt")));
        Ok(CliRunner.Run("verify", "--in", _folder.At("p.txt"), "--aud", "https://verifier.example.jp", "--nonce", "n-2", "--trust", _folder.At("ca/iaca.pem")));
        Assert.NotEqual(File.ReadAllBytes(_folder.At("r1.cbor")), File.ReadAllBytes(_folder.At("r2.cbor")));

        var list = Json(OnWallet("wallet", "list", "--json"));
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Equal(4, list.GetArrayLength());
        var mdocUses = list.EnumerateArray().Where(c => c.GetProperty("format").GetString() == "mdoc").Select(c => c.GetProperty("uses").GetInt32()).Order().ToList();
        Assert.Equal([0, 1, 1], mdocUses);
        Assert.All(list.EnumerateArray(), c => Assert.EndsWith("Z", c.GetProperty("validUntil").GetString(), StringComparison.Ordinal));
        Assert.Equal(1, list.EnumerateArray().Single(c => c.GetProperty("format").GetString() == "sd-jwt").GetProperty("uses").GetInt32());

        var log = Json(OnWallet("wallet", "log", "--json"));
        var records = log.GetProperty("presentations").EnumerateArray().ToList();
        Assert.Equal(3, records.Count);
        Assert.All(records.Take(2), r => Assert.Equal(
            ["jp.honnin.withholding_slip.1/payment_amount", "org.iso.23220.1/family_name"],
            r.GetProperty("elements").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal)));
        Assert.NotEqual(records[0].GetProperty("credentialId").GetString(), records[1].GetProperty("credentialId").GetString());
        Assert.False(records[0].GetProperty("verifier").GetProperty("verified").GetBoolean());
        Assert.Equal(0, log.GetProperty("stopped").GetArrayLength());

        var text = Ok(OnWallet("wallet", "log")).Output + Ok(OnWallet("wallet", "list")).Output;
        Assert.Contains("3 presentations from the wallet", text, StringComparison.Ordinal);
        Assert.Contains("used once", text, StringComparison.Ordinal);
        foreach (var value in new[] { "5800000", "山田", "太郎", "1985-04-01" })
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_stopped_verifier_is_refused_until_the_person_resumes()
    {
        _folder.Issue("mdoc", "slip.mdoc", batch: 3);
        Import("slip.mdoc");
        Ok(CliRunner.Run("registrar", "create", "--out", _folder.At("registrar")));
        Ok(CliRunner.Run("registrar", "register", "--registrar", _folder.At("registrar"), "--out", _folder.At("employer"), "--name", "New Employer", "--domains", "employment", "--purpose", "year-end adjustment", "--elements", "jp.honnin.withholding_slip.1/payment_amount"));
        Transcript(origin: "https://employer.example.jp");
        Ok(CliRunner.Run("request", "--format", "mdoc", "--type", "withholding-slip", "--elements", "payment_amount", "--reader", _folder.At("employer"), "--transcript", _folder.At("t.cbor"), "--out", _folder.At("request.cbor")));
        string[] present = ["present", "--request", _folder.At("request.cbor"), "--trust-registrar", _folder.At("registrar/registrar.pem"), "--transcript", _folder.At("t.cbor")];

        Ok(OnWallet([.. present, "--out", _folder.At("r1.cbor")]));
        var log = Ok(OnWallet("wallet", "log")).Output;
        Assert.Contains("to CN=New Employer (verified; registered for the purpose: year-end adjustment; client id x509_hash:", log, StringComparison.Ordinal);

        var stop = Json(OnWallet("wallet", "stop", "New Employer", "--json"));
        Assert.True(stop.GetProperty("inLog").GetBoolean());
        var (code, output, error) = OnWallet([.. present, "--out", _folder.At("r2.cbor")]);

        Assert.Equal(5, code);
        Assert.Contains("the person stopped sharing with this verifier: nothing is released", output, StringComparison.Ordinal);
        Assert.Contains("stopped sharing with New Employer; nothing was presented", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.At("r2.cbor")));
        Assert.Equal("New Employer", Json(OnWallet("wallet", "log", "--json")).GetProperty("stopped")[0].GetProperty("verifier").GetString());
        Assert.Equal(2, Json(OnWallet("wallet", "list", "--json")).EnumerateArray().Count(c => c.GetProperty("uses").GetInt32() == 0));

        Assert.Equal(5, OnWallet("wallet", "resume", "Someone Else").ExitCode);
        Assert.False(Json(OnWallet("wallet", "resume", "New Employer", "--json")).GetProperty("stopped").GetBoolean());
        Ok(OnWallet([.. present, "--out", _folder.At("r3.cbor")]));
    }

    [Fact]
    public void A_wrong_passphrase_is_refused_and_changes_nothing()
    {
        _folder.Issue("mdoc", "slip.mdoc");
        Transcript();
        Import("slip.mdoc");
        var before = File.ReadAllBytes(Wallet);

        foreach (var args in new[]
        {
            new[] { "wallet", "list" },
            ["wallet", "stop", "Anyone"],
            ["present", "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r.cbor")],
            ["wallet", "import", "--credential", _folder.At("slip.mdoc"), "--holder-key", _folder.At("holder.jwk")],
        })
        {
            var (code, _, error) = CliRunner.Run([.. args, "--wallet", Wallet, "--passphrase-file", _folder.At("wrong.txt")]);
            Assert.Equal(5, code);
            Assert.Equal("error: The passphrase does not open this wallet.", error.Trim());
        }

        Assert.False(File.Exists(_folder.At("r.cbor")));
        Assert.Equal(before, File.ReadAllBytes(Wallet));
        var listed = Json(OnWallet("wallet", "list", "--json"));
        Assert.Equal(0, listed[0].GetProperty("uses").GetInt32());
        Assert.Equal(0, Json(OnWallet("wallet", "log", "--json")).GetProperty("stopped").GetArrayLength());
    }

    [Fact]
    public async Task Accepting_an_offer_into_an_imported_wallet_takes_the_passphrase_from_the_environment()
    {
        _folder.Issue("sd-jwt", "slip.sdjwt");
        Import("slip.sdjwt");
        await using var host = await Honnin.Tests.Services.IssuerHost.StartAsync(o => o with { MaxBatchSize = 2 });
        var created = await host.CreateOfferAsync("mdoc", batch: 2, txCode: false);
        var previous = Environment.GetEnvironmentVariable("HONNIN_WALLET_PASSPHRASE");
        try
        {
            Environment.SetEnvironmentVariable("HONNIN_WALLET_PASSPHRASE", Passphrase);
            var (_, output, _) = Ok(CliRunner.Run("wallet", "accept", created["offer"]!.GetValue<string>(), "--wallet", Wallet, "--yes"));
            Assert.Contains("Added to the wallet", output, StringComparison.Ordinal);

            var list = Json(CliRunner.Run("wallet", "list", "--wallet", Wallet, "--json"));
            Assert.Equal(3, list.GetArrayLength());
            Assert.Equal(2, list.EnumerateArray().Count(c => c.GetProperty("format").GetString() == "mdoc"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("HONNIN_WALLET_PASSPHRASE", previous);
        }
    }

    [Fact]
    public void The_passphrase_comes_from_the_environment_or_a_file_and_the_file_wins()
    {
        _folder.Issue("mdoc", "slip.mdoc");
        Import("slip.mdoc");
        var previous = Environment.GetEnvironmentVariable("HONNIN_WALLET_PASSPHRASE");
        try
        {
            Environment.SetEnvironmentVariable("HONNIN_WALLET_PASSPHRASE", null);
            var (code, _, error) = CliRunner.Run("wallet", "list", "--wallet", Wallet);
            Assert.Equal(2, code);
            Assert.Contains("set HONNIN_WALLET_PASSPHRASE, or give --passphrase-file FILE", error, StringComparison.Ordinal);
            var usage = CliRunner.Run("wallet", "log", "--wallet", Wallet, "--json");
            Assert.Equal(2, usage.ExitCode);
            using (var json = JsonDocument.Parse(usage.Output))
            {
                Assert.Equal("usage", json.RootElement.GetProperty("error").GetProperty("code").GetString());
            }

            Environment.SetEnvironmentVariable("HONNIN_WALLET_PASSPHRASE", Passphrase);
            Ok(CliRunner.Run("wallet", "list", "--wallet", Wallet));

            Environment.SetEnvironmentVariable("HONNIN_WALLET_PASSPHRASE", "not the passphrase");
            Assert.Equal(5, CliRunner.Run("wallet", "list", "--wallet", Wallet).ExitCode);
            Ok(CliRunner.Run("wallet", "list", "--wallet", Wallet, "--passphrase-file", _folder.At("pass.txt")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("HONNIN_WALLET_PASSPHRASE", previous);
        }

        // Only the first line counts, without its line ending.
        File.WriteAllText(_folder.At("crlf.txt"), Passphrase + "\r\nsecond line\r\n");
        Ok(CliRunner.Run("wallet", "list", "--wallet", Wallet, "--passphrase-file", _folder.At("crlf.txt")));
        File.WriteAllText(_folder.At("blank.txt"), "\n" + Passphrase);
        Assert.Equal(4, CliRunner.Run("wallet", "list", "--wallet", Wallet, "--passphrase-file", _folder.At("blank.txt")).ExitCode);
    }

    [Fact]
    public void Only_import_creates_a_wallet()
    {
        Transcript();
        foreach (var args in new[]
        {
            new[] { "wallet", "list" },
            ["wallet", "log"],
            ["wallet", "stop", "Anyone"],
            ["wallet", "resume", "Anyone"],
            ["present", "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r.cbor")],
        })
        {
            var (code, _, error) = OnWallet(args);
            Assert.Equal(4, code);
            Assert.Contains($"There is no wallet at '{Wallet}'; create one with 'honnin wallet import'", error, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Wallet));
    }

    [Fact]
    public void A_file_that_is_not_a_wallet_is_refused_and_left_unchanged()
    {
        _folder.Issue("mdoc", "slip.mdoc");
        File.WriteAllBytes(_folder.At("random.db"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
        File.WriteAllBytes(_folder.At("fake.db"), [.. "SQLite format 3\0"u8.ToArray(), .. new byte[200]]);
        using (var connection = new SqliteConnection($"Data Source={_folder.At("other.db")};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')";
            create.ExecuteNonQuery();
        }

        foreach (var (file, expected) in new[]
        {
            ("slip.mdoc", "is not a wallet (not an SQLite database); it holds an mdoc credential file"),
            ("random.db", "is not a wallet (not an SQLite database)"),
            ("fake.db", "is not a wallet, or it is damaged"),
            ("other.db", "is an SQLite database, but not a Honnin wallet"),
        })
        {
            var path = _folder.At(file);
            var before = File.ReadAllBytes(path);
            foreach (var args in new[] { new[] { "wallet", "list" }, ["wallet", "import", "--credential", _folder.At("slip.mdoc"), "--holder-key", _folder.At("holder.jwk")] })
            {
                var (code, output, error) = CliRunner.Run([.. args, "--wallet", path, "--passphrase-file", _folder.At("pass.txt"), "--json"]);
                Assert.True(code == 4, file + ": " + output + error);
                using var json = JsonDocument.Parse(output);
                Assert.Contains(expected, json.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
                Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
            }

            Assert.Equal(before, File.ReadAllBytes(path));
        }

        Assert.Equal(4, CliRunner.Run("present", "--credential", _folder.At("other.db"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--transcript", _folder.At("slip.mdoc"), "--out", _folder.At("r")).ExitCode);
    }

    [Fact]
    public void The_wallet_file_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // File modes are a Unix notion; on Windows the folder's ACL applies.
        }

        _folder.Issue("sd-jwt", "slip.sdjwt");
        Import("slip.sdjwt");

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Wallet));
        foreach (var beside in new[] { Wallet + "-wal", Wallet + "-shm" }.Where(File.Exists))
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(beside));
        }

        // A wallet whose mode was widened is narrowed again when it is opened.
        File.SetUnixFileMode(Wallet, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Ok(OnWallet("wallet", "list"));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Wallet));
    }

    [Fact]
    public void Import_refuses_a_credential_bound_to_another_key_and_stores_nothing()
    {
        _folder.Issue("mdoc", "slip.mdoc", batch: 2);
        Ok(CliRunner.Run("key", "create", "--out", _folder.At("other.jwk")));

        var (code, _, error) = OnWallet("wallet", "import", "--credential", _folder.At("slip.mdoc"), "--holder-key", _folder.At("other.jwk"));

        Assert.Equal(5, code);
        Assert.Contains("Credential 1 of 2", error, StringComparison.Ordinal);
        Assert.Contains("nothing was imported", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Wallet));

        Import("slip.mdoc");
        var again = OnWallet("wallet", "import", "--credential", _folder.At("slip.mdoc"), "--holder-key", _folder.At("holder.jwk"));
        Assert.Equal(5, again.ExitCode);
        Assert.Contains("already in the wallet", again.Error, StringComparison.Ordinal);
        Assert.Equal(2, Json(OnWallet("wallet", "list", "--json")).GetArrayLength());
    }

    [Fact]
    public void Import_keeps_the_uses_a_credential_file_records()
    {
        _folder.Issue("mdoc", "slip.mdoc", batch: 2);
        Transcript();
        Ok(CliRunner.Run("present", "--credential", _folder.At("slip.mdoc"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r0.cbor")));

        Import("slip.mdoc");
        Assert.Equal([0, 1], Json(OnWallet("wallet", "list", "--json")).EnumerateArray().Select(c => c.GetProperty("uses").GetInt32()).Order());

        // One unused credential is left; the next presentation takes it, the one after warns that it is linkable.
        Assert.DoesNotContain("warning", Ok(OnWallet("present", "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r1.cbor"))).Error, StringComparison.Ordinal);
        Assert.Contains("was presented before", Ok(OnWallet("present", "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r2.cbor"))).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Present_takes_a_credential_file_or_a_wallet_and_a_type_when_the_wallet_holds_several()
    {
        _folder.Issue("mdoc", "slip.mdoc");
        Ok(CliRunner.Run("issue", "--format", "mdoc", "--type", "enrollment-certificate", "--claims", CliTestFolder.Claims("enrollment-certificate.json"), "--issuer", _folder.At("ds"), "--holder-key", _folder.At("holder.jwk"), "--out", _folder.At("school.mdoc")));
        Transcript();
        Import("slip.mdoc");
        Import("school.mdoc");
        string[] disclose = ["present", "--disclose", "school_name", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r.cbor")];

        Assert.Equal(2, OnWallet([.. disclose, "--credential", _folder.At("slip.mdoc")]).ExitCode);
        Assert.Equal(2, CliRunner.Run(disclose).ExitCode);
        Assert.Equal(2, CliRunner.Run([.. disclose, "--credential", _folder.At("slip.mdoc")]).ExitCode);
        var (code, _, error) = OnWallet(disclose);
        Assert.Equal(2, code);
        Assert.Contains("several types", error, StringComparison.Ordinal);

        var presented = Json(OnWallet([.. disclose, "--type", "enrollment-certificate", "--json"]));

        Assert.Equal("jp.honnin.enrollment_certificate.1", presented.GetProperty("docType").GetString());
        Assert.Equal(Wallet, presented.GetProperty("wallet").GetString());
        Assert.False(string.IsNullOrEmpty(presented.GetProperty("credentialId").GetString()));
        Assert.Equal("jp.honnin.enrollment_certificate.1/school_name", presented.GetProperty("disclosed")[0].GetString());
    }

    public void Dispose() => _folder.Dispose();
}
