using Honnin.Pseudonyms;

namespace Honnin.Core.Tests.Pseudonyms;

/// <summary>Key rotation: new values under the current key, old values still re-derivable and recognised.</summary>
public sealed class PseudonymKeyRotationTests
{
    private static readonly byte[] K1 = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly byte[] K2 = Convert.FromHexString("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");

    [Fact]
    public void After_rotation_new_values_use_the_current_key_and_old_ones_can_be_re_derived()
    {
        using var old = PseudonymKey.Import("k1", K1);
        using var current = PseudonymKey.Import("k2", K2);
        var before = new PseudonymAuthority(PseudonymKeyRing.Create(old));
        var after = new PseudonymAuthority(PseudonymKeyRing.Create(current, [old]));

        var issuedBefore = before.Derive("emp-0001", PseudonymDomain.Tax);
        var issuedAfter = after.Derive("emp-0001", PseudonymDomain.Tax);

        Assert.Equal("v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4", issuedBefore.Value);
        Assert.Equal("v1.k2.2cfpZhO82BCxQUF7TO9AYdx7f2DGLjQBGHPSt1qDpSA", issuedAfter.Value);
        Assert.Equal(issuedBefore, after.Derive("emp-0001", PseudonymDomain.Tax, "k1"));
        Assert.True(after.Matches("emp-0001", PseudonymDomain.Tax, issuedBefore));
        Assert.True(after.Matches("emp-0001", PseudonymDomain.Tax, issuedAfter));
        Assert.False(before.Matches("emp-0001", PseudonymDomain.Tax, issuedAfter));
    }

    [Fact]
    public void The_ring_lists_the_current_key_first()
    {
        using var old = PseudonymKey.Import("k1", K1);
        using var current = PseudonymKey.Import("k2", K2);

        var ring = PseudonymKeyRing.Create(current, [old]);

        Assert.Equal("k2", ring.CurrentKeyId);
        Assert.Equal(["k2", "k1"], ring.KeyIds);
        Assert.True(ring.Contains("k1"));
        Assert.False(ring.Contains("k3"));
    }

    [Fact]
    public void A_key_id_outside_the_ring_is_a_programmer_error()
    {
        using var current = PseudonymKey.Import("k2", K2);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(current));

        var error = Assert.Throws<ArgumentException>(() => authority.Derive("emp-0001", PseudonymDomain.Tax, "k1"));
        Assert.Equal("keyId", error.ParamName);
    }

    [Fact]
    public void Two_keys_with_one_id_or_one_secret_are_refused()
    {
        using var first = PseudonymKey.Import("k1", K1);
        using var second = PseudonymKey.Import("k1", K2);
        using var renamed = PseudonymKey.Import("k9", K1);

        Assert.Throws<ArgumentException>(() => PseudonymKeyRing.Create(first, [second]));
        Assert.Throws<ArgumentException>(() => PseudonymKeyRing.Create(first, [renamed]));
        Assert.Throws<ArgumentException>(() => PseudonymKeyRing.Create(first, [first]));
        Assert.Throws<ArgumentNullException>(() => PseudonymKeyRing.Create(null!));
        Assert.Throws<ArgumentNullException>(() => PseudonymKeyRing.Create(first, [null!]));
    }
}
