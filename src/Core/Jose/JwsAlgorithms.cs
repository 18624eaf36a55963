using System.Diagnostics.CodeAnalysis;
using Honnin.Crypto;

namespace Honnin.Jose;

/// <summary>
/// The JWS <c>alg</c> names (RFC 7518, RFC 8037) of the signature algorithms Honnin supports: ES256, ES384, ES512,
/// EdDSA (Ed25519), and RS256, RS384, RS512, PS256, PS384, PS512 (RSA keys of at least 2048 bits). <c>none</c>, the HMAC
/// family and every other name are not supported, so a token can never be "verified" without a signature or with an
/// HMAC keyed with a public key. Which of them a verifier accepts is its own policy.
/// </summary>
public static class JwsAlgorithms
{
    /// <summary>The JWS name of a supported signature algorithm.</summary>
    /// <param name="algorithm">A JWS signature algorithm (not <see cref="CoseAlgorithm.HMAC256"/>).</param>
    /// <returns>The <c>alg</c> value.</returns>
    /// <exception cref="ArgumentException">The algorithm is not a supported signature algorithm.</exception>
    public static string ToName(CoseAlgorithm algorithm) => algorithm switch
    {
        CoseAlgorithm.ES256 => "ES256",
        CoseAlgorithm.ES384 => "ES384",
        CoseAlgorithm.ES512 => "ES512",
        CoseAlgorithm.EdDSA => "EdDSA",
        CoseAlgorithm.RS256 => "RS256",
        CoseAlgorithm.RS384 => "RS384",
        CoseAlgorithm.RS512 => "RS512",
        CoseAlgorithm.PS256 => "PS256",
        CoseAlgorithm.PS384 => "PS384",
        CoseAlgorithm.PS512 => "PS512",
        _ => throw new ArgumentException("Not a JWS signature algorithm Honnin supports.", nameof(algorithm)),
    };

    /// <summary>Whether an algorithm is one of the RSA signature algorithms.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>True for RS256, RS384, RS512, PS256, PS384 and PS512.</returns>
    public static bool IsRsa(CoseAlgorithm algorithm) => Crypto.SignatureVerifier.RsaPadding(algorithm) is not null;

    /// <summary>Maps an <c>alg</c> value (case-sensitive) to a supported signature algorithm.</summary>
    /// <param name="name">The <c>alg</c> value.</param>
    /// <param name="algorithm">The algorithm, when supported.</param>
    /// <returns>Whether the name is a supported signature algorithm.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out CoseAlgorithm algorithm)
    {
        (var ok, algorithm) = name switch
        {
            "ES256" => (true, CoseAlgorithm.ES256),
            "ES384" => (true, CoseAlgorithm.ES384),
            "ES512" => (true, CoseAlgorithm.ES512),
            "EdDSA" => (true, CoseAlgorithm.EdDSA),
            "RS256" => (true, CoseAlgorithm.RS256),
            "RS384" => (true, CoseAlgorithm.RS384),
            "RS512" => (true, CoseAlgorithm.RS512),
            "PS256" => (true, CoseAlgorithm.PS256),
            "PS384" => (true, CoseAlgorithm.PS384),
            "PS512" => (true, CoseAlgorithm.PS512),
            _ => (false, default(CoseAlgorithm)),
        };
        return ok;
    }
}
