using System.Numerics;
using System.Security.Cryptography;
using Honnin.Cbor;

namespace Honnin.Crypto;

/// <summary>
/// A public COSE_Key (RFC 9053): EC2 on P-256, P-384 or P-521, or OKP Ed25519; or an RSA public key (RFC 8230) of at
/// least 2048 bits, which SD-JWT issuers and holders may use (<see cref="FromRsaParameters"/>, JWKs and certificates) but
/// which is never read from CBOR: mdoc device, reader and issuer keys are EC2 or OKP. Private parameters are never read
/// into this type: it describes keys as they travel.
/// </summary>
public sealed class CoseKey
{
    private const long KeyTypeLabel = 1;
    private const long CurveLabel = -1;
    private const long XLabel = -2;
    private const long YLabel = -3;
    private const long KeyTypeOkp = 1;
    private const long KeyTypeEc2 = 2;
    private const long KeyTypeRsa = 3;
    private const long RsaModulusLabel = -1;
    private const long RsaExponentLabel = -2;

    /// <summary>The shortest RSA modulus accepted, in bits (RFC 8230 §6.1, NIST SP 800-131A).</summary>
    public const int MinimumRsaKeySize = 2048;

    /// <summary>The longest RSA modulus accepted, in bits: a bound on the cost of one verification.</summary>
    public const int MaximumRsaKeySize = 16384;

    private readonly byte[] _x;
    private readonly byte[]? _y;
    private readonly byte[]? _modulus;
    private readonly byte[]? _exponent;

    private CoseKey(CoseKeyCurve curve, byte[] x, byte[]? y, CborValue? encoded)
    {
        KeyType = curve == CoseKeyCurve.Ed25519 ? CoseKeyType.Okp : CoseKeyType.Ec2;
        Curve = curve;
        _x = x;
        _y = y;
        Encoded = encoded ?? BuildCbor(curve, x, y);
    }

    private CoseKey(byte[] modulus, byte[] exponent)
    {
        KeyType = CoseKeyType.Rsa;
        Curve = CoseKeyCurve.None;
        _x = [];
        _modulus = modulus;
        _exponent = exponent;
        Encoded = CborMap.FromLabels(
            (KeyTypeLabel, new CborInteger(KeyTypeRsa)),
            (RsaModulusLabel, new CborByteString(modulus)),
            (RsaExponentLabel, new CborByteString(exponent)));
    }

    /// <summary>The key type: EC2, OKP or RSA.</summary>
    public CoseKeyType KeyType { get; }

    /// <summary>The curve; <see cref="CoseKeyCurve.None"/> for an RSA key.</summary>
    public CoseKeyCurve Curve { get; }

    /// <summary>The RSA modulus n (big-endian, no leading zero); empty for EC2 and OKP keys.</summary>
    public ReadOnlySpan<byte> Modulus => _modulus;

    /// <summary>The RSA public exponent e (big-endian, no leading zero); empty for EC2 and OKP keys.</summary>
    public ReadOnlySpan<byte> Exponent => _exponent;

    /// <summary>The RSA modulus length in bits; 0 for EC2 and OKP keys.</summary>
    public int RsaKeySize => _modulus is null ? 0 : BitLength(_modulus);

    /// <summary>The COSE_Key as received (or as built).</summary>
    public CborValue Encoded { get; }

    /// <summary>The x coordinate (EC2) or the public key (OKP); empty for RSA.</summary>
    public ReadOnlySpan<byte> X => _x;

    /// <summary>The y coordinate (EC2); empty for OKP and RSA.</summary>
    public ReadOnlySpan<byte> Y => _y;

    /// <summary>Reads a COSE_Key map.</summary>
    /// <param name="value">The decoded COSE_Key.</param>
    /// <returns>The key.</returns>
    /// <exception cref="CredentialFormatException">The map is not a supported public COSE_Key (RSA COSE_Keys are not read: mdoc keys are EC2 or OKP).</exception>
    public static CoseKey FromCbor(CborValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is not CborMap map)
        {
            throw Invalid("A COSE_Key must be a map.");
        }

