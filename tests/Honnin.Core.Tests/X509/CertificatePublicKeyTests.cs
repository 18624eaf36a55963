using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Crypto;
using Honnin.X509;

namespace Honnin.Core.Tests.X509;

public sealed class CertificatePublicKeyTests
{
    private static readonly DateTimeOffset NotBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("nistP256", CoseKeyCurve.P256)]
    [InlineData("nistP384", CoseKeyCurve.P384)]
    [InlineData("nistP521", CoseKeyCurve.P521)]
    public void An_ec_key_reads_as_the_same_key(string curve, CoseKeyCurve expected)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        using var certificate = new CertificateRequest("CN=ec", key, HashAlgorithmName.SHA256).CreateSelfSigned(NotBefore, NotBefore.AddYears(1));

        var read = CertificatePublicKey.TryRead(certificate);

        Assert.NotNull(read);
        Assert.Equal(expected, read.Curve);
        Assert.True(CertificatePublicKey.SameKey(read, CoseKey.FromECDsa(key)));
        Assert.Null(CertificatePublicKey.TryReadEd25519(certificate));
    }

    [Fact]
    public void An_rsa_key_reads_with_its_modulus_and_exponent()
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=rsa", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(NotBefore, NotBefore.AddYears(1));

        var read = CertificatePublicKey.TryRead(certificate);

        Assert.NotNull(read);
        Assert.Equal(CoseKeyType.Rsa, read.KeyType);
        Assert.True(CertificatePublicKey.SameKey(read, CoseKey.FromRsa(key)));
    }

    [Fact]
    public void An_ed25519_key_reads_from_its_raw_32_bytes()
    {
        var raw = RandomNumberGenerator.GetBytes(32);
        using var certificate = X509CertificateLoader.LoadCertificate(Ed25519Certificate(raw));

        var read = CertificatePublicKey.TryRead(certificate);

        Assert.NotNull(read);
        Assert.Equal(CoseKeyCurve.Ed25519, read.Curve);
        Assert.Equal(raw, read.X.ToArray());
        Assert.True(CertificatePublicKey.SameKey(read, CoseKey.FromEd25519(raw)));
        Assert.True(CertificatePublicKey.SameKey(read, CertificatePublicKey.TryReadEd25519(certificate)!));
    }

    [Fact]
    public void An_ed25519_key_of_the_wrong_length_reads_as_nothing()
    {
        using var certificate = X509CertificateLoader.LoadCertificate(Ed25519Certificate(new byte[31]));

        Assert.Null(CertificatePublicKey.TryRead(certificate));
        Assert.Null(CertificatePublicKey.TryReadEd25519(certificate));
    }

    [Fact]
    public void Different_keys_are_not_the_same_whatever_their_kind()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ed = CoseKey.FromEd25519(CoseKey.FromECDsa(p256).X);

        Assert.False(CertificatePublicKey.SameKey(CoseKey.FromECDsa(p256), CoseKey.FromECDsa(other)));
        Assert.False(CertificatePublicKey.SameKey(CoseKey.FromECDsa(p256), ed));
    }

    // A certificate with an Ed25519 subject key, which CertificateRequest cannot make; its signature is not checked here.
    private static byte[] Ed25519Certificate(byte[] publicKey)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    writer.WriteInteger(2);
                }

                writer.WriteInteger(1);
                WriteEd25519Algorithm(writer);
                writer.WriteEncodedValue(new X500DistinguishedName("CN=ed25519").RawData);
                using (writer.PushSequence())
                {
                    writer.WriteUtcTime(NotBefore);
                    writer.WriteUtcTime(NotBefore.AddYears(1));
                }

                writer.WriteEncodedValue(new X500DistinguishedName("CN=ed25519").RawData);
                using (writer.PushSequence())
                {
                    WriteEd25519Algorithm(writer);
                    writer.WriteBitString(publicKey);
                }
            }

            WriteEd25519Algorithm(writer);
            writer.WriteBitString(new byte[64]);
        }

        return writer.Encode();
    }

    private static void WriteEd25519Algorithm(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CertificatePublicKey.Ed25519Oid);
        }
    }
}
