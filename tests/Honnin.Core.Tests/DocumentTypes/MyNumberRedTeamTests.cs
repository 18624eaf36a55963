using Honnin.Cbor;
using Honnin.DocumentTypes;

namespace Honnin.Core.Tests.DocumentTypes;

/// <summary>My Numbers written to slip past the guard: digits of other scripts, invisible characters between digits, values nested in maps and arrays.</summary>
public sealed class MyNumberRedTeamTests
{
    [Theory]
    [InlineData("\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0668")]         // Arabic-Indic digits
    [InlineData("\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6\u06F7\u06F8\u06F9\u06F0\u06F1\u06F8")]         // Extended Arabic-Indic
    [InlineData("\u0967\u0968\u0969\u096A\u096B\u096C\u096D\u096E\u096F\u0966\u0967\u096E")]         // Devanagari
    [InlineData("𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗𝟎𝟏𝟖")]                                                                     // mathematical bold digits
    [InlineData("1234\u200B5678\u200B9018")]                                                          // zero-width space
    [InlineData("1\u200D2\u200D3\u200D4\u200D5\u200D6\u200D7\u200D8\u200D9\u200D0\u200D1\u200D8")]    // zero-width joiners
    [InlineData("1234\u00AD5678\u00AD9018")]                                                          // soft hyphens
    [InlineData("\uFEFF123456789018")]                                                                // byte order mark
    [InlineData("個人番号:1234\u20605678\u20609018")]                                                  // word joiner, inside text
    public void A_my_number_in_other_digits_or_with_invisible_characters_is_found(string text) =>
        Assert.True(MyNumberPolicy.ContainsMyNumber(text));

    [Theory]
    [InlineData("\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0667")]         // wrong check digit
    [InlineData("1234\u200B5678\u200B9017")]
    [InlineData("支払金額 5,000,000 円")]
    public void Numbers_that_are_not_my_numbers_stay_allowed(string text) =>
        Assert.False(MyNumberPolicy.ContainsMyNumber(text));

    [Fact]
    public void A_my_number_nested_in_maps_and_arrays_is_refused_at_issuance()
    {
        var type = HonninDocumentTypes.WithholdingSlip;
        var nested = new CborArray(CborMap.FromText(("full_name", new CborTextString("山田 花子")), ("category", new CborTextString("spouse")), ("note", new CborArray(CborMap.FromText(("n", new CborTextString("\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0668")))))));
        var claims = new DocumentClaims().Add(HonninDocumentTypes.WithholdingSlipDocType, "dependents_list", nested);

        Assert.Contains(claims.Validate(type), p => p.Code == ClaimProblemCodes.MyNumberRefused);
    }
}
