namespace Honnin.Cli.Tests;

/// <summary>Private keys and the person's credential files are written readable by their owner only.</summary>
public sealed class KeyFileModeTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _directory = Directory.CreateTempSubdirectory("honnin-mode-").FullName;

    private string At(string name) => Path.Combine(_directory, name);

    private static void Ok((int ExitCode, string Output, string Error) run) => Assert.True(run.ExitCode == 0, run.Output + run.Error);

    [Fact]
    public void Every_private_key_and_credential_file_is_mode_0600_and_certificates_stay_readable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // File modes are a Unix notion; on Windows the folder's ACL applies.
        }

        Ok(CliRunner.Run("ca", "create", "--out", At("ca")));
        Ok(CliRunner.Run("ca", "issue-ds", "--ca", At("ca"), "--out", At("ds")));
        Ok(CliRunner.Run("key", "create", "--out", At("holder.jwk")));
        Ok(CliRunner.Run("key", "create", "--out", At("holders.jwk"), "--count", "2"));
        Ok(CliRunner.Run("pseudonym-key", "create", "--out", At("pseudonym.json")));
        Ok(CliRunner.Run("registrar", "create", "--out", At("registrar")));
        Ok(CliRunner.Run("registrar", "register", "--registrar", At("registrar"), "--out", At("reader"), "--name", "Verifier", "--purpose", "p", "--elements", "jp.honnin.withholding_slip.1/payment_amount"));
        var claims = Path.Combine(AppContext.BaseDirectory, "claims", "withholding-slip.json");
        Ok(CliRunner.Run("issue", "--format", "mdoc", "--type", "withholding-slip", "--claims", claims, "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred.mdoc")));
        Ok(CliRunner.Run("issue", "--format", "sd-jwt", "--type", "withholding-slip", "--claims", claims, "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred.sdjwt")));

        foreach (var secret in new[] { "ca/iaca.key.pem", "ds/ds.key.pem", "holder.jwk", "holders.jwk", "pseudonym.json", "registrar/registrar.key.pem", "reader/reader.key.pem", "cred.mdoc", "cred.sdjwt" })
        {
            Assert.True(File.GetUnixFileMode(At(secret)) == OwnerOnly, $"{secret}: {File.GetUnixFileMode(At(secret))}");
        }

        foreach (var certificate in new[] { "ca/iaca.pem", "ds/ds.pem", "registrar/registrar.pem", "reader/reader.pem" })
        {
            Assert.True(File.GetUnixFileMode(At(certificate)).HasFlag(UnixFileMode.OtherRead), certificate);
        }
    }

    [Fact]
    public void A_credential_file_stays_0600_after_present_rewrites_its_use_counts()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Ok(CliRunner.Run("ca", "create", "--out", At("ca")));
        Ok(CliRunner.Run("ca", "issue-ds", "--ca", At("ca"), "--out", At("ds")));
        Ok(CliRunner.Run("key", "create", "--out", At("holder.jwk")));
        Ok(CliRunner.Run("transcript", "--out", At("t.cbor"), "--origin", "https://verifier.example.jp", "--nonce", "n-1"));
        Ok(CliRunner.Run("issue", "--format", "mdoc", "--type", "withholding-slip", "--claims", Path.Combine(AppContext.BaseDirectory, "claims", "withholding-slip.json"), "--issuer", At("ds"), "--holder-key", At("holder.jwk"), "--out", At("cred")));
        File.SetUnixFileMode(At("cred"), OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Ok(CliRunner.Run("present", "--format", "mdoc", "--credential", At("cred"), "--holder-key", At("holder.jwk"), "--disclose", "payment_amount", "--transcript", At("t.cbor"), "--out", At("r.cbor")));

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(At("cred")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
