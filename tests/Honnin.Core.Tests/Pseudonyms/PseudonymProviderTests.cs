using Honnin.Pseudonyms;

namespace Honnin.Core.Tests.Pseudonyms;

/// <summary>The authority and issuer-local providers: several domains at once, the async interface, and who gets which value.</summary>
public sealed class PseudonymProviderTests
{
    private static readonly byte[] K1 = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly byte[] K2 = Convert.FromHexString("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");

    [Fact]
    public void Derive_many_gives_one_value_per_domain_equal_to_single_derivations()
    {
        using var key = PseudonymKey.Import("k1", K1);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));

        var values = authority.DeriveMany("emp-0001", PseudonymDomain.BuiltIn);

        Assert.Equal(PseudonymDomain.BuiltIn, values.Keys);
        Assert.All(values, pair => Assert.Equal(authority.Derive("emp-0001", pair.Key), pair.Value));
        Assert.All(values, pair => Assert.Same(pair.Key, pair.Value.Domain));
        Assert.Equal(6, values.Values.Distinct().Count());
        Assert.Equal("v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4", values[PseudonymDomain.Tax].Value);
        Assert.Equal("v1.k1.Px8p1Y345pnjVXRMjcHB7z5zOY1Vh3GbHm-7wz-tsl0", values[PseudonymDomain.Employment].Value);
    }

    [Fact]
    public void Derive_many_refuses_a_domain_twice_and_null_domains()
    {
        using var key = PseudonymKey.Import("k1", K1);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));

        Assert.Throws<ArgumentException>(() => authority.DeriveMany("emp-0001", [PseudonymDomain.Tax, PseudonymDomain.Create("tax")]));
        Assert.Throws<ArgumentNullException>(() => authority.DeriveMany("emp-0001", [PseudonymDomain.Tax, null!]));
        Assert.Throws<ArgumentNullException>(() => authority.DeriveMany("emp-0001", null!));
        Assert.Empty(authority.DeriveMany("emp-0001", []));
    }

    [Fact]
    public async Task Both_providers_answer_through_the_async_interface()
    {
        using var key = PseudonymKey.Import("k1", K1);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));
        var issuer = new IssuerLocalPseudonyms(PseudonymKeyRing.Create(key));

        var fromAuthority = await DeriveThroughInterface(authority, "本人-0001", PseudonymDomain.Education, CancellationToken.None);
        var fromIssuer = await DeriveThroughInterface(issuer, "本人-0001", PseudonymDomain.Education, CancellationToken.None);

        Assert.Equal("v1.k1.dk3x-qFCDAXMap9zXVuTzGtIhesZbPfWUQACI6HTolU", fromAuthority[PseudonymDomain.Education].Value);
        Assert.Equal(fromAuthority[PseudonymDomain.Education], fromIssuer[PseudonymDomain.Education]);
    }

    [Fact]
    public async Task A_cancelled_call_derives_nothing()
    {
        using var key = PseudonymKey.Import("k1", K1);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await DeriveThroughInterface(authority, "emp-0001", PseudonymDomain.Tax, cancellation.Token));
    }

    [Fact]
    public void Two_issuers_with_their_own_keys_give_one_person_different_values_in_a_domain_and_an_authority_gives_one()
    {
        using var employerA = PseudonymKey.Import("a1", K1);
        using var employerB = PseudonymKey.Import("b1", K2);
        using var authorityKey = PseudonymKey.Import("jp1", K2);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(authorityKey));

        var fromA = new IssuerLocalPseudonyms(PseudonymKeyRing.Create(employerA)).Derive("person-42", PseudonymDomain.Tax);
        var fromB = new IssuerLocalPseudonyms(PseudonymKeyRing.Create(employerB)).Derive("person-42", PseudonymDomain.Tax);

        Assert.NotEqual(fromA, fromB);
        Assert.Equal(authority.Derive("person-42", PseudonymDomain.Tax), authority.Derive("person-42", PseudonymDomain.Tax));
    }

    [Fact]
    public void Matches_recognises_the_subjects_value_and_nothing_else()
    {
        using var key = PseudonymKey.Import("k1", K1);
        using var stranger = PseudonymKey.Import("zz", K2);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));
        var stored = DomainPseudonym.Parse("v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4");

        Assert.True(authority.Matches("emp-0001", PseudonymDomain.Tax, stored));
        Assert.True(authority.Matches("emp-0001", PseudonymDomain.Tax, DomainPseudonym.Parse(stored.Value, PseudonymDomain.Tax)));
        Assert.False(authority.Matches("emp-0002", PseudonymDomain.Tax, stored));
        Assert.False(authority.Matches("emp-0001", PseudonymDomain.Employment, stored));
        Assert.False(authority.Matches("emp-0001", PseudonymDomain.Employment, DomainPseudonym.Parse(stored.Value, PseudonymDomain.Tax)));
        var unknownKey = new PseudonymAuthority(PseudonymKeyRing.Create(stranger)).Derive("emp-0001", PseudonymDomain.Tax);
        Assert.False(authority.Matches("emp-0001", PseudonymDomain.Tax, unknownKey));
        Assert.Throws<ArgumentException>(() => authority.Matches("123456789018", PseudonymDomain.Tax, unknownKey));
    }

    private static ValueTask<IReadOnlyDictionary<PseudonymDomain, DomainPseudonym>> DeriveThroughInterface(
        IPseudonymProvider provider, string subjectRef, PseudonymDomain domain, CancellationToken cancellationToken) =>
        provider.DeriveAsync(subjectRef, [domain], cancellationToken);
}