        var kty = RequireInteger(map, KeyTypeLabel, "kty");
        var crv = RequireInteger(map, CurveLabel, "crv");
        var x = RequireBytes(map, XLabel, "x");
        if (kty == KeyTypeEc2)
        {
            var curve = crv switch
            {
                1 => CoseKeyCurve.P256,
                2 => CoseKeyCurve.P384,
                3 => CoseKeyCurve.P521,
                _ => throw Invalid("The COSE_Key EC2 curve is not supported."),
            };
            var y = RequireBytes(map, YLabel, "y");
            var size = FieldSize(curve);
            if (x.Length != size || y.Length != size)
            {
                throw Invalid("The COSE_Key coordinates do not have the curve's length.");
            }

            var key = new CoseKey(curve, x, y, map);
            key.CheckOnCurve();
            return key;
        }

        if (kty == KeyTypeOkp && crv == 6)
        {
            return x.Length == 32 ? new CoseKey(CoseKeyCurve.Ed25519, x, null, map) : throw Invalid("An Ed25519 COSE_Key must be 32 bytes.");
        }

        throw Invalid("The COSE_Key type or curve is not supported.");
    }

    /// <summary>Describes the public part of an EC key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The COSE_Key.</returns>
    /// <exception cref="ArgumentException">The curve is not P-256, P-384 or P-521.</exception>
    public static CoseKey FromECDsa(ECAlgorithm key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return FromECParameters(parameters);
    }

    /// <summary>Describes the public part of EC parameters.</summary>
    /// <param name="parameters">The parameters (private parameters are ignored).</param>
    /// <returns>The COSE_Key.</returns>
    /// <exception cref="ArgumentException">The curve is not P-256, P-384 or P-521.</exception>
    public static CoseKey FromECParameters(ECParameters parameters)
    {
        var curve = CurveOf(parameters.Curve) ?? throw new ArgumentException("Only P-256, P-384 and P-521 keys are supported.", nameof(parameters));
        return new CoseKey(curve, parameters.Q.X!.ToArray(), parameters.Q.Y!.ToArray(), null);
    }

    /// <summary>Describes an RSA public key.</summary>
    /// <param name="parameters">The parameters; only the modulus and the exponent are read (private parameters are ignored).</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">
    /// The modulus is shorter than <see cref="MinimumRsaKeySize"/> or longer than <see cref="MaximumRsaKeySize"/> bits, or
    /// the exponent is not an odd number from 3 to 2^64 − 1.
    /// </exception>
    public static CoseKey FromRsaParameters(RSAParameters parameters) =>
        TryCreateRsa(parameters.Modulus, parameters.Exponent, out var key, out var problem)
            ? key
            : throw new ArgumentException(problem, nameof(parameters));

    /// <summary>Describes the public part of an RSA key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The COSE_Key.</returns>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="MinimumRsaKeySize"/> bits or otherwise unsupported.</exception>
    public static CoseKey FromRsa(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return FromRsaParameters(key.ExportParameters(includePrivateParameters: false));
    }

    /// <summary>Creates an RSA verifier for the key. The caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The key is not an RSA key.</exception>
    public RSA ToRsa()
    {
        if (_modulus is null)
        {
            throw new InvalidOperationException("The key is not an RSA key.");
        }

        return RSA.Create(new RSAParameters { Modulus = (byte[])_modulus.Clone(), Exponent = (byte[])_exponent!.Clone() });
    }

    /// <summary>Checks an RSA modulus and exponent (big-endian) and describes them; the problem is a message without key material.</summary>
    internal static bool TryCreateRsa(byte[]? modulus, byte[]? exponent, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CoseKey? key, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        key = null;
        var n = TrimLeadingZeros(modulus);
        var e = TrimLeadingZeros(exponent);
        var bits = BitLength(n);
        if (bits < MinimumRsaKeySize || bits > MaximumRsaKeySize)
        {
            problem = $"An RSA key must have a modulus of {MinimumRsaKeySize} to {MaximumRsaKeySize} bits; this one has {bits}.";
            return false;
        }

        if ((n[^1] & 1) == 0)
        {
            problem = "The RSA modulus is even.";
            return false;
        }

        if (e.Length == 0 || e.Length > 8 || (e[^1] & 1) == 0 || (e.Length == 1 && e[0] < 3))
        {
            problem = "The RSA public exponent must be an odd number from 3 to 2^64 - 1.";
            return false;
        }

        problem = null;
        key = new CoseKey(n, e);
        return true;
    }

    private static byte[] TrimLeadingZeros(byte[]? value)
    {
        if (value is null)
        {
            return [];
        }

        var start = 0;
        while (start < value.Length && value[start] == 0)
        {
            start++;
        }

        return value[start..];
    }

    private static int BitLength(byte[] value) =>
        value.Length == 0 ? 0 : ((value.Length - 1) * 8) + (8 - System.Numerics.BitOperations.LeadingZeroCount((uint)value[0]) + 24);

    /// <summary>Describes an Ed25519 public key.</summary>
    /// <param name="publicKey">The 32-byte public key.</param>
    /// <returns>The COSE_Key.</returns>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static CoseKey FromEd25519(ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == 32 ? new CoseKey(CoseKeyCurve.Ed25519, publicKey.ToArray(), null, null) : throw new ArgumentException("An Ed25519 public key is 32 bytes.", nameof(publicKey));

    /// <summary>The EC parameters of the public key.</summary>
    /// <exception cref="InvalidOperationException">The key is not an EC2 key.</exception>
    public ECParameters ToECParameters()
    {
        var curve = Curve switch
        {
            CoseKeyCurve.P256 => ECCurve.NamedCurves.nistP256,
            CoseKeyCurve.P384 => ECCurve.NamedCurves.nistP384,
            CoseKeyCurve.P521 => ECCurve.NamedCurves.nistP521,
            _ => throw new InvalidOperationException("The key is not an EC2 key."),
        };
        return new ECParameters { Curve = curve, Q = new ECPoint { X = (byte[])_x.Clone(), Y = (byte[])_y!.Clone() } };
    }

    /// <summary>Creates an ECDSA verifier for the key. The caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The key is not an EC2 key.</exception>
    public ECDsa ToECDsa() => ECDsa.Create(ToECParameters());

    /// <summary>Creates an ECDH public key for key agreement. The caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The key is not an EC2 key.</exception>
    public ECDiffieHellman ToECDiffieHellman() => ECDiffieHellman.Create(ToECParameters());

    /// <summary>Whether the key can verify signatures made with <paramref name="algorithm"/>.</summary>
    /// <param name="algorithm">The signature algorithm.</param>
    /// <returns>True when the key's curve is the algorithm's curve.</returns>
    public bool Fits(CoseAlgorithm algorithm) => (algorithm, Curve) switch
    {
        (CoseAlgorithm.ES256, CoseKeyCurve.P256) => true,
        (CoseAlgorithm.ES384, CoseKeyCurve.P384) => true,
        (CoseAlgorithm.ES512, CoseKeyCurve.P521) => true,
        (CoseAlgorithm.EdDSA, CoseKeyCurve.Ed25519) => true,
        (CoseAlgorithm.RS256 or CoseAlgorithm.RS384 or CoseAlgorithm.RS512 or CoseAlgorithm.PS256 or CoseAlgorithm.PS384 or CoseAlgorithm.PS512, _) => KeyType == CoseKeyType.Rsa,
        _ => false,
    };

    /// <summary>The key's curve (or RSA size) and type, never its material.</summary>
    public override string ToString() => KeyType == CoseKeyType.Rsa ? "CoseKey(RSA " + RsaKeySize + ")" : "CoseKey(" + Curve + ")";

    internal static CoseKeyCurve? CurveOf(ECCurve curve) => curve.Oid?.Value switch
    {
        "1.2.840.10045.3.1.7" => CoseKeyCurve.P256,
        "1.3.132.0.34" => CoseKeyCurve.P384,
        "1.3.132.0.35" => CoseKeyCurve.P521,
        _ => curve.Oid?.FriendlyName switch
        {
            "nistP256" or "ECDSA_P256" => CoseKeyCurve.P256,
            "nistP384" or "ECDSA_P384" => CoseKeyCurve.P384,
            "nistP521" or "ECDSA_P521" => CoseKeyCurve.P521,
            _ => null,
        },
    };

    internal static int FieldSize(CoseKeyCurve curve) => curve switch
    {
        CoseKeyCurve.P256 => 32,
        CoseKeyCurve.P384 => 48,
        CoseKeyCurve.P521 => 66,
        _ => 32,
    };

    /// <summary>
    /// Checks that the coordinates are reduced modulo p and satisfy y² = x³ − 3x + b (all three NIST curves have a = −3
    /// and cofactor 1, so a point on the curve lies in the prime-order group; affine coordinates cannot encode the point at
    /// infinity). This is the check OpenSSL makes when a key is imported, done here without importing one: an import costs
    /// about twice an ECDSA verification, and every decoded MSO device key and reader key would pay it.
    /// </summary>
    /// <summary>Throws unless the EC2 point is on its curve, coordinates reduced modulo p (arithmetic, no OpenSSL import).</summary>
    internal void CheckOnCurve()
    {
        var (p, b) = Curve switch
        {
            CoseKeyCurve.P256 => (P256Prime, P256B),
            CoseKeyCurve.P384 => (P384Prime, P384B),
            _ => (P521Prime, P521B),
        };
        var x = new BigInteger(_x, isUnsigned: true, isBigEndian: true);
        var y = new BigInteger(_y, isUnsigned: true, isBigEndian: true);
        if (x >= p || y >= p || BigInteger.Remainder(y * y, p) != BigInteger.Remainder((((x * x) - 3) * x) + b, p))
        {
            throw new CredentialFormatException(CoseKeyFailureCodes.InvalidKey, "The COSE_Key is not a point on its curve.");
        }
    }

    private static BigInteger Hex(string hex) => new(Convert.FromHexString(hex), isUnsigned: true, isBigEndian: true);

    // FIPS 186-5 / SP 800-186 §3.2.1: the prime p and the coefficient b of P-256, P-384 and P-521 (a = p − 3 for all three).
    private static readonly BigInteger P256Prime = Hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    private static readonly BigInteger P256B = Hex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
    private static readonly BigInteger P384Prime = Hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff");
    private static readonly BigInteger P384B = Hex("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef");
    private static readonly BigInteger P521Prime = (BigInteger.One << 521) - 1;
    private static readonly BigInteger P521B = Hex("0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00");

    private static CborMap BuildCbor(CoseKeyCurve curve, byte[] x, byte[]? y) => curve == CoseKeyCurve.Ed25519
        ? CborMap.FromLabels((KeyTypeLabel, new CborInteger(KeyTypeOkp)), (CurveLabel, new CborInteger(6)), (XLabel, new CborByteString(x)))
        : CborMap.FromLabels(
            (KeyTypeLabel, new CborInteger(KeyTypeEc2)),
            (CurveLabel, new CborInteger(curve switch { CoseKeyCurve.P256 => 1, CoseKeyCurve.P384 => 2, _ => 3 })),
            (XLabel, new CborByteString(x)),
            (YLabel, new CborByteString(y!)));

    private static long RequireInteger(CborMap map, long label, string name) =>
        map.TryGetValue(label, out var value) && value is CborInteger integer && integer.FitsInt64
            ? (long)integer.Value
            : throw Invalid($"The COSE_Key parameter '{name}' is missing or not an integer.");

    private static byte[] RequireBytes(CborMap map, long label, string name) =>
        map.TryGetValue(label, out var value) && value is CborByteString bytes
            ? bytes.Value.ToArray()
            : throw Invalid($"The COSE_Key parameter '{name}' is missing or not a byte string.");

    private static CredentialFormatException Invalid(string message) => new(CoseKeyFailureCodes.InvalidKey, message);
}
