using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// The checks DPoP proofs and OpenID4VCI key proofs share: a compact JWS of an allowed asymmetric algorithm, typed,
/// signed by the public key in its <c>jwk</c> header, with an <c>iat</c> in the accepted window. Each check returns a
/// description of what is wrong (naming parameters, never values), or null when it passed.
/// </summary>
internal static class ProofJwtChecks
{
    /// <summary>The longest proof read, in characters (a key proof may carry a key attestation with certificates).</summary>
    internal const int MaxLength = 32 * 1024;

    private static readonly StrictJsonOptions JsonBounds = new() { MaxInputLength = MaxLength, MaxDepth = 8 };

    /// <summary>Refuses an empty list, and any algorithm that is not an asymmetric JWS signature algorithm.</summary>
    /// <param name="algorithms">The allowed algorithms.</param>
    /// <param name="name">The option's name, for the exception.</param>
    /// <exception cref="ArgumentException">The list is empty or holds something else.</exception>
    internal static void CheckAlgorithms(IReadOnlyCollection<CoseAlgorithm>? algorithms, string name)
    {
        if (algorithms is null || algorithms.Count == 0)
        {
            throw new ArgumentException("At least one algorithm is allowed.", name);
        }

        foreach (var algorithm in algorithms)
        {
            if (algorithm is not (CoseAlgorithm.ES256 or CoseAlgorithm.ES384 or CoseAlgorithm.ES512 or CoseAlgorithm.EdDSA) && !JwsAlgorithms.IsRsa(algorithm))
            {
                throw new ArgumentException($"{algorithm} is not an asymmetric JWS signature algorithm.", name);
            }
        }
    }

    /// <summary>Parses the proof and checks its <c>typ</c> and its algorithm, in that order.</summary>
    /// <param name="text">The proof as received.</param>
    /// <param name="type">The <c>typ</c> it must have, exactly.</param>
    /// <param name="algorithms">The algorithms allowed.</param>
    /// <param name="jws">The parsed proof, when every check passed.</param>
    /// <returns>What is wrong, or null.</returns>
    internal static string? CheckForm(string? text, string type, IReadOnlyCollection<CoseAlgorithm> algorithms, out CompactJws? jws)
    {
        jws = null;
        if (string.IsNullOrEmpty(text))
        {
            return "is empty";
        }

        if (text.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters";
        }

        if (!CompactJws.TryParse(text, out var parsed, out var error, JsonBounds))
        {
            return error.Code == JoseFailureCodes.UnsupportedAlgorithm
                ? "has an 'alg' that is missing, 'none', a MAC or not a supported signature algorithm"
                : $"is not a compact JWS with a JSON object header ({error.Code})";
        }

        if (!string.Equals(parsed.Type, type, StringComparison.Ordinal))
        {
            return $"does not have typ '{type}'";
        }

        if (!algorithms.Contains(parsed.Algorithm))
        {
            return $"uses alg '{JwsAlgorithms.ToName(parsed.Algorithm)}', which is not allowed";
        }

        jws = parsed;
        return null;
    }

    /// <summary>Reads the public key of the <c>jwk</c> header and verifies the signature with it.</summary>
    /// <param name="jws">The proof.</param>
    /// <param name="key">The key, when the signature verified.</param>
    /// <returns>What is wrong, or null.</returns>
    internal static string? CheckKey(CompactJws jws, out JsonWebKey? key)
    {
        key = null;
        if (!jws.GetHeader().TryGetPropertyValue("jwk", out var jwk) || jwk is null)
        {
            return "has no 'jwk' header";
        }

        if (jwk is not JsonObject jwkObject || !JsonWebKey.TryFromJson(jwkObject, out var read, out _))
        {
            return "has a 'jwk' header that is not a supported public key (private members are never accepted)";
        }

        if (!jws.VerifySignature(read.Key))
        {
            return "has a signature that does not verify with its 'jwk'";
        }

        key = read;
        return null;
    }

    /// <summary>Reads the claims of a proof whose signature verified.</summary>
    /// <param name="jws">The proof.</param>
    /// <param name="claims">The claims, when they are one JSON object.</param>
    /// <returns>What is wrong, or null.</returns>
    internal static string? ReadClaims(CompactJws jws, out JsonObject? claims)
    {
        claims = null;
        try
        {
            claims = jws.ReadPayloadObject(JsonBounds);
            return null;
        }
        catch (CredentialFormatException e)
        {
            return $"has a payload that is not a JSON object ({e.Code})";
        }
    }

    /// <summary>Checks that <c>iat</c> is a NumericDate no older than <paramref name="maxAge"/> and no further ahead than <paramref name="maxFutureSkew"/>.</summary>
    /// <param name="claims">The claims.</param>
    /// <param name="now">The server's time.</param>
    /// <param name="maxAge">How old it may be.</param>
    /// <param name="maxFutureSkew">How far ahead it may be.</param>
    /// <param name="issuedAt">The <c>iat</c>, when it is a NumericDate.</param>
    /// <returns>What is wrong, or null.</returns>
    internal static string? CheckIssuedAt(JsonObject claims, DateTimeOffset now, TimeSpan maxAge, TimeSpan maxFutureSkew, out DateTimeOffset issuedAt)
    {
        if (!claims.TryGetPropertyValue("iat", out var node) || !JwtNumericDate.TryRead(node, out issuedAt))
        {
            issuedAt = default;
            return "has no 'iat' NumericDate";
        }

        if (issuedAt > now + maxFutureSkew)
        {
            return $"has an 'iat' more than {maxFutureSkew.TotalSeconds:0} s in the future";
        }

        return issuedAt < now - maxAge ? $"has an 'iat' older than {maxAge.TotalSeconds:0} s" : null;
    }

    /// <summary>A claim's value when it is a string.</summary>
    /// <param name="claims">The claims.</param>
    /// <param name="name">The claim.</param>
    /// <returns>The string, or null when the claim is absent or not a string.</returns>
    internal static string? Text(JsonObject claims, string name) =>
        claims.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
