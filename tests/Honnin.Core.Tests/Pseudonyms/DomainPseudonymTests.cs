using Honnin.Pseudonyms;

namespace Honnin.Core.Tests.Pseudonyms;

/// <summary>The text form <c>v1.&lt;kid&gt;.&lt;base64url(tag)&gt;</c>: parsing, formatting and equality.</summary>
public sealed class DomainPseudonymTests
{
    // From the known-answer table (docs/pseudonyms.md): K1, kid k1, "emp-0001", tax.
    private const string Known = "v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4";

    [Fact]
    public void Parsing_keeps_the_parts_and_formats_back_to_the_same_text()
    {
        var pseudonym = DomainPseudonym.Parse(Known);

        Assert.Equal("k1", pseudonym.KeyId);
        Assert.Null(pseudonym.Domain);
        Assert.Equal(DomainPseudonym.TagLength, pseudonym.Tag.Length);
        Assert.Equal("88dff9ca58bc5e4472bed74bc9e75cef05f9b50bf4dbd4641501fa78992edade", Convert.ToHexStringLower(pseudonym.Tag));
        Assert.Equal(Known, pseudonym.Value);
        Assert.Equal(Known, pseudonym.ToString());
    }

    [Fact]
    public void Parsing_with_a_domain_records_it_and_equality_ignores_it()
    {
        var withDomain = DomainPseudonym.Parse(Known, PseudonymDomain.Tax);
        var without = DomainPseudonym.Parse(Known);

        Assert.Same(PseudonymDomain.Tax, withDomain.Domain);
        Assert.Equal(withDomain, without);
        Assert.True(withDomain == without);
        Assert.Equal(withDomain.GetHashCode(), without.GetHashCode());
    }

    [Theory]
    [InlineData("v1.k2.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData("v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t8")]
    [InlineData("v1.k1.jN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    public void Another_key_id_or_tag_is_another_value(string other)
    {
        Assert.NotEqual(DomainPseudonym.Parse(Known), DomainPseudonym.Parse(other));
        Assert.True(DomainPseudonym.Parse(Known) != DomainPseudonym.Parse(other));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1")]
    [InlineData("v1.")]
    [InlineData("v1.k1")]
    [InlineData("v1.k1.")]
    [InlineData("v1..iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData("V1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData("x1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData("v1.k.1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData("v1.k 1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData("v1.鍵.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData("v1.abcdefghijklmnopqrstuvwxyz0123456.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData("v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4=")]
    [InlineData("v1.k1.iN/5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData("v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t")]
    [InlineData("v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4A")]
    [InlineData("v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t5x")]
    [InlineData("v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t7")]
    [InlineData(" v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData("v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4\n")]
    public void Malformed_text_is_rejected_with_its_code(string text)
    {
        Assert.False(DomainPseudonym.TryParse(text, out var pseudonym));
        Assert.Null(pseudonym);
        var error = Assert.Throws<CredentialFormatException>(() => DomainPseudonym.Parse(text));
        Assert.Equal(PseudonymFailureCodes.Malformed, error.Code);
    }

    [Theory]
    [InlineData("v2.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData("v10.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    public void Another_version_is_reported_as_unsupported(string text)
    {
        Assert.False(DomainPseudonym.TryParse(text, PseudonymDomain.Tax, out _));
        var error = Assert.Throws<CredentialFormatException>(() => DomainPseudonym.Parse(text));
        Assert.Equal(PseudonymFailureCodes.UnsupportedVersion, error.Code);
    }

    [Fact]
    public void Error_messages_do_not_repeat_the_value()
    {
        var text = "v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t7";
        var error = Assert.Throws<CredentialFormatException>(() => DomainPseudonym.Parse(text));
        Assert.DoesNotContain("iN_5yli8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_a_programmer_error_for_parse_and_not_a_pseudonym_for_try_parse()
    {
        Assert.Throws<ArgumentNullException>(() => DomainPseudonym.Parse(null!));
        Assert.False(DomainPseudonym.TryParse(null, out _));
        Assert.False(DomainPseudonym.Parse(Known).Equals(null));
        Assert.False(DomainPseudonym.Parse(Known).Equals((object)Known));
    }
}
