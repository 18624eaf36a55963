using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Honnin.Jose;

namespace Honnin.Core.Tests.Jose;

/// <summary>Strict unpadded base64url (RFC 7515 §2 / RFC 4648 §5).</summary>
public sealed class Base64UrlEncodingTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("Zg", "66")]
    [InlineData("Zm8", "666f")]
    [InlineData("Zm9v", "666f6f")]
    [InlineData("-_8", "fbff")]
    public void Rfc_4648_style_values_decode(string text, string hex)
    {
        Assert.Equal(hex, Convert.ToHexStringLower(Base64UrlEncoding.Decode(text)));
        Assert.Equal(text, Base64UrlEncoding.Encode(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData("Zg==")]
    [InlineData("Zg=")]
    [InlineData("Z g")]
    [InlineData("Zg\n")]
    [InlineData("+/8")]
    [InlineData("Zh")]
    [InlineData("Zm9")]
    [InlineData("Z")]
    [InlineData("Zm9vY")]
    public void Padding_whitespace_standard_alphabet_and_non_canonical_tails_are_rejected(string text)
    {
        Assert.False(Base64UrlEncoding.TryDecode(text, out _));
        var error = Assert.Throws<CredentialFormatException>(() => Base64UrlEncoding.Decode(text));
        Assert.Equal(JoseFailureCodes.InvalidBase64Url, error.Code);
    }

    [Property(MaxTest = 300, Replay = "(7331,1021)")]
    public Property Encoding_round_trips_and_is_the_only_accepted_form(byte[] data)
    {
        var text = Base64UrlEncoding.Encode(data);
        return (Base64UrlEncoding.TryDecode(text, out var decoded) && decoded.AsSpan().SequenceEqual(data)
            && !text.Contains('=', StringComparison.Ordinal)).ToProperty();
    }
}
