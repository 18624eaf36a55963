namespace Honnin.Cli.Tests;

/// <summary>Each kind of input has its own bound: a credential file with the largest batch is not held to one DeviceResponse's.</summary>
public sealed class BatchLimitTests : IDisposable
{
    private readonly CliTestFolder _folder = new CliTestFolder().WithPki(holderKeys: 1000);

    [Fact]
    public void A_credential_file_with_the_largest_batch_is_presented_and_inspected()
    {
        _folder.Issue("mdoc", "cred", batch: 1000);
        Assert.True(new FileInfo(_folder.At("cred")).Length > 4 * 1024 * 1024, "the batch is larger than one DeviceResponse may be");
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://verifier.example.jp", "--nonce", "n-1"));

        CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r.cbor")));
        var (_, output, _) = CliTestFolder.Ok(CliRunner.Run("inspect", _folder.At("cred")));

        Assert.Contains("mdoc credential file", output, StringComparison.Ordinal);
        Assert.Contains("1000 credential(s), 999 never presented", output, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("verify", "--in", _folder.At("r.cbor"), "--transcript", _folder.At("t.cbor"), "--trust", _folder.At("ca/iaca.pem")).ExitCode);
    }

    [Fact]
    public void A_credential_file_given_where_a_response_is_expected_is_named_and_exits_4()
    {
        _folder.Issue("mdoc", "cred");
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://verifier.example.jp", "--nonce", "n-1"));

        var (code, _, error) = CliRunner.Run("verify", "--format", "mdoc", "--in", _folder.At("cred"), "--transcript", _folder.At("t.cbor"), "--trust", _folder.At("ca/iaca.pem"));

        Assert.Equal(4, code);
        Assert.Contains("is not an mdoc DeviceResponse; it holds an mdoc credential file", error, StringComparison.Ordinal);
        Assert.DoesNotContain("cbor_", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_given_as_the_credential_is_named_and_exits_4()
    {
        _folder.Issue("mdoc", "cred");
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://verifier.example.jp", "--nonce", "n-1"));
        CliTestFolder.Ok(CliRunner.Run("present", "--credential", _folder.At("cred"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r.cbor")));

        var (code, _, error) = CliRunner.Run("present", "--credential", _folder.At("r.cbor"), "--holder-key", _folder.At("holder.jwk"), "--disclose", "payment_amount", "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r2.cbor"));

        Assert.Equal(4, code);
        Assert.Contains("is not an mdoc credential file (from 'honnin issue --format mdoc'); it holds an mdoc DeviceResponse", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_kind_of_failure_has_its_own_exit_code()
    {
        _folder.Issue("mdoc", "cred");
        CliTestFolder.Ok(CliRunner.Run("key", "create", "--out", _folder.At("other.jwk")));
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://verifier.example.jp", "--nonce", "n-1"));
        string[] Present(string credential, string key, string disclose) =>
            ["present", "--credential", _folder.At(credential), "--holder-key", _folder.At(key), "--disclose", disclose, "--transcript", _folder.At("t.cbor"), "--out", _folder.At("r.cbor")];

        Assert.Equal(2, CliRunner.Run("present", "--credential", _folder.At("cred")).ExitCode); // the command line
        Assert.Equal(4, CliRunner.Run(Present("missing", "holder.jwk", "payment_amount")).ExitCode); // an input file
        Assert.Equal(5, CliRunner.Run(Present("cred", "other.jwk", "payment_amount")).ExitCode); // inputs that do not fit together
        Assert.Equal(0, CliRunner.Run(Present("cred", "holder.jwk", "payment_amount")).ExitCode);
    }

    [Fact]
    public void A_presentation_larger_than_one_may_be_is_an_input_error_not_a_decoder_code()
    {
        _folder.Issue("mdoc", "cred", batch: 1000);

        var (code, _, error) = CliRunner.Run("verify", "--format", "mdoc", "--in", _folder.At("cred"), "--transcript", _folder.At("t.cbor"), "--trust", _folder.At("ca/iaca.pem"));

        Assert.Equal(4, code);
        Assert.Contains("the limit for one presentation", error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
