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

    [Theory]
    [InlineData("１２３４５６７８９０１８", true)]                     // full-width digits
    [InlineData("個人番号:123456789018", true)]                       // inside text
    [InlineData("摘要: 個人番号 1234 5678 9018 (本人)", true)]        // grouped, inside text
    [InlineData("番号は１２３４−５６７８−９０１８です", true)]         // full-width digits and dashes
    [InlineData("2024 1234-5678-9018", true)]                         // a group in front does not hide it
    [InlineData("1234 5678 9018 0000", true)]                         // nor a group behind
    [InlineData("個人番号 1234.5678.9018", true)]                      // dots between groups
    [InlineData("1234/5678/9018", true)]                               // slashes between groups
    [InlineData("1234・5678・9018", true)]                              // katakana middle dots
    [InlineData("5000.00", false)]                                     // an amount with a decimal point
    [InlineData("1234567890180", false)]                              // 13 digits: a different number (法人番号 length)
    [InlineData("tel 03-1234-5678", false)]
    [InlineData("123456789017", false)]                               // wrong check digit
    [InlineData("支払金額 5,000,000 円", false)]
    [InlineData("", false)]
    public void My_numbers_are_found_anywhere_in_a_text(string text, bool expected) =>
        Assert.Equal(expected, MyNumberPolicy.ContainsMyNumber(text));

    [Fact]
    public void Legal_basis_must_be_stated_in_words() =>
        Assert.Throws<ArgumentException>(() => MyNumberPolicy.AllowWithLegalBasis(" "));
}
