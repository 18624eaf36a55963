using System.Security.Cryptography.X509Certificates;

namespace Honnin.Cli.Tests;

/// <summary>verify --trust reads what each file holds (CA certificate, pinned issuer certificate, JWK or JWK Set, PEM or DER); --vical reads IACA lists.</summary>
public sealed class VerifyTrustTests : IDisposable
{
    private readonly CliTestFolder _folder = new CliTestFolder().WithPki();

    private static string Aamva(string file) => Path.Combine(AppContext.BaseDirectory, "aamva", file);

    private string Der(string pem, string name)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(_folder.At(pem)));
        File.WriteAllBytes(_folder.At(name), certificate.RawData);
        return _folder.At(name);
    }

    private (string Response, string Transcript) PresentMdoc()
    {
        _folder.Issue("mdoc", "slip.cred");
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://employer.example.jp", "--nonce", "n-1"));
        CliTestFolder.Ok(CliRunner.Run("present", "--format", "mdoc", "--credential", _folder.At("slip.cred"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r.cbor")));
        return (_folder.At("r.cbor"), _folder.At("t.cbor"));
    }

    [Fact]
    public void An_sd_jwt_verifies_under_a_der_iaca_as_under_the_pem()
    {
        _folder.Issue("sd-jwt", "cred");
        CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--aud", "a", "--nonce", "n", "--out", _folder.At("p.txt")));

        var der = CliRunner.Run("verify", "--in", _folder.At("p.txt"), "--trust", Der("ca/iaca.pem", "iaca.der"), "--aud", "a", "--nonce", "n");

        Assert.Equal(0, der.ExitCode);
        Assert.Equal(0, CliRunner.Run("verify", "--in", _folder.At("p.txt"), "--trust", _folder.At("ca/iaca.pem"), "--aud", "a", "--nonce", "n").ExitCode);
    }

    [Fact]
    public void An_mdoc_verifies_with_its_document_signer_pinned_and_no_iaca()
    {
        var (response, transcript) = PresentMdoc();
        using var other = new CliTestFolder().WithPki();

        Assert.Equal(0, CliRunner.Run("verify", "--in", response, "--transcript", transcript, "--trust", _folder.At("ds/ds.pem")).ExitCode);
        Assert.Equal(0, CliRunner.Run("verify", "--in", response, "--transcript", transcript, "--trust", Der("ds/ds.pem", "ds.der")).ExitCode);
        var (code, output, _) = CliRunner.Run("verify", "--in", response, "--transcript", transcript, "--trust", other.At("ds/ds.pem"));
        Assert.Equal(1, code);
        Assert.Contains("untrusted_issuer", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_sd_jwt_verifies_with_its_issuer_certificate_pinned_and_no_ca()
    {
        _folder.Issue("sd-jwt", "cred");
        CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--aud", "a", "--nonce", "n", "--out", _folder.At("p.txt")));
        using var other = new CliTestFolder().WithPki();

        Assert.Equal(0, CliRunner.Run("verify", "--in", _folder.At("p.txt"), "--trust", _folder.At("ds/ds.pem"), "--aud", "a", "--nonce", "n").ExitCode);
        var (code, output, _) = CliRunner.Run("verify", "--in", _folder.At("p.txt"), "--trust", other.At("ds/ds.pem"), "--aud", "a", "--nonce", "n");
        Assert.Equal(1, code);
        Assert.Contains("untrusted_issuer", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jwk_set_is_read_as_issuer_keys_and_a_key_is_refused_for_mdoc()
    {
        var (response, transcript) = PresentMdoc();
        File.WriteAllText(_folder.At("keys.json"), """{"keys":[{"kty":"EC","crv":"P-256","x":"mf5ugw349a-cE8b2kVSnWlbleZVuKQKyfwA79uZlz5U","y":"tbohz9gmujmzdd7K9_XTPtcsBiPfJOWo28HSA3-DRaw"}]}""");

        var (code, _, error) = CliRunner.Run("verify", "--in", response, "--transcript", transcript, "--trust", _folder.At("keys.json"));

        Assert.Equal(2, code);
        Assert.Contains("mdoc issuers are trusted through certificates", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vical_needs_a_signer_or_an_explicit_unverified_choice_and_its_iacas_are_the_anchors()
    {
        var (response, transcript) = PresentMdoc();
        string[] verify = ["verify", "--in", response, "--transcript", transcript, "--vical", Aamva("vical-2025-11-18.cbor"), "--at", "2025-11-19T00:00:00Z"];

        var unsigned = CliRunner.Run(verify);
        Assert.Equal(2, unsigned.ExitCode);
        Assert.Contains("--vical-signer", unsigned.Error, StringComparison.Ordinal);

        // The list verifies under the AAMVA root; Honnin's test issuer is not on it.
        var (code, output, _) = CliRunner.Run([.. verify, "--vical-signer", Aamva("aamva-ca-root.pem")]);
        Assert.Equal(1, code);
        Assert.Contains("untrusted_issuer", output, StringComparison.Ordinal);

        var wrongSigner = CliRunner.Run([.. verify, "--vical-signer", _folder.At("ca/iaca.pem")]);
        Assert.Equal(5, wrongSigner.ExitCode);
        Assert.Contains("vical_signer_untrusted", wrongSigner.Error, StringComparison.Ordinal);

        // An unverified list, beside the test IACA, now: the response verifies under the IACA given with --trust.
        var mixed = CliRunner.Run("verify", "--in", response, "--transcript", transcript, "--vical", Aamva("vical-2025-11-18.cbor"), "--vical-unverified", "--trust", _folder.At("ca/iaca.pem"));
        Assert.Equal(0, mixed.ExitCode);
    }

    [Fact]
    public void Without_any_trust_the_tool_says_what_to_give()
    {
        var (code, _, error) = CliRunner.Run("verify", "--in", CliRunner.AnnexD("device-response.cbor"), "--transcript", CliRunner.AnnexD("session-transcript.cbor"));

        Assert.Equal(2, code);
        Assert.Contains("--trust", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_no_certificate_or_key_is_named()
    {
        File.WriteAllText(_folder.At("notes.txt"), "not a certificate");

        var (code, _, error) = CliRunner.Run("verify", "--in", CliRunner.AnnexD("device-response.cbor"), "--transcript", CliRunner.AnnexD("session-transcript.cbor"), "--trust", _folder.At("notes.txt"));

        Assert.Equal(4, code);
        Assert.Contains("notes.txt", error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
