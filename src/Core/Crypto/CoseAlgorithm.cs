namespace Honnin.Crypto;

/// <summary>
/// Algorithm identifiers, numbered as IANA "COSE Algorithms", that Honnin supports. COSE messages (mdoc) use ES256, ES384,
/// ES512, EdDSA and HMAC256; the RSA algorithms (RFC 8230 numbers) exist for JWS, where SD-JWT VC issuers use them.
/// </summary>
public enum CoseAlgorithm
{
    /// <summary>ECDSA with SHA-256 on P-256.</summary>
    ES256 = -7,

    /// <summary>ECDSA with SHA-384 on P-384.</summary>
    ES384 = -35,

    /// <summary>ECDSA with SHA-512 on P-521.</summary>
    ES512 = -36,

    /// <summary>EdDSA (Ed25519).</summary>
    EdDSA = -8,

    /// <summary>HMAC with SHA-256, 256-bit tag (mdoc device MAC).</summary>
    HMAC256 = 5,

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 (JWS <c>RS256</c>); SD-JWT only, RSA keys of at least 2048 bits.</summary>
    RS256 = -257,

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-384 (JWS <c>RS384</c>); SD-JWT only, RSA keys of at least 2048 bits.</summary>
    RS384 = -258,

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-512 (JWS <c>RS512</c>); SD-JWT only, RSA keys of at least 2048 bits.</summary>
    RS512 = -259,

    /// <summary>RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt (JWS <c>PS256</c>); SD-JWT only, RSA keys of at least 2048 bits.</summary>
    PS256 = -37,

    /// <summary>RSASSA-PSS with SHA-384, MGF1 with SHA-384 and a 48-byte salt (JWS <c>PS384</c>); SD-JWT only, RSA keys of at least 2048 bits.</summary>
    PS384 = -38,

    /// <summary>RSASSA-PSS with SHA-512, MGF1 with SHA-512 and a 64-byte salt (JWS <c>PS512</c>); SD-JWT only, RSA keys of at least 2048 bits.</summary>
    PS512 = -39,
}
