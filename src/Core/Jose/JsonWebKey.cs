using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;

namespace Honnin.Jose;

/// <summary>
/// A public JSON Web Key (RFC 7517/7518/8037): <c>EC</c> on P-256, P-384 or P-521, <c>OKP</c> Ed25519, or <c>RSA</c>
/// with a modulus of 2048 to 16384 bits. Reading is strict: coordinates must be canonical base64url of exactly the
/// curve's length, EC points must be on their curve, RSA <c>n</c> and <c>e</c> must be minimal big-endian integers
/// (RFC 7518 §2 Base64urlUInt), and private parameters (<c>d</c>, and the RSA/symmetric ones) are refused, since this
/// type describes keys as they travel (<c>cnf.jwk</c>, issuer keys). Other members (<c>use</c>, <c>alg</c>, …) are
/// ignored. Private keys for software signers (EC and Ed25519 only) are read by <see cref="PrivateJsonWebKey"/>.
/// </summary>
public sealed class JsonWebKey
{
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    private JsonWebKey(CoseKey key, string? keyId)
    {
        Key = key;
        KeyId = keyId;
    }

    /// <summary>The key as a COSE_Key, for <see cref="Crypto.SignatureVerifier"/>.</summary>
    public CoseKey Key { get; }

    /// <summary>The <c>kid</c>, when the JWK has one.</summary>
    public string? KeyId { get; }

    /// <summary>The <c>kty</c>: <c>EC</c>, <c>OKP</c> or <c>RSA</c>.</summary>
    public string KeyType => Key.KeyType switch
    {
        CoseKeyType.Okp => "OKP",
        CoseKeyType.Rsa => "RSA",
        _ => "EC",
    };

    /// <summary>The <c>crv</c>: <c>P-256</c>, <c>P-384</c>, <c>P-521</c> or <c>Ed25519</c>; null for an RSA key.</summary>
    public string? Curve => Key.KeyType == CoseKeyType.Rsa ? null : CurveName(Key.Curve);

    /// <summary>Describes a COSE_Key as a JWK.</summary>
    /// <param name="key">The public key.</param>
    /// <param name="keyId">An optional <c>kid</c>.</param>
    /// <returns>The JWK.</returns>
    public static JsonWebKey FromCoseKey(CoseKey key, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new JsonWebKey(key, keyId);
    }

    /// <summary>Reads a public JWK from its JSON text.</summary>
    /// <param name="json">The JWK JSON.</param>
    /// <param name="options">Bounds for the JSON; defaults when null.</param>
    /// <returns>The key.</returns>
    /// <exception cref="CredentialFormatException">The text is not a supported public JWK (code <see cref="JoseFailureCodes.InvalidKey"/>, or a JSON code).</exception>
    public static JsonWebKey Parse(string json, StrictJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return FromJson(StrictJson.ParseObject(Encoding.UTF8.GetBytes(json), options));
    }

    /// <summary>Reads a public JWK from its JSON text without throwing.</summary>
    /// <param name="json">The JWK JSON.</param>
    /// <param name="key">The key, when reading succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <param name="options">Bounds for the JSON.</param>
    /// <returns>Whether reading succeeded.</returns>
    public static bool TryParse(string json, [NotNullWhen(true)] out JsonWebKey? key, [NotNullWhen(false)] out CredentialFormatException? error, StrictJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return CredentialFormatException.Try(() => Parse(json, options), out key, out error);
    }

    /// <summary>Reads a public JWK from a parsed JSON object (for example <c>cnf.jwk</c>).</summary>
    /// <param name="jwk">The JWK object.</param>
    /// <returns>The key.</returns>
    /// <exception cref="CredentialFormatException">The object is not a supported public JWK (code <see cref="JoseFailureCodes.InvalidKey"/>).</exception>
    public static JsonWebKey FromJson(JsonObject jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        foreach (var member in PrivateMembers)
        {
            if (jwk.ContainsKey(member))
            {
                throw Invalid("A public JWK must not carry private or symmetric key parameters.");
            }
        }

        var key = OptionalString(jwk, "kty") == "RSA" ? ReadRsa(jwk) : ReadPublic(jwk);
        return new JsonWebKey(key, OptionalString(jwk, "kid"));
    }

