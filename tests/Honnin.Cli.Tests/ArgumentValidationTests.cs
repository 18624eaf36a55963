namespace Honnin.Cli.Tests;

/// <summary>Arguments are checked with plain messages: no .NET type or parameter names, no typing error taken for a value.</summary>
public sealed class ArgumentValidationTests : IDisposable
{
    private readonly CliTestFolder _folder = new();

    private static void AssertPlain(string message)
    {
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--origin", "not-a-url", "is not an https URL")]
    [InlineData("--origin", "http://verifier.example.jp", "only https")]
    [InlineData("--origin", "https://verifier.example.jp/path", "is not a web origin")]
    public void A_transcript_origin_must_be_a_web_origin(string option, string value, string expected)
    {
        var (code, _, error) = CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), option, value, "--nonce", "n");

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.At("t.cbor")));
    }

    [Fact]
    public void A_loopback_http_origin_is_accepted_for_tests()
    {
        CliTestFolder.Ok(CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "http://127.0.0.1:5071", "--nonce", "n"));
    }

    [Theory]
    [InlineData("--elements", "foo/bar", "'foo' is not a namespace of a known document type")]
    [InlineData("--elements", "jp.honnin.withholding_slip.1/foo", "'foo' is not an element of jp.honnin.withholding_slip.1")]
    [InlineData("--domains", "nonsense", "'nonsense' is not a known domain")]
    public void A_registration_names_only_known_elements_and_domains(string option, string value, string expected)
    {
        CliTestFolder.Ok(CliRunner.Run("registrar", "create", "--out", _folder.At("registrar")));
        string[] args = ["registrar", "register", "--registrar", _folder.At("registrar"), "--out", _folder.At("v"), "--name", "V", "--purpose", "p", "--elements", "jp.honnin.withholding_slip.1/tax_year", "--domains", "tax"];
        args[Array.IndexOf(args, option) + 1] = value;

        var (code, _, error) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.At("v/reader.pem")));
    }

    [Fact]
    public void A_deployment_domain_is_accepted_when_named_as_custom()
    {
        CliTestFolder.Ok(CliRunner.Run("registrar", "create", "--out", _folder.At("registrar")));

        CliTestFolder.Ok(CliRunner.Run("registrar", "register", "--registrar", _folder.At("registrar"), "--out", _folder.At("v"), "--name", "V", "--purpose", "p", "--elements", "jp.honnin.pseudonym.1/dp_pension", "--domains", "pension", "--custom-domains", "pension"));
    }

    [Fact]
    public void The_country_is_normalised_to_capitals()
    {
        CliTestFolder.Ok(CliRunner.Run("ca", "create", "--out", _folder.At("ca"), "--country", "jp"));

        Assert.Contains("C=JP", CliRunner.Run("inspect", _folder.At("ca/iaca.pem")).Output, StringComparison.Ordinal);
        Assert.Equal(2, CliRunner.Run("ca", "create", "--out", _folder.At("ca2"), "--country", "Japan").ExitCode);
    }

    [Fact]
    public void A_number_option_given_text_names_the_kind_of_value_not_a_dotnet_type()
    {
        var (code, _, error) = CliRunner.Run("key", "create", "--out", _folder.At("k.jwk"), "--count", "many");

        Assert.Equal(2, code);
        Assert.Contains("as a whole number", error, StringComparison.Ordinal);
        AssertPlain(error);
    }

    [Fact]
    public void An_empty_nonce_is_refused_without_a_parameter_name()
    {
        var (code, _, error) = CliRunner.Run("transcript", "--out", _folder.At("t.cbor"), "--origin", "https://verifier.example.jp", "--nonce", "");

        Assert.Equal(2, code);
        Assert.Contains("--nonce must not be empty", error, StringComparison.Ordinal);
        AssertPlain(error);
    }

    [Fact]
    public void Library_messages_lose_the_parameter_and_the_actual_value()
    {
        var plain = ErrorText.Plain(new ArgumentOutOfRangeException("nonce", "secret-value", "The nonce must not be empty."));

        Assert.Equal("The nonce must not be empty.", plain);
        Assert.Equal("Cannot parse argument 'x' for option '--batch' as a whole number.", ErrorText.PlainParseError("Cannot parse argument 'x' for option '--batch' as expected type 'System.Int32'."));
    }

    public void Dispose() => _folder.Dispose();
}
