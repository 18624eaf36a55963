using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.Mdoc;
using Honnin.Tests;

namespace Honnin.Core.Tests.Cose;

/// <summary>Public COSE_Keys (RFC 9053 §7): EC2 on P-256/384/521 and OKP Ed25519, read strictly.</summary>
public sealed class CoseKeyTests
{
    private const long Kty = 1;
    private const long Crv = -1;
    private const long X = -2;
    private const long Y = -3;

    [Fact]
    public void Annex_D_mso_device_key_is_the_sdevice_key_and_round_trips()
    {
        // Source: ISO/IEC 18013-5 Annex D DeviceResponse (MSO deviceKeyInfo.deviceKey) and SDeviceKey_x/SDeviceKey_y
        // (tests/vectors/mdoc/iso18013-5-annexd.json).
        var key = AnnexDDeviceKey();

        Assert.Equal(CoseKeyCurve.P256, key.Curve);
        Assert.Equal(Vectors.AnnexD("SDeviceKey_x"), key.X.ToArray());
        Assert.Equal(Vectors.AnnexD("SDeviceKey_y"), key.Y.ToArray());
        Assert.True(key.Fits(CoseAlgorithm.ES256));
        Assert.False(key.Fits(CoseAlgorithm.ES384));

        var reread = CoseKey.FromCbor(CborDecoder.Decode(key.Encoded.EncodedBytes));
        Assert.Equal(key.X.ToArray(), reread.X.ToArray());
        Assert.Equal(key.Y.ToArray(), reread.Y.ToArray());
        Assert.True(reread.Encoded.EncodedBytes.Span.SequenceEqual(key.Encoded.EncodedBytes.Span));

        // Built from the coordinates, the key encodes exactly as the MSO carries it: {1: 2, -1: 1, -2: x, -3: y}.
        var built = CoseKey.FromECParameters(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Vectors.AnnexD("SDeviceKey_x"), Y = Vectors.AnnexD("SDeviceKey_y") },
        });
        Assert.Equal(Convert.ToHexStringLower(key.Encoded.EncodedBytes.Span), Convert.ToHexStringLower(built.Encoded.EncodedBytes.Span));
        Assert.StartsWith("a401022001215820", Convert.ToHexStringLower(built.Encoded.EncodedBytes.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Annex_D_device_key_verifies_a_signature_of_the_sdevice_private_key_and_not_another()
    {
        var key = AnnexDDeviceKey();
        using var sdevice = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Vectors.AnnexD("SDeviceKey_d"),
            Q = new ECPoint { X = Vectors.AnnexD("SDeviceKey_x"), Y = Vectors.AnnexD("SDeviceKey_y") },
        });
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var data = "DeviceAuthenticationBytes"u8.ToArray();

        Assert.True(SignatureVerifier.Verify(CoseAlgorithm.ES256, key, data, sdevice.SignData(data, HashAlgorithmName.SHA256)));
        Assert.False(SignatureVerifier.Verify(CoseAlgorithm.ES256, key, data, other.SignData(data, HashAlgorithmName.SHA256)));
    }

    [Theory]
    [InlineData(CoseAlgorithm.ES256, CoseKeyCurve.P256, 32)]
    [InlineData(CoseAlgorithm.ES384, CoseKeyCurve.P384, 48)]
    [InlineData(CoseAlgorithm.ES512, CoseKeyCurve.P521, 66)]
    [InlineData(CoseAlgorithm.EdDSA, CoseKeyCurve.Ed25519, 32)]
    public void Generated_public_keys_round_trip(CoseAlgorithm algorithm, CoseKeyCurve curve, int coordinateLength)
    {
        using var signer = SoftwareSigner.Generate(algorithm);
        var key = CoseKey.FromCbor(CborDecoder.Decode(signer.PublicKey.Encoded.EncodedBytes));

        Assert.Equal(curve, key.Curve);
        Assert.Equal(coordinateLength, key.X.Length);
        Assert.Equal(curve == CoseKeyCurve.Ed25519 ? 0 : coordinateLength, key.Y.Length);
        Assert.Equal(signer.PublicKey.X.ToArray(), key.X.ToArray());
        Assert.Equal(signer.PublicKey.Y.ToArray(), key.Y.ToArray());
        Assert.True(key.Fits(algorithm));

        var data = "signed with the generated key"u8.ToArray();
        Assert.True(SignatureVerifier.Verify(algorithm, key, data, signer.Sign(data)));
    }

    [Fact]
    public void Point_not_on_the_curve_is_rejected()
    {
        var y = Vectors.AnnexD("SDeviceKey_y");
        y[^1] ^= 0x01;
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(Ec2(1, Vectors.AnnexD("SDeviceKey_x"), y)));

        // The all-zero point (and the point at infinity it stands for) is not on P-256 either.
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(Ec2(1, new byte[32], new byte[32])));

        // The P-256 coordinates padded to P-384's length are not a P-384 point.
        byte[] x384 = [.. new byte[16], .. Vectors.AnnexD("SDeviceKey_x")];
        byte[] y384 = [.. new byte[16], .. Vectors.AnnexD("SDeviceKey_y")];
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(Ec2(2, x384, y384)));
    }

    [Theory]
    [InlineData(1, "nistP256")]
    [InlineData(2, "nistP384")]
    [InlineData(3, "nistP521")]
    public void The_curve_check_agrees_with_OpenSSL_on_generated_points_and_their_neighbours(int crv, string curveName)
    {
        // Property: for fresh keys, the point is accepted, and the point with y changed in its last bit is refused, exactly
        // as ECDsa.Create (OpenSSL's import check) decides.
        var curve = ECCurve.CreateFromFriendlyName(curveName);
        for (var i = 0; i < 20; i++)
        {
            using var generated = ECDsa.Create(curve);
            var q = generated.ExportParameters(includePrivateParameters: false).Q;
            Assert.Equal(q.X, CoseKey.FromCbor(Ec2(crv, q.X!, q.Y!)).X.ToArray());

            var y = (byte[])q.Y!.Clone();
            y[^1] ^= 0x01;
            Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(Ec2(crv, q.X!, y)));
            Assert.ThrowsAny<CryptographicException>(() => ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = q.X, Y = y } }));
        }
    }

    [Fact]
    public void P521_coordinates_not_reduced_modulo_p_are_rejected()
    {
        // x + p satisfies the curve equation modulo p and still fits P-521's 66 bytes; OpenSSL refuses it, and so must we.
        using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        var q = generated.ExportParameters(includePrivateParameters: false).Q;
        var p = (System.Numerics.BigInteger.One << 521) - 1;
        var unreduced = (new System.Numerics.BigInteger(q.X, isUnsigned: true, isBigEndian: true) + p).ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.Equal(66, unreduced.Length);

        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(Ec2(3, unreduced, q.Y!)));
    }

    [Theory]
    [InlineData(1, 31, 32)]
    [InlineData(1, 32, 31)]
    [InlineData(1, 33, 32)]
    [InlineData(1, 32, 33)]
    [InlineData(1, 0, 0)]
    [InlineData(2, 32, 32)]
    [InlineData(2, 48, 47)]
    [InlineData(3, 65, 65)]
    [InlineData(3, 64, 66)]
    public void Coordinates_of_the_wrong_length_are_rejected(int crv, int xLength, int yLength)
    {
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(Ec2(crv, new byte[xLength], new byte[yLength])));
    }

    [Fact]
    public void P256_coordinates_with_a_leading_zero_byte_are_rejected()
    {
        byte[] x = [0x00, .. Vectors.AnnexD("SDeviceKey_x")];
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(Ec2(1, x, Vectors.AnnexD("SDeviceKey_y"))));
    }

    [Theory]
    [InlineData(3, 1)] // RSA
    [InlineData(4, 1)] // Symmetric
    [InlineData(0, 1)] // reserved
    [InlineData(-1, 1)]
    [InlineData(2, 4)] // EC2 with X25519
    [InlineData(2, 6)] // EC2 with Ed25519
    [InlineData(2, 0)]
    [InlineData(2, 8)] // secp256k1
    [InlineData(1, 4)] // OKP X25519: a key agreement key, not a signature key
    [InlineData(1, 7)] // OKP Ed448
    [InlineData(1, 1)] // OKP with P-256
    public void Unsupported_key_type_or_curve_is_rejected(int kty, int crv)
    {
        var map = CborMap.FromLabels(
            (Kty, new CborInteger(kty)),
            (Crv, new CborInteger(crv)),
            (X, new CborByteString(Vectors.AnnexD("SDeviceKey_x"))),
            (Y, new CborByteString(Vectors.AnnexD("SDeviceKey_y"))));
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(map));
    }

    [Fact]
    public void Missing_or_mistyped_parameters_are_rejected()
    {
        var x = new CborByteString(Vectors.AnnexD("SDeviceKey_x"));
        var y = new CborByteString(Vectors.AnnexD("SDeviceKey_y"));
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(CborMap.FromLabels((Crv, new CborInteger(1)), (X, x), (Y, y))));
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(CborMap.FromLabels((Kty, new CborInteger(2)), (X, x), (Y, y))));
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(CborMap.FromLabels((Kty, new CborInteger(2)), (Crv, new CborInteger(1)), (Y, y))));
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(CborMap.FromLabels((Kty, new CborInteger(2)), (Crv, new CborInteger(1)), (X, x))));
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(CborMap.FromLabels((Kty, new CborTextString("EC2")), (Crv, new CborInteger(1)), (X, x), (Y, y))));
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(CborMap.FromLabels((Kty, new CborInteger(2)), (Crv, new CborTextString("P-256")), (X, x), (Y, y))));
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(CborMap.FromLabels((Kty, new CborInteger(2)), (Crv, new CborInteger(1)), (X, new CborTextString("x")), (Y, y))));
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(new CborArray(new CborInteger(2), new CborInteger(1), x, y)));
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(x));
    }

    [Fact]
    public void Ed25519_key_round_trips_and_must_be_32_bytes()
    {
        var publicKey = RandomNumberGenerator.GetBytes(32);
        var key = CoseKey.FromEd25519(publicKey);
        Assert.Equal("a301012006215820" + Convert.ToHexStringLower(publicKey), Convert.ToHexStringLower(key.Encoded.EncodedBytes.Span));

        var reread = CoseKey.FromCbor(CborDecoder.Decode(key.Encoded.EncodedBytes));
        Assert.Equal(CoseKeyCurve.Ed25519, reread.Curve);
        Assert.Equal(publicKey, reread.X.ToArray());
        Assert.True(reread.Y.IsEmpty);
        Assert.Throws<InvalidOperationException>(() => reread.ToECParameters());

        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(Okp(6, new byte[31])));
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Rejects(Okp(6, new byte[33])));
        Assert.Equal(CoseKeyCurve.Ed25519, CoseKey.FromCbor(Okp(6, publicKey)).Curve);
        Assert.Throws<ArgumentException>(() => CoseKey.FromEd25519(new byte[31]));
    }

    [Fact]
    public void ToString_names_the_curve_and_never_the_coordinates()
    {
        var key = AnnexDDeviceKey();
        var text = key.ToString();

        Assert.Contains("P256", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(key.X), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(key.X), text, StringComparison.Ordinal);
    }

    private static CoseKey AnnexDDeviceKey() =>
        DeviceResponse.Decode(Vectors.AnnexD("DeviceResponse")).Documents[0].IssuerSigned.MobileSecurityObject.DeviceKey;

    private static CborMap Ec2(int crv, byte[] x, byte[] y) => CborMap.FromLabels(
        (Kty, new CborInteger(2)),
        (Crv, new CborInteger(crv)),
        (X, new CborByteString(x)),
        (Y, new CborByteString(y)));

    private static CborMap Okp(int crv, byte[] x) => CborMap.FromLabels(
        (Kty, new CborInteger(1)),
        (Crv, new CborInteger(crv)),
        (X, new CborByteString(x)));

    /// <summary>Reads the encoding of <paramref name="value"/> as a COSE_Key and returns the failure code.</summary>
    private static string Rejects(CborValue value) =>
        Assert.Throws<CredentialFormatException>(() => CoseKey.FromCbor(CborDecoder.Decode(value.EncodedBytes))).Code;
}
