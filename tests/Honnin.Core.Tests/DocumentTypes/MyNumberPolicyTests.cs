using Honnin.DocumentTypes;

namespace Honnin.Core.Tests.DocumentTypes;

public sealed class MyNumberPolicyTests
{
    // Check digit rule of 行政手続における特定の個人を識別するための番号の利用等に関する法律施行令 / 個人番号の指定等に関する省令 §5;
    // 123456789018 is the example number commonly used in the Digital Agency's and vendors' documentation.
    [Theory]
    [InlineData("123456789018", true)]
    [InlineData("123456789017", false)]
    [InlineData("000000000000", true)]
    [InlineData("987654321093", true)]
    [InlineData("987654321094", false)]
    [InlineData("12345678901", false)]
    [InlineData("1234567890180", false)]
    [InlineData("12345678901a", false)]
    public void Check_digit_identifies_my_numbers(string text, bool expected) =>
        Assert.Equal(expected, MyNumberPolicy.IsMyNumber(text));

    [Fact]
    public void Legal_basis_must_be_stated_in_words() =>
        Assert.Throws<ArgumentException>(() => MyNumberPolicy.AllowWithLegalBasis(" "));
}
