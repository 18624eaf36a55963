using System.Diagnostics.CodeAnalysis;
using Honnin.Cose;

namespace Honnin.Jose;

/// <summary>
/// The JWS <c>alg</c> names (RFC 7518, RFC 8037) of the signature algorithms Honnin supports: ES256, ES384, ES512
/// and EdDSA (Ed25519). <c>none</c>, the HMAC family and every other name are not supported, so a token can never
/// be "verified" without a signature or with an HMAC keyed with a public key.
/// </summary>
public static class JwsAlgorithms
{
    /// <summary>The JWS name of a supported signature algorithm.</summary>
    /// <param name="algorithm">ES256, ES384, ES512 or EdDSA.</param>
    /// <returns>The <c>alg</c> value.</returns>
    /// <exception cref="ArgumentException">The algorithm is not a supported signature algorithm.</exception>
    public static string ToName(CoseAlgorithm algorithm) => algorithm switch
    {
        CoseAlgorithm.ES256 => "ES256",
        CoseAlgorithm.ES384 => "ES384",
        CoseAlgorithm.ES512 => "ES512",
        CoseAlgorithm.EdDSA => "EdDSA",
        _ => throw new ArgumentException("Not a JWS signature algorithm Honnin supports.", nameof(algorithm)),
    };

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
            _ => (false, default(CoseAlgorithm)),
        };
        return ok;
    }
}
