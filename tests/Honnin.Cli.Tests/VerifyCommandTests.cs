using System.Security.Cryptography;
using System.Text.Json;
using Honnin.Issuer.Certificates;
using Honnin.Tests;

namespace Honnin.Cli.Tests;

/// <summary>
/// `honnin verify` on the ISO/IEC 18013-5 Annex D files that ship in samples/annex-d, as a new user would run it,
/// and on the negative twins of each.
/// </summary>
public sealed class VerifyCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("honnin-cli-").FullName;

    private static string[] AnnexDArgs(params string[] extra) =>
    [
        "verify", "--format", "mdoc",
        "--in", CliRunner.AnnexD("device-response.cbor"),
        "--transcript", CliRunner.AnnexD("session-transcript.cbor"),
        "--trust", CliRunner.AnnexD("iaca.pem"),
        "--reader-key", CliRunner.AnnexD("reader-ephemeral-key.jwk"),
        .. extra,
    ];

    private static string[] Replace(string[] args, string option, string value)
    {
        var copy = args.ToArray();
        copy[Array.IndexOf(copy, option) + 1] = value;
        return copy;
    }

    [Fact]
    public void Annex_D_response_verifies_and_prints_the_family_name()
    {
        var (code, output, error) = CliRunner.Run(AnnexDArgs("--at", "2021-01-01T00:00:00Z"));

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.StartsWith("VALID", output, StringComparison.Ordinal);
        Assert.Contains("family_name: \"Doe\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_has_the_documented_shape()
    {
        var (code, output, _) = CliRunner.Run(AnnexDArgs("--at", "2021-01-01T00:00:00Z", "--json"));

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        var document = json.RootElement.GetProperty("documents")[0];
        Assert.Equal("org.iso.18013.5.1.mDL", document.GetProperty("docType").GetString());
        Assert.Equal("Doe", document.GetProperty("elements").GetProperty("org.iso.18013.5.1").GetProperty("family_name").GetString());
    }

    [Fact]
    public void Today_the_annex_d_response_is_expired_and_exits_1()
    {
        var (code, output, _) = CliRunner.Run(AnnexDArgs("--at", "2026-11-26T00:00:00Z", "--json"));

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var codes = json.RootElement.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToArray();
        Assert.Contains("mso_expired", codes);
        Assert.Contains("certificate_expired", codes);
    }

    [Fact]
    public void An_altered_item_exits_1_with_digest_mismatch()
    {
        var hex = Convert.ToHexStringLower(File.ReadAllBytes(CliRunner.AnnexD("device-response.cbor")));
        var altered = Path.Combine(_directory, "altered.hex");
        File.WriteAllText(altered, hex.Replace("63446f65", "63446f66", StringComparison.Ordinal));

        var (code, output, _) = CliRunner.Run(Replace(AnnexDArgs("--at", "2021-01-01T00:00:00Z"), "--in", altered));

        Assert.Equal(1, code);
        Assert.Contains("digest_mismatch", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Dof", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Hex_input_is_detected()
    {
        var hexFile = Path.Combine(_directory, "response.hex");
        File.WriteAllText(hexFile, Convert.ToHexStringLower(File.ReadAllBytes(CliRunner.AnnexD("device-response.cbor"))) + "\n");

        var (code, _, _) = CliRunner.Run(Replace(AnnexDArgs("--at", "2021-01-01T00:00:00Z"), "--in", hexFile));

        Assert.Equal(0, code);
    }

    [Fact]
    public void Another_iaca_as_the_only_anchor_exits_1_with_untrusted_issuer()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = MdocCertificateFactory.CreateIaca("US", "Another IACA", key, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var path = Path.Combine(_directory, "other.pem");
        File.WriteAllText(path, other.ExportCertificatePem());

        var (code, output, _) = CliRunner.Run(Replace(AnnexDArgs("--at", "2021-01-01T00:00:00Z"), "--trust", path));

        Assert.Equal(1, code);
        Assert.Contains("untrusted_issuer", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_reader_key_exits_1_with_device_mac_invalid()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(_directory, "reader.pem");
        File.WriteAllText(path, key.ExportECPrivateKeyPem());

        var (code, output, _) = CliRunner.Run(Replace(AnnexDArgs("--at", "2021-01-01T00:00:00Z"), "--reader-key", path));

        Assert.Equal(1, code);
        Assert.Contains("device_mac_invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_transcript_exits_1_with_device_mac_invalid()
    {
        var transcript = Mdoc.SessionTranscript.ForOpenId4VpDcApi("https://example.com", "nonce", null);
        var path = Path.Combine(_directory, "transcript.cbor");
        File.WriteAllBytes(path, transcript.SessionTranscriptBytes.ToArray());

        var (code, output, _) = CliRunner.Run(Replace(AnnexDArgs("--at", "2021-01-01T00:00:00Z"), "--transcript", path));

        Assert.Equal(1, code);
        Assert.Contains("device_mac_invalid", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--in", "missing.cbor")]
    [InlineData("--trust", "missing.pem")]
    [InlineData("--reader-key", "missing.jwk")]
    [InlineData("--transcript", "missing.cbor")]
    public void Missing_files_exit_4_without_a_stack_trace(string option, string file)
    {
        var (code, output, error) = CliRunner.Run(Replace(AnnexDArgs(), option, Path.Combine(_directory, file)));

        Assert.Equal(4, code);
        Assert.Empty(output);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_key_and_certificate_files_exit_4()
    {
        var garbage = Path.Combine(_directory, "garbage");
        File.WriteAllText(garbage, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        Assert.Equal(4, CliRunner.Run(Replace(AnnexDArgs(), "--trust", garbage)).ExitCode);
        Assert.Equal(4, CliRunner.Run(Replace(AnnexDArgs(), "--reader-key", garbage)).ExitCode);
        Assert.Equal(4, CliRunner.Run(Replace(AnnexDArgs(), "--transcript", garbage)).ExitCode);
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("verify", "--format", "cbor")]
    [InlineData("verify", "--format", "mdoc", "--in", "x", "--trust", "y", "--at", "yesterday")]
    [InlineData("frobnicate")]
    public void Usage_errors_exit_2(params string[] args)
    {
        var (code, _, error) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Malformed_response_exits_1_with_the_decoder_code()
    {
        var path = Path.Combine(_directory, "trailing.cbor");
        File.WriteAllBytes(path, [.. File.ReadAllBytes(CliRunner.AnnexD("device-response.cbor")), 0x00]);

        var (code, output, _) = CliRunner.Run(Replace(AnnexDArgs(), "--in", path));

        Assert.Equal(1, code);
        Assert.Contains("cbor_trailing_bytes", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
