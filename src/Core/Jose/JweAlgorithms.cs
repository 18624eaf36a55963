namespace Honnin.Jose;

/// <summary>
/// The JWE names (RFC 7518 §4.6, §5.3) Honnin supports for encrypted responses (OpenID4VP 1.0 §8.3): the key management
/// algorithm <c>ECDH-ES</c> (direct key agreement on P-256, no encrypted key) and the content encryption algorithms
/// <c>A128GCM</c> and <c>A256GCM</c>. Key wrapping (<c>ECDH-ES+A128KW</c>, …), RSA key transport, <c>dir</c> and the
/// CBC-HMAC family are not supported. Which of them a verifier accepts is its own policy.
/// </summary>
public static class JweAlgorithms
{
    /// <summary>The <c>alg</c> of Elliptic Curve Diffie-Hellman Ephemeral-Static direct key agreement (RFC 7518 §4.6).</summary>
    public const string EcdhEs = "ECDH-ES";

    /// <summary>The <c>enc</c> of AES-GCM with a 128-bit key (RFC 7518 §5.3), the OpenID4VP default.</summary>
    public const string A128Gcm = "A128GCM";

    /// <summary>The <c>enc</c> of AES-GCM with a 256-bit key (RFC 7518 §5.3).</summary>
    public const string A256Gcm = "A256GCM";

    /// <summary>Whether an <c>enc</c> value (case-sensitive) is one Honnin supports.</summary>
    /// <param name="encryption">The <c>enc</c> value.</param>
    /// <returns>True for <see cref="A128Gcm"/> and <see cref="A256Gcm"/>.</returns>
    public static bool IsSupportedEncryption(string? encryption) => encryption is A128Gcm or A256Gcm;

    /// <summary>The content encryption key length of a supported <c>enc</c>, in bytes.</summary>
    internal static int KeyLength(string encryption) => encryption == A256Gcm ? 32 : 16;
}
