using Honnin.Pseudonyms;

namespace Honnin.Core.Tests.Pseudonyms;

/// <summary>What a subject reference may be: never a My Number (番号法 §20), never empty, at most 256 UTF-8 bytes.</summary>
public sealed class SubjectReferenceTests
{
    private static readonly byte[] Secret = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    // 123456789018 and 987654321093 are valid My Numbers (check digit per 個人番号の指定等に関する省令 §5; also in MyNumberPolicyTests).
    [Theory]
    [InlineData("123456789018")]
    [InlineData("987654321093")]
    [InlineData("1234 5678 9018")]
    [InlineData("1234-5678-9018")]
    [InlineData("１２３４５６７８９０１８")]
    [InlineData("１２３４　５６７８　９０１８")]
    public void A_my_number_is_refused_and_the_message_does_not_repeat_it(string subjectRef)
    {
        using var key = PseudonymKey.Import("k1", Secret);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));

        var error = Assert.Throws<ArgumentException>(() => authority.Derive(subjectRef, PseudonymDomain.Tax));
        Assert.Equal("subjectRef", error.ParamName);
        Assert.DoesNotContain("5678", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("５６７８", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => authority.DeriveMany(subjectRef, [PseudonymDomain.Tax]));
        Assert.Throws<ArgumentException>(() => new IssuerLocalPseudonyms(PseudonymKeyRing.Create(key)).Derive(subjectRef, PseudonymDomain.Tax));
        Assert.False(DomainPseudonym.IsValidSubjectRef(subjectRef));
    }

    [Theory]
    [InlineData("123456789017")]
    [InlineData("1234567890180")]
    [InlineData("emp:123456789018")]
    [InlineData("12345678901")]
    public void Twelve_digits_without_a_valid_check_digit_and_prefixed_references_are_accepted(string subjectRef)
    {
        using var key = PseudonymKey.Import("k1", Secret);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));

        Assert.StartsWith("v1.k1.", authority.Derive(subjectRef, PseudonymDomain.Tax).Value, StringComparison.Ordinal);
        Assert.True(DomainPseudonym.IsValidSubjectRef(subjectRef));
    }

    [Fact]
    public void Empty_and_null_references_are_refused()
    {
        using var key = PseudonymKey.Import("k1", Secret);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));

        Assert.Throws<ArgumentException>(() => authority.Derive("", PseudonymDomain.Tax));
        Assert.Throws<ArgumentNullException>(() => authority.Derive(null!, PseudonymDomain.Tax));
        Assert.Throws<ArgumentNullException>(() => authority.Derive("emp-0001", null!));
    }

    [Fact]
    public void References_up_to_256_utf8_bytes_are_accepted_and_longer_ones_refused()
    {
        using var key = PseudonymKey.Import("k1", Secret);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));

        authority.Derive(new string('x', 256), PseudonymDomain.Tax);
        authority.Derive(new string('本', 85) + "x", PseudonymDomain.Tax);
        Assert.Throws<ArgumentException>(() => authority.Derive(new string('x', 257), PseudonymDomain.Tax));
        Assert.Throws<ArgumentException>(() => authority.Derive(new string('本', 86), PseudonymDomain.Tax));
        Assert.Throws<ArgumentException>(() => authority.Derive(new string('x', 100_000), PseudonymDomain.Tax));
        Assert.True(DomainPseudonym.IsValidSubjectRef(new string('x', 256)));
        Assert.False(DomainPseudonym.IsValidSubjectRef(new string('x', 257)));
        Assert.False(DomainPseudonym.IsValidSubjectRef(""));
        Assert.False(DomainPseudonym.IsValidSubjectRef("emp\uD800"));
        Assert.Throws<ArgumentNullException>(() => DomainPseudonym.IsValidSubjectRef(null!));
    }

    [Fact]
    public void Lone_surrogates_are_refused_rather_than_replaced()
    {
        // Both would become U+FFFD in UTF-8 and so give the same pseudonym.
        using var key = PseudonymKey.Import("k1", Secret);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));

        Assert.Throws<ArgumentException>(() => authority.Derive("emp\uD800", PseudonymDomain.Tax));
        Assert.Throws<ArgumentException>(() => authority.Derive("emp\uDC00", PseudonymDomain.Tax));
        Assert.StartsWith("v1.", authority.Derive("emp\uD83D\uDE00", PseudonymDomain.Tax).Value, StringComparison.Ordinal);
    }
}