    /// <summary>Reads a public JWK from a parsed JSON object without throwing.</summary>
    /// <param name="jwk">The JWK object.</param>
    /// <param name="key">The key, when reading succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <returns>Whether reading succeeded.</returns>
    public static bool TryFromJson(JsonObject jwk, [NotNullWhen(true)] out JsonWebKey? key, [NotNullWhen(false)] out CredentialFormatException? error)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        return CredentialFormatException.Try(() => FromJson(jwk), out key, out error);
    }

    /// <summary>The public JWK as a new JSON object: <c>kty</c>, <c>crv</c>, <c>x</c>, <c>y</c> (EC) or <c>n</c>, <c>e</c> (RSA), and <c>kid</c> when set.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject ToJsonObject()
    {
        var result = Key.KeyType == CoseKeyType.Rsa
            ? new JsonObject
            {
                ["kty"] = KeyType,
                ["n"] = Base64UrlEncoding.Encode(Key.Modulus),
                ["e"] = Base64UrlEncoding.Encode(Key.Exponent),
            }
            : new JsonObject
            {
                ["kty"] = KeyType,
                ["crv"] = Curve,
                ["x"] = Base64UrlEncoding.Encode(Key.X),
            };
        if (Key.KeyType == CoseKeyType.Ec2)
        {
            result["y"] = Base64UrlEncoding.Encode(Key.Y);
        }

        if (KeyId is not null)
        {
            result["kid"] = KeyId;
        }

        return result;
    }

    /// <summary>The public JWK as compact JSON text.</summary>
    /// <returns>The JSON.</returns>
    public string ToJson() => StrictJson.Serialize(ToJsonObject());

    /// <summary>The RFC 7638 JWK thumbprint with SHA-256, base64url-encoded.</summary>
    /// <returns>The thumbprint.</returns>
    public string ComputeThumbprint() => Base64UrlEncoding.Encode(ComputeThumbprint(HashAlgorithmName.SHA256));

    /// <summary>The RFC 7638 JWK thumbprint: the hash of the required members in lexicographic order, without whitespace.</summary>
    /// <param name="hashAlgorithm">SHA-256, SHA-384 or SHA-512.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentException">The hash algorithm is not SHA-256, SHA-384 or SHA-512.</exception>
    public byte[] ComputeThumbprint(HashAlgorithmName hashAlgorithm)
    {
        var x = Base64UrlEncoding.Encode(Key.X);
        var input = Key.KeyType switch
        {
            CoseKeyType.Rsa => $"{{\"e\":\"{Base64UrlEncoding.Encode(Key.Exponent)}\",\"kty\":\"RSA\",\"n\":\"{Base64UrlEncoding.Encode(Key.Modulus)}\"}}",
            CoseKeyType.Okp => $"{{\"crv\":\"{Curve}\",\"kty\":\"OKP\",\"x\":\"{x}\"}}",
            _ => $"{{\"crv\":\"{Curve}\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{Base64UrlEncoding.Encode(Key.Y)}\"}}",
        };
        var bytes = Encoding.UTF8.GetBytes(input);
        if (hashAlgorithm == HashAlgorithmName.SHA256)
        {
            return SHA256.HashData(bytes);
        }

        if (hashAlgorithm == HashAlgorithmName.SHA384)
        {
            return SHA384.HashData(bytes);
        }

        return hashAlgorithm == HashAlgorithmName.SHA512
            ? SHA512.HashData(bytes)
            : throw new ArgumentException("Only SHA-256, SHA-384 and SHA-512 are supported.", nameof(hashAlgorithm));
    }

    /// <summary>Names the key type and curve, never the key.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => "JsonWebKey(" + KeyType + " " + (Curve ?? Key.RsaKeySize.ToString(System.Globalization.CultureInfo.InvariantCulture)) + ")";

    internal static string CurveName(CoseKeyCurve curve) => curve switch
    {
        CoseKeyCurve.P256 => "P-256",
        CoseKeyCurve.P384 => "P-384",
        CoseKeyCurve.P521 => "P-521",
        _ => "Ed25519",
    };

    /// <summary>Reads an <c>RSA</c> public JWK: <c>n</c> and <c>e</c> as minimal big-endian integers (RFC 7518 §6.3.1).</summary>
    internal static CoseKey ReadRsa(JsonObject jwk)
    {
        var n = UnsignedInteger(jwk, "n");
        var e = UnsignedInteger(jwk, "e");
        return CoseKey.TryCreateRsa(n, e, out var key, out var problem) ? key : throw Invalid(problem);
    }

    /// <summary>Reads an EC or OKP public JWK (what software signers and COSE keys can be); RSA is refused here.</summary>
    internal static CoseKey ReadPublic(JsonObject jwk)
    {
        var kty = RequiredString(jwk, "kty");
        var crv = RequiredString(jwk, "crv");
        var x = Coordinate(jwk, "x");
        switch (kty)
        {
            case "EC":
            {
                var curve = crv switch
                {
                    "P-256" => CoseKeyCurve.P256,
                    "P-384" => CoseKeyCurve.P384,
                    "P-521" => CoseKeyCurve.P521,
                    _ => throw Invalid("The JWK EC curve is not supported."),
                };
                var y = Coordinate(jwk, "y");
                var size = curve switch { CoseKeyCurve.P256 => 32, CoseKeyCurve.P384 => 48, _ => 66 };
                if (x.Length != size || y.Length != size)
                {
                    throw Invalid("The JWK coordinates do not have the curve's length.");
                }

                var parameters = new ECParameters
                {
                    Curve = curve switch
                    {
                        CoseKeyCurve.P256 => ECCurve.NamedCurves.nistP256,
                        CoseKeyCurve.P384 => ECCurve.NamedCurves.nistP384,
                        _ => ECCurve.NamedCurves.nistP521,
                    },
                    Q = new ECPoint { X = x, Y = y },
                };
                var key = CoseKey.FromECParameters(parameters);
                try
                {
                    // The curve equation, as for a COSE_Key: importing into OpenSSL to find out costs about two ECDSA
                    // verifications, and every presentation's cnf.jwk is read.
                    key.CheckOnCurve();
                }
                catch (CredentialFormatException e)
                {
                    throw new CredentialFormatException(JoseFailureCodes.InvalidKey, "The JWK is not a point on its curve.", e);
                }

                return key;
            }

            case "OKP":
                if (crv != "Ed25519")
                {
                    throw Invalid("The JWK OKP curve is not supported.");
                }

                return x.Length == 32 ? CoseKey.FromEd25519(x) : throw Invalid("An Ed25519 JWK must be 32 bytes.");
            default:
                throw Invalid("The JWK key type is not supported.");
        }
    }

    internal static string? OptionalString(JsonObject jwk, string name) =>
        jwk.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    internal static byte[] Coordinate(JsonObject jwk, string name) =>
        Base64UrlEncoding.TryDecode(RequiredString(jwk, name), out var bytes)
            ? bytes
            : throw Invalid($"The JWK parameter '{name}' is not canonical base64url.");

    private static byte[] UnsignedInteger(JsonObject jwk, string name)
    {
        var bytes = Coordinate(jwk, name);
        return bytes.Length > 0 && bytes[0] != 0
            ? bytes
            : throw Invalid($"The JWK parameter '{name}' is not a minimal big-endian integer (RFC 7518 Base64urlUInt).");
    }

    internal static CredentialFormatException Invalid(string message) => new(JoseFailureCodes.InvalidKey, message);

    private static string RequiredString(JsonObject jwk, string name) =>
        OptionalString(jwk, name) ?? throw Invalid($"The JWK parameter '{name}' is missing or not a string.");
}
