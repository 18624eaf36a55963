using System.Security.Cryptography;
using System.Text;
using Honnin.Pseudonyms;

namespace Honnin.Core.Tests.Pseudonyms;

/// <summary>
/// Known answers for the v1 derivation. Source: computed independently of this code with Python 3's hmac and hashlib
/// (the script is in docs/pseudonyms.md, where the same table appears). K1 = 00 01 … 1f, K2 = 20 21 … 3f.
/// </summary>
public sealed class PseudonymKnownAnswerTests
{
    private const string K1 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string K2 = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";

    [Theory]
    [InlineData(K1, "k1", "emp-0001", "tax", "v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData(K1, "k1", "emp-0001", "employment", "v1.k1.Px8p1Y345pnjVXRMjcHB7z5zOY1Vh3GbHm-7wz-tsl0")]
    [InlineData(K2, "k2", "emp-0001", "tax", "v1.k2.2cfpZhO82BCxQUF7TO9AYdx7f2DGLjQBGHPSt1qDpSA")]
    [InlineData(K1, "k1", "本人-0001", "education", "v1.k1.dk3x-qFCDAXMap9zXVuTzGtIhesZbPfWUQACI6HTolU")]
    [InlineData(K1, "k1", "山田太郎", "civil_registration", "v1.k1.UYiu1_ucd61de2VDngUVonCiNvCYpheywUSNPlJQSuU")]
    [InlineData(K1, "k1", "ab", "c", "v1.k1.s8d86lvlpL1NiWWcaUnH0OuN6d26svhkoJtL-dJa1ws")]
    [InlineData(K1, "k1", "a", "bc", "v1.k1.mQSGhaqxqvun03501Gobx3n9RmO-iiNmI86XYY7s6zk")]
    public void Derivation_matches_the_independently_computed_values(string keyHex, string keyId, string subjectRef, string domainId, string expected)
    {
        using var key = PseudonymKey.Import(keyId, Convert.FromHexString(keyHex));
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));

        var pseudonym = authority.Derive(subjectRef, PseudonymDomain.Create(domainId));

        Assert.Equal(expected, pseudonym.Value);
        Assert.Equal(keyId, pseudonym.KeyId);
        Assert.Equal(domainId, pseudonym.Domain?.Id);
        Assert.Equal(pseudonym, DomainPseudonym.Parse(expected));
    }

    [Theory]
    [InlineData(K1, "k1", "emp-0001", "tax", "v1.k1.iN_5yli8XkRyvtdLyedc7wX5tQv029RkFQH6eJku2t4")]
    [InlineData(K1, "k1", "本人-0001", "education", "v1.k1.dk3x-qFCDAXMap9zXVuTzGtIhesZbPfWUQACI6HTolU")]
    public void A_changed_key_subject_domain_or_key_id_does_not_give_the_known_value(string keyHex, string keyId, string subjectRef, string domainId, string expected)
    {
        // The negative twin of the table: each input is part of the value.
        var otherKey = Convert.FromHexString(keyHex);
        otherKey[^1] ^= 0x01;
        using var key = PseudonymKey.Import(keyId, Convert.FromHexString(keyHex));
        using var flipped = PseudonymKey.Import(keyId, otherKey);
        using var renamed = PseudonymKey.Import(keyId + "x", Convert.FromHexString(keyHex));
        var domain = PseudonymDomain.Create(domainId);

        Assert.NotEqual(expected, new PseudonymAuthority(PseudonymKeyRing.Create(flipped)).Derive(subjectRef, domain).Value);
        Assert.NotEqual(expected, new PseudonymAuthority(PseudonymKeyRing.Create(key)).Derive(subjectRef + "0", domain).Value);
        Assert.NotEqual(expected, new PseudonymAuthority(PseudonymKeyRing.Create(key)).Derive(subjectRef, PseudonymDomain.Welfare).Value);
        Assert.NotEqual(expected, new PseudonymAuthority(PseudonymKeyRing.Create(renamed)).Derive(subjectRef, domain).Value);
    }

    [Theory]
    [InlineData("ab", "c", "686f6e6e696e2f646f6d61696e2d70736575646f6e796d2f7631000000000261620000000163")]
    [InlineData("本人-0001", "education", "686f6e6e696e2f646f6d61696e2d70736575646f6e796d2f7631000000000be69cace4baba2d3030303100000009656475636174696f6e")]
    public void The_message_is_the_label_a_zero_byte_and_two_length_prefixed_utf8_strings(string subjectRef, string domainId, string expectedHex)
    {
        Span<byte> message = stackalloc byte[PseudonymDerivation.MaxMessageLength];
        var length = PseudonymDerivation.EncodeMessage(subjectRef, domainId, message);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(message[..length]));
    }

    [Fact]
    public void Moving_the_boundary_between_subject_and_domain_changes_the_value()
    {
        // ("ab", "c") and ("a", "bc") concatenate to the same "abc"; the length prefixes keep them apart.
        using var key = PseudonymKey.Import("k1", Convert.FromHexString(K1));
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));

        var first = authority.Derive("ab", PseudonymDomain.Create("c"));
        var second = authority.Derive("a", PseudonymDomain.Create("bc"));

        Assert.NotEqual(first, second);
        Assert.Equal("v1.k1.s8d86lvlpL1NiWWcaUnH0OuN6d26svhkoJtL-dJa1ws", first.Value);
        Assert.Equal("v1.k1.mQSGhaqxqvun03501Gobx3n9RmO-iiNmI86XYY7s6zk", second.Value);

        // What an encoding without length prefixes would have done: the same MAC for both.
        var naive = HMACSHA256.HashData(Convert.FromHexString(K1), Encoding.UTF8.GetBytes("honnin/domain-pseudonym/v1abc"));
        Assert.False(naive.AsSpan().SequenceEqual(first.Tag));
        Assert.False(naive.AsSpan().SequenceEqual(second.Tag));
    }

    [Fact]
    public void The_value_is_not_a_plain_hash_of_the_inputs()
    {
        using var key = PseudonymKey.Import("k1", Convert.FromHexString(K1));
        var pseudonym = new PseudonymAuthority(PseudonymKeyRing.Create(key)).Derive("emp-0001", PseudonymDomain.Tax);
        Span<byte> message = stackalloc byte[PseudonymDerivation.MaxMessageLength];
        var length = PseudonymDerivation.EncodeMessage("emp-0001", "tax", message);

        // SHA-256 of the message, computed by Python: kT6w7y9f0YJvGTz46Nioqgm03P3iAYNWqYKxA23zWfs.
        Assert.Equal("kT6w7y9f0YJvGTz46Nioqgm03P3iAYNWqYKxA23zWfs", Honnin.Jose.Base64UrlEncoding.Encode(SHA256.HashData(message[..length])));
        Assert.False(SHA256.HashData(message[..length]).AsSpan().SequenceEqual(pseudonym.Tag));
        Assert.False(SHA256.HashData("emp-0001tax"u8).AsSpan().SequenceEqual(pseudonym.Tag));
        Assert.False(HMACSHA256.HashData(new byte[32], message[..length]).AsSpan().SequenceEqual(pseudonym.Tag));
    }
}
