using System.Security.Cryptography;
using System.Text;
using Honnin.Crypto;

namespace Honnin.Jose;

/// <summary>
/// The JWK SHA-256 Thumbprint (RFC 7638): the hash of the key's required public members, in lexicographic order,
/// without white space. OpenID4VP binds an mdoc response to the verifier's encryption key with it
/// (<c>OpenID4VPHandoverInfo</c>).
/// </summary>
public static class JwkThumbprint
{
    /// <summary>The 32-byte SHA-256 thumbprint of a public key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The thumbprint.</returns>
    public static byte[] Sha256(JsonWebKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var k = key.Key;
        var members = k.KeyType switch
        {
            CoseKeyType.Ec2 => $"{{\"crv\":\"{key.Curve}\",\"kty\":\"EC\",\"x\":\"{Base64UrlEncoding.Encode(k.X)}\",\"y\":\"{Base64UrlEncoding.Encode(k.Y)}\"}}",
            CoseKeyType.Okp => $"{{\"crv\":\"{key.Curve}\",\"kty\":\"OKP\",\"x\":\"{Base64UrlEncoding.Encode(k.X)}\"}}",
            _ => $"{{\"e\":\"{Base64UrlEncoding.Encode(k.Exponent)}\",\"kty\":\"RSA\",\"n\":\"{Base64UrlEncoding.Encode(k.Modulus)}\"}}",
        };
        return SHA256.HashData(Encoding.ASCII.GetBytes(members));
    }
}
