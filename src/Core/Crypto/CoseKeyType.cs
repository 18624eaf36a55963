namespace Honnin.Crypto;

/// <summary>The key types of the public keys Honnin supports, numbered as COSE <c>kty</c> values (IANA "COSE Key Types").</summary>
public enum CoseKeyType
{
    /// <summary>Octet key pair: Ed25519 (kty 1).</summary>
    Okp = 1,

    /// <summary>Elliptic curve with x and y coordinates: P-256, P-384, P-521 (kty 2).</summary>
    Ec2 = 2,

    /// <summary>RSA (kty 3, RFC 8230): SD-JWT issuer and holder keys only, never mdoc keys.</summary>
    Rsa = 3,
}
