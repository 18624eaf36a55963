namespace Honnin.Cose;

/// <summary>COSE algorithm identifiers (IANA "COSE Algorithms") that Honnin supports.</summary>
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
}
