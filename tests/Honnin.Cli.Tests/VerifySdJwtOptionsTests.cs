using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.Cli.Tests;

/// <summary>verify --format sd-jwt: the KB-JWT age, key binding required or optional, the legacy typ, and the hint for old presentations.</summary>
public sealed class VerifySdJwtOptionsTests : IDisposable
{
    private readonly CliTestFolder _folder = new CliTestFolder().WithPki();

    private string Present()
    {
        _folder.Issue("sd-jwt", "cred");
        CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--aud", "a", "--nonce", "n", "--out", _folder.At("p.txt")));
        return _folder.At("p.txt");
    }

    private static string Later(TimeSpan after) => DateTimeOffset.UtcNow.Add(after).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void An_old_presentation_fails_with_a_hint_at_at_and_verifies_with_a_longer_kb_max_age()
    {
        var presentation = Present();
        string[] verify = ["verify", "--in", presentation, "--trust", _folder.At("ca/iaca.pem"), "--aud", "a", "--nonce", "n", "--at", Later(TimeSpan.FromMinutes(30))];

        var (code, output, error) = CliRunner.Run(verify);
        Assert.Equal(1, code);
        Assert.Contains("kb_jwt_iat_outside_window", output, StringComparison.Ordinal);
        Assert.Contains("hint: the presentation was made at ", error, StringComparison.Ordinal);
        Assert.Contains("--kb-max-age", error, StringComparison.Ordinal);

        Assert.Equal(0, CliRunner.Run([.. verify, "--kb-max-age", "1h"]).ExitCode);
        Assert.Equal(1, CliRunner.Run([.. verify, "--kb-max-age", "10m"]).ExitCode);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("2d")]
    [InlineData("five minutes")]
    public void A_kb_max_age_out_of_bounds_or_not_a_duration_is_a_usage_error(string age)
    {
        var (code, _, error) = CliRunner.Run("verify", "--in", CliRunner.AnnexD("device-response.cbor"), "--trust", _folder.At("ca/iaca.pem"), "--kb-max-age", age);

        Assert.Equal(2, code);
        Assert.Contains("--kb-max-age", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_credential_as_issued_verifies_with_optional_key_binding_and_not_without_it()
    {
        _folder.Issue("sd-jwt", "cred");
        using (var file = JsonDocument.Parse(File.ReadAllText(_folder.At("cred"))))
        {
            File.WriteAllText(_folder.At("issued.txt"), file.RootElement.GetProperty("credentials")[0].GetProperty("sdJwt").GetString());
        }

        Assert.Equal(2, CliRunner.Run("verify", "--in", _folder.At("issued.txt"), "--trust", _folder.At("ca/iaca.pem")).ExitCode);
        var (code, output, _) = CliRunner.Run("verify", "--in", _folder.At("issued.txt"), "--trust", _folder.At("ca/iaca.pem"), "--key-binding", "optional");
        Assert.Equal(0, code);
        Assert.StartsWith("VALID", output, StringComparison.Ordinal);

        // A presentation with key binding still needs its audience and nonce to be checked.
        var presentation = Present();
        Assert.Equal(2, CliRunner.Run("verify", "--in", presentation, "--trust", _folder.At("ca/iaca.pem"), "--key-binding", "optional").ExitCode);
        Assert.Equal(0, CliRunner.Run("verify", "--in", presentation, "--trust", _folder.At("ca/iaca.pem"), "--key-binding", "optional", "--aud", "a", "--nonce", "n").ExitCode);
        Assert.Equal(1, CliRunner.Run("verify", "--in", presentation, "--trust", _folder.At("ca/iaca.pem"), "--key-binding", "optional", "--aud", "a", "--nonce", "other").ExitCode);
    }

    [Fact]
    public async Task The_legacy_typ_is_accepted_only_with_accept_legacy_typ()
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(_folder.At("ds/ds.pem")));
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(_folder.At("ds/ds.key.pem")));
        using var signer = Crypto.SoftwareSigner.FromECDsa(key);
        var claims = new JsonObject
        {
            ["iss"] = "urn:honnin:issuer:" + Uri.EscapeDataString(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)),
            ["vct"] = "urn:honnin:jp:withholding-slip:1",
            ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["tax_year"] = 2025,
        };
        var builder = new Issuer.SdJwt.SdJwtBuilder(claims) { Type = "vc+sd-jwt" }.MakeDisclosable("tax_year");
        builder.WithHeader("x5c", new JsonArray(Convert.ToBase64String(certificate.RawData)));
        File.WriteAllText(_folder.At("legacy.txt"), (await builder.BuildAsync(signer)).Serialize());
        string[] verify = ["verify", "--in", _folder.At("legacy.txt"), "--trust", _folder.At("ca/iaca.pem"), "--key-binding", "optional"];

        var refused = CliRunner.Run(verify);
        var accepted = CliRunner.Run([.. verify, "--accept-legacy-typ"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("typ", refused.Output, StringComparison.Ordinal);
        Assert.True(accepted.ExitCode == 0, accepted.Output + accepted.Error);
    }

    public void Dispose() => _folder.Dispose();
}
