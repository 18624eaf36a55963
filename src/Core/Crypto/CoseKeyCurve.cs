namespace Honnin.Crypto;

/// <summary>The curves of the COSE keys Honnin supports.</summary>
public enum CoseKeyCurve
{
    /// <summary>NIST P-256 (COSE crv 1).</summary>
    P256,

    /// <summary>NIST P-384 (COSE crv 2).</summary>
    P384,

    /// <summary>NIST P-521 (COSE crv 3).</summary>
    P521,

    /// <summary>Ed25519 (COSE crv 6).</summary>
    Ed25519,

    /// <summary>No curve: an RSA key (<see cref="CoseKeyType.Rsa"/>).</summary>
    None,
}
