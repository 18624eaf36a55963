using System.Text;
using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.Core.Tests.Jose;

/// <summary>Strict, bounded JSON parsing (RFC 8259 with duplicate member names rejected).</summary>
public sealed class StrictJsonTests
{
    private static CredentialFormatException Fails(string json, StrictJsonOptions? options = null) =>
        Assert.Throws<CredentialFormatException>(() => StrictJson.Parse(Encoding.UTF8.GetBytes(json), options));

    [Fact]
    public void Well_formed_object_parses_and_keeps_number_text()
    {
        var node = StrictJson.ParseObject("{\"a\": 1.0, \"b\": [true, null, \"M\\u00f6bius\"], \"c\": 12345678901234567890123}"u8);

        Assert.Equal("{\"a\":1.0,\"b\":[true,null,\"Möbius\"],\"c\":12345678901234567890123}", StrictJson.Serialize(node));
    }

    [Theory]
    [InlineData("{\"a\": 1, \"a\": 2}")]
    [InlineData("{\"a\": 1, \"\\u0061\": 2}")]
    [InlineData("[{\"x\": {\"a\": 1, \"a\": 1}}]")]
    public void Duplicate_member_names_are_rejected(string json)
    {
        Assert.Equal(JoseFailureCodes.DuplicateMember, Fails(json).Code);
    }

    [Theory]
    [InlineData("{} x")]
    [InlineData("{},")]
    [InlineData("[1,]")]
    [InlineData("// c\n{}")]
    [InlineData("{'a': 1}")]
    [InlineData("[\"\\ud800\"]")]
    [InlineData("{\"\\udc00\": 1}")]
    [InlineData("\uFEFF{}")]
    [InlineData("")]
    [InlineData("NaN")]
    public void Malformed_text_is_rejected(string json)
    {
        Assert.Equal(JoseFailureCodes.InvalidJson, Fails(json).Code);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        var error = Assert.Throws<CredentialFormatException>(() => StrictJson.Parse([(byte)'"', 0xC3, 0x28, (byte)'"']));
        Assert.Equal(JoseFailureCodes.InvalidJson, error.Code);
    }

    [Fact]
    public void Depth_is_bounded()
    {
        var options = new StrictJsonOptions { MaxDepth = 4 };
        Assert.NotNull(StrictJson.Parse("[[[[1]]]]"u8, options));
        Assert.Equal(JoseFailureCodes.TooDeep, Fails("[[[[[1]]]]]", options).Code);
        Assert.Equal(JoseFailureCodes.TooDeep, Fails(new string('[', 10_000) + new string(']', 10_000)).Code);
    }

    [Fact]
    public void Size_is_bounded()
    {
        Assert.Equal(JoseFailureCodes.TooLarge, Fails("\"" + new string('a', 100) + "\"", new StrictJsonOptions { MaxInputLength = 64 }).Code);
    }

    [Fact]
    public void Writing_keeps_non_ascii_and_escapes_html_sensitive_characters()
    {
        Assert.Equal("[\"山田\",\"\\u003Cb\\u003E\"]", StrictJson.Serialize(new JsonArray("山田", "<b>")));
    }
}
