using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;

namespace Honnin.Jose;

/// <summary>
/// A compact JWS prepared for signing elsewhere (an HSM, a remote KMS, an approval that comes later), as
/// <see cref="Cose.CoseSign1ToBeSigned"/> is for COSE: send <see cref="ToBeSigned"/> to the signer, then call
/// <see cref="Complete"/> with the signature it returns.
/// </summary>
public sealed class CompactJwsToBeSigned
{
    private readonly string _signingInput;

    private CompactJwsToBeSigned(CoseAlgorithm algorithm, string signingInput)
    {
        Algorithm = algorithm;
        _signingInput = signingInput;
        ToBeSigned = Encoding.ASCII.GetBytes(signingInput);
    }

    /// <summary>The algorithm the signature must use (named in the protected header's <c>alg</c>).</summary>
    public CoseAlgorithm Algorithm { get; }

    /// <summary>The JWS signing input (ASCII of the encoded header, '.', the encoded payload) to sign.</summary>
    public ReadOnlyMemory<byte> ToBeSigned { get; }

    /// <summary>Prepares a compact JWS: <c>alg</c> first in the protected header, then the given parameters, then <c>kid</c> when the header does not name one.</summary>
    /// <param name="algorithm">The signature algorithm.</param>
    /// <param name="keyId">The signer's key id for <c>kid</c>, or null.</param>
    /// <param name="header">Header parameters (copied).</param>
    /// <param name="payload">The payload bytes.</param>
    /// <returns>The prepared JWS.</returns>
    /// <exception cref="ArgumentException">The header names another algorithm or a <c>crit</c> parameter, or the algorithm has no JWS name.</exception>
    public static CompactJwsToBeSigned Prepare(CoseAlgorithm algorithm, string? keyId, JsonObject header, ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(header);
        var algorithmName = JwsAlgorithms.ToName(algorithm);
        var protectedHeader = (JsonObject)header.DeepClone();
        if (protectedHeader.TryGetPropertyValue("alg", out var given) && (given?.GetValueKind() != System.Text.Json.JsonValueKind.String || given.GetValue<string>() != algorithmName))
        {
            throw new ArgumentException("The header's 'alg' differs from the signer's algorithm.", nameof(header));
        }

        if (protectedHeader.ContainsKey("crit"))
        {
            throw new ArgumentException("Honnin does not create JWS with critical extensions.", nameof(header));
        }

        // 'alg' first, as most producers write it.
        var ordered = new JsonObject { ["alg"] = algorithmName };
        foreach (var (name, value) in protectedHeader.ToList())
        {
            if (name != "alg")
            {
                protectedHeader.Remove(name);
                ordered[name] = value;
            }
        }

        if (keyId is not null && !ordered.ContainsKey("kid"))
        {
            ordered["kid"] = keyId;
        }

        return new CompactJwsToBeSigned(algorithm, Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(ordered)) + "." + Base64UrlEncoding.Encode(payload.Span));
    }

    /// <summary>Assembles the JWS with the signature computed over <see cref="ToBeSigned"/>.</summary>
    /// <param name="signature">The signature (r || s for ECDSA).</param>
    /// <returns>The signed JWS.</returns>
    /// <exception cref="ArgumentException">The signature is empty.</exception>
    public CompactJws Complete(ReadOnlySpan<byte> signature)
    {
        if (signature.IsEmpty)
        {
            throw new ArgumentException("The signature is empty.", nameof(signature));
        }

        return CompactJws.Parse(_signingInput + "." + Base64UrlEncoding.Encode(signature));
    }
}
