using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.Mdoc;

namespace Honnin.Core.Tests.Mdoc;

/// <summary>
/// The MSO <c>version</c> (ISO/IEC 18013-5 clause 9.1.2.4: "1.0") is checked when the MSO is read: "1.0" and later 1.x
/// minor versions (the reference implementation models "1.1") are read, every other value is refused with its own code.
/// </summary>
public sealed class MobileSecurityObjectVersionTests
{
    private static readonly DateTimeOffset Signed = new(2026, 1, 31, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.1")]
    [InlineData("1.10")]
    public void A_1_x_version_is_read(string version)
    {
        var mso = MobileSecurityObject.Decode(PayloadWithVersion(new CborTextString(version)));

        Assert.Equal(version, mso.Version);
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("0.9")]
    [InlineData("1")]
    [InlineData("1.")]
    [InlineData("1.0.0")]
    [InlineData("v1.0")]
    [InlineData("01.0")]
    [InlineData(" 1.0")]
    [InlineData("1.0 ")]
    [InlineData("1.x")]
    [InlineData("")]
    public void Another_version_is_refused_with_its_own_code(string version)
    {
        var error = Assert.Throws<CredentialFormatException>(() => MobileSecurityObject.Decode(PayloadWithVersion(new CborTextString(version))));

        Assert.Equal(MdocFormatCodes.UnsupportedMsoVersion, error.Code);

        // The message is the same whatever the value: it never repeats what the issuer wrote.
        var other = Assert.Throws<CredentialFormatException>(() => MobileSecurityObject.Decode(PayloadWithVersion(new CborTextString("9.9"))));
        Assert.Equal(other.Message, error.Message);
    }

    [Fact]
    public void A_version_that_is_missing_or_not_text_is_malformed()
    {
        Assert.Equal(MdocFormatCodes.Malformed, Assert.Throws<CredentialFormatException>(() => MobileSecurityObject.Decode(PayloadWithVersion(null))).Code);
        Assert.Equal(MdocFormatCodes.Malformed, Assert.Throws<CredentialFormatException>(() => MobileSecurityObject.Decode(PayloadWithVersion(new CborInteger(1)))).Code);
    }

    [Fact]
    public void Created_msos_carry_version_1_0()
    {
        Assert.Equal("1.0", MobileSecurityObject.Decode(Create().Encoded.EncodedBytes).Version);
    }

    [Fact]
    public void An_rsa_key_cannot_be_an_mdoc_device_key()
    {
        using var rsa = RSA.Create(2048);

        Assert.Throws<ArgumentException>(() => Create(CoseKey.FromRsa(rsa)));
    }

    private static MobileSecurityObject Create(CoseKey? deviceKey = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var digests = new Dictionary<string, IReadOnlyDictionary<ulong, ReadOnlyMemory<byte>>>
        {
            ["org.example.1"] = new Dictionary<ulong, ReadOnlyMemory<byte>> { [7] = new byte[32] },
        };
        return MobileSecurityObject.Create(HashAlgorithmName.SHA256, digests, deviceKey ?? CoseKey.FromECDsa(key), "org.example.doc.1", new ValidityInfo(Signed, Signed, Signed.AddYears(1), null));
    }

    /// <summary>MobileSecurityObjectBytes of a well-formed MSO whose version is replaced (or removed when null).</summary>
    private static byte[] PayloadWithVersion(CborValue? version)
    {
        var map = (CborMap)Create().Encoded.Content;
        var entries = map.Entries.Where(e => e.Key is not CborTextString { Value: "version" }).ToList();
        if (version is not null)
        {
            entries.Insert(0, new(new CborTextString("version"), version));
        }

        return CborEncodedItem.Wrap(new CborMap(entries)).EncodedBytes.ToArray();
    }
}
