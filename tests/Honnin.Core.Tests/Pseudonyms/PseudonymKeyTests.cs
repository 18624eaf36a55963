using Honnin.Pseudonyms;

namespace Honnin.Core.Tests.Pseudonyms;

/// <summary>Pseudonym keys: import rules, no printing of the secret, wiping on dispose.</summary>
public sealed class PseudonymKeyTests
{
    private static readonly byte[] Secret = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    [Fact]
    public void To_string_names_the_key_id_and_nothing_of_the_secret()
    {
        using var key = PseudonymKey.Import("2026-01", Secret);

        var text = key.ToString();

        Assert.Equal("PseudonymKey { KeyId = 2026-01 }", text);
        Assert.DoesNotContain("000102", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AAECAw", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_keeps_its_own_copy_of_the_secret()
    {
        var secret = (byte[])Secret.Clone();
        using var key = PseudonymKey.Import("k1", secret);
        Array.Clear(secret);

        var value = new PseudonymAuthority(PseudonymKeyRing.Create(key)).Derive("emp-0001", PseudonymDomain.Tax);

        Assert.Equal("v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4", value.Value);
    }

    [Fact]
    public void A_disposed_key_no_longer_derives()
    {
        var key = PseudonymKey.Import("k1", Secret);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));
        key.Dispose();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => authority.Derive("emp-0001", PseudonymDomain.Tax));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Secrets_other_than_32_bytes_are_rejected(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => PseudonymKey.Import("k1", new byte[length]));
        Assert.Equal("secret", error.ParamName);
    }

    [Theory]
    [InlineData("k1")]
    [InlineData("2026-01_A")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void Key_ids_of_the_base64url_alphabet_are_accepted(string keyId)
    {
        Assert.True(PseudonymKey.IsValidKeyId(keyId));
        using var key = PseudonymKey.Import(keyId, Secret);
        Assert.Equal(keyId, key.KeyId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("k.1")]
    [InlineData("k 1")]
    [InlineData("k/1")]
    [InlineData("鍵")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public void Other_key_ids_are_rejected(string keyId)
    {
        Assert.False(PseudonymKey.IsValidKeyId(keyId));
        var error = Assert.Throws<ArgumentException>(() => PseudonymKey.Import(keyId, Secret));
        Assert.Equal("keyId", error.ParamName);
        Assert.Throws<ArgumentNullException>(() => PseudonymKey.Import(null!, Secret));
    }
}
