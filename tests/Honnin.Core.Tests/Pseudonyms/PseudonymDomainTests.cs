using Honnin.Pseudonyms;

namespace Honnin.Core.Tests.Pseudonyms;

/// <summary>Domain identifiers, their syntax and the element and claim names derived from them (DESIGN.md "Per-domain pseudonyms").</summary>
public sealed class PseudonymDomainTests
{
    [Fact]
    public void The_six_built_in_domains_are_the_designs()
    {
        Assert.Equal(
            ["tax", "employment", "education", "welfare", "health", "civil_registration"],
            PseudonymDomain.BuiltIn.Select(domain => domain.Id));
        Assert.All(PseudonymDomain.BuiltIn, domain => Assert.True(domain.IsBuiltIn));
    }

    [Fact]
    public void Element_identifier_and_claim_path_follow_from_the_id()
    {
        Assert.Equal("jp.honnin.pseudonym.1", PseudonymDomain.MdocNamespace);
        Assert.Equal("dp_civil_registration", PseudonymDomain.CivilRegistration.ElementIdentifier);
        Assert.Equal("pseudonyms.civil_registration", PseudonymDomain.CivilRegistration.ClaimPath);
        Assert.Equal("dp_pension", PseudonymDomain.Create("pension").ElementIdentifier);
        Assert.Equal("pseudonyms.pension", PseudonymDomain.Create("pension").ClaimPath);
    }

    [Fact]
    public void Creating_a_built_in_id_gives_the_built_in_domain_and_a_new_id_a_custom_one()
    {
        Assert.Same(PseudonymDomain.Tax, PseudonymDomain.Create("tax"));
        var pension = PseudonymDomain.Create("pension");
        Assert.False(pension.IsBuiltIn);
        Assert.Equal(pension, PseudonymDomain.Create("pension"));
        Assert.True(pension == PseudonymDomain.Create("pension"));
        Assert.NotEqual(pension, PseudonymDomain.Tax);
        Assert.Equal(pension.GetHashCode(), PseudonymDomain.Create("pension").GetHashCode());
        Assert.Equal("pension", pension.ToString());
    }

    [Theory]
    [InlineData("a")]
    [InlineData("local_tax_2")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void Valid_ids_are_accepted(string id)
    {
        Assert.True(PseudonymDomain.IsValidId(id));
        Assert.Equal(id, PseudonymDomain.Create(id).Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Tax")]
    [InlineData("1tax")]
    [InlineData("_tax")]
    [InlineData("tax-office")]
    [InlineData("tax.office")]
    [InlineData("tax office")]
    [InlineData("ｔａｘ")]
    [InlineData("税")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public void Ids_outside_the_syntax_are_rejected(string id)
    {
        Assert.False(PseudonymDomain.IsValidId(id));
        Assert.False(PseudonymDomain.TryCreate(id, out var domain));
        Assert.Null(domain);
        Assert.Throws<ArgumentException>(() => PseudonymDomain.Create(id));
    }

    [Fact]
    public void A_null_id_is_a_programmer_error()
    {
        Assert.Throws<ArgumentNullException>(() => PseudonymDomain.Create(null!));
        Assert.False(PseudonymDomain.TryCreate(null, out _));
    }

    [Theory]
    [InlineData("dp_tax", "tax")]
    [InlineData("dp_pension", "pension")]
    public void Pseudonym_element_identifiers_name_their_domain(string elementIdentifier, string id)
    {
        Assert.True(PseudonymDomain.TryFromElementIdentifier(elementIdentifier, out var domain));
        Assert.Equal(id, domain.Id);
    }

    [Theory]
    [InlineData("pseudonyms.tax", "tax")]
    [InlineData("pseudonyms.civil_registration", "civil_registration")]
    public void Pseudonym_claim_paths_name_their_domain(string claimPath, string id)
    {
        Assert.True(PseudonymDomain.TryFromClaimPath(claimPath, out var domain));
        Assert.Equal(id, domain.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("dp_")]
    [InlineData("dp_Tax")]
    [InlineData("tax")]
    [InlineData("family_name")]
    [InlineData("pseudonyms.tax")]
    public void Other_element_identifiers_name_no_domain(string? elementIdentifier)
    {
        Assert.False(PseudonymDomain.TryFromElementIdentifier(elementIdentifier, out var domain));
        Assert.Null(domain);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pseudonyms")]
    [InlineData("pseudonyms.")]
    [InlineData("pseudonymsXtax")]
    [InlineData("pseudonyms.tax.x")]
    [InlineData("dp_tax")]
    public void Other_claim_paths_name_no_domain(string? claimPath)
    {
        Assert.False(PseudonymDomain.TryFromClaimPath(claimPath, out var domain));
        Assert.Null(domain);
    }
}
