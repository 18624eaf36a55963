using System.Security.Cryptography;

namespace Honnin.Cli.Tests;

/// <summary>Holder keys as PEM are taken wherever a JWK is: issue (public or private PEM) and present (private PEM), both formats.</summary>
public sealed class PemHolderKeyTests : IDisposable
{
    private readonly CliTestFolder _folder = new CliTestFolder().WithPki();

    public static TheoryData<string, string> Keys => new()
    {
        { "mdoc", "pkcs8-ec" },
        { "mdoc", "sec1-ec" },
        { "mdoc", "ed25519" },
        { "sd-jwt", "pkcs8-ec" },
        { "sd-jwt", "ed25519" },
    };

    /// <summary>Writes the private key and its public key as PEM.</summary>
    private void WriteKeys(string kind)
    {
        if (kind == "ed25519")
        {
            // NSec writes the PKCS#8 and SPKI PEM of its own (an independent encoder of the same formats).
            using var ed25519 = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519, new NSec.Cryptography.KeyCreationParameters { ExportPolicy = NSec.Cryptography.KeyExportPolicies.AllowPlaintextExport });
            File.WriteAllBytes(_folder.At("holder.key.pem"), ed25519.Export(NSec.Cryptography.KeyBlobFormat.PkixPrivateKeyText));
            File.WriteAllBytes(_folder.At("holder.pub.pem"), ed25519.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.PkixPublicKeyText));
            return;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(_folder.At("holder.key.pem"), kind == "sec1-ec" ? key.ExportECPrivateKeyPem() : key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(_folder.At("holder.pub.pem"), key.ExportSubjectPublicKeyInfoPem());
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_pem_holder_key_issues_presents_and_verifies(string format, string kind)
    {
        WriteKeys(kind);
        _folder.Issue(format, "cred", holderKey: "holder.pub.pem");
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://verifier.example.jp", "--nonce", "n-1"));
        string[] present = format == "mdoc"
            ? ["present", "--credential", _folder.At("cred"), "--holder-key", _folder.At("holder.key.pem"), "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("p")]
            : ["present", "--credential", _folder.At("cred"), "--holder-key", _folder.At("holder.key.pem"), "--disclose", "payment_amount", "--aud", "a", "--nonce", "n", "--out", _folder.At("p")];
        CliTestFolder.Ok(CliRunner.Run(present));

        string[] verify = format == "mdoc"
            ? ["verify", "--in", _folder.At("p"), "--transcript", _folder.At("t.cbor"), "--trust", _folder.At("ca/iaca.pem")]
            : ["verify", "--in", _folder.At("p"), "--aud", "a", "--nonce", "n", "--trust", _folder.At("ca/iaca.pem")];
        Assert.Equal(0, CliRunner.Run(verify).ExitCode);
    }

    [Fact]
    public void Issuing_to_a_private_pem_uses_its_public_half_and_another_key_cannot_present()
    {
        WriteKeys("pkcs8-ec");
        _folder.Issue("mdoc", "cred", holderKey: "holder.key.pem");
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://verifier.example.jp", "--nonce", "n-1"));

        CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred"), "--holder-key", _folder.At("holder.key.pem"), "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("p")));
        Assert.Equal(5, CliRunner.Run("present", "--credential", _folder.At("cred"), "--holder-key", _folder.At("ds/ds.key.pem"), "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("p2")).ExitCode);
    }

    [Fact]
    public void A_certificate_given_as_a_holder_key_is_named()
    {
        var (code, _, error) = CliRunner.Run("issue", "--format", "mdoc", "--type", "withholding-slip", "--claims", CliTestFolder.Claims("withholding-slip.json"), "--issuer", _folder.At("ds"), "--holder-key", _folder.At("ds/ds.pem"), "--out", _folder.At("cred"));

        Assert.Equal(4, code);
        Assert.Contains("holds a PEM 'CERTIFICATE' block", error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
