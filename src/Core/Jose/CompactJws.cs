using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;

namespace Honnin.Jose;

/// <summary>
/// A JWS in compact serialization (RFC 7515 §3.1) with a JSON object header and an asymmetric signature
/// (ES256, ES384, ES512, EdDSA, and the RSA algorithms RS256/384/512 and PS256/384/512). A parsed JWS keeps the text it was read from, and verification uses the received
/// <c>header.payload</c> characters: nothing is re-encoded.
/// </summary>
/// <remarks>
/// Honnin writes and verifies JWS itself instead of using <c>Microsoft.IdentityModel.JsonWebTokens</c>: signing goes
/// through the asynchronous <see cref="ISigner"/> (HSM, KMS, secure element), verification through
/// <see cref="SignatureVerifier"/> over the exact received bytes, and SD-JWT needs the received header, payload and
/// signature strings kept verbatim for <c>sd_hash</c>, none of which fits that library's token model.
/// </remarks>
public sealed class CompactJws
{
    private const int MaxX5cCertificates = 10;
    private readonly JsonObject _header;
    private readonly byte[] _payload;
    private readonly byte[] _signature;

    private CompactJws(string text, int firstDot, int secondDot, JsonObject header, byte[] payload, byte[] signature, CoseAlgorithm algorithm, IReadOnlyList<ReadOnlyMemory<byte>> x5c)
    {
        Text = text;
        EncodedHeader = text[..firstDot];
        EncodedPayload = text[(firstDot + 1)..secondDot];
        EncodedSignature = text[(secondDot + 1)..];
        _header = header;
        _payload = payload;
        _signature = signature;
        Algorithm = algorithm;
        X5c = x5c;
        Type = JsonWebKey.OptionalString(header, "typ");
        KeyId = JsonWebKey.OptionalString(header, "kid");
    }

    /// <summary>The JWS as received (or as built): <c>header.payload.signature</c>.</summary>
    public string Text { get; }

    /// <summary>The base64url protected header, as received.</summary>
    public string EncodedHeader { get; }

    /// <summary>The base64url payload, as received.</summary>
    public string EncodedPayload { get; }

    /// <summary>The base64url signature, as received.</summary>
    public string EncodedSignature { get; }

    /// <summary>The signing input, <c>header.payload</c>, as received.</summary>
    public string SigningInput => Text[..(EncodedHeader.Length + 1 + EncodedPayload.Length)];

    /// <summary>The decoded payload bytes.</summary>
    public ReadOnlyMemory<byte> Payload => _payload;

    /// <summary>The decoded signature (r || s for ECDSA).</summary>
    public ReadOnlyMemory<byte> Signature => _signature;

    /// <summary>The signature algorithm named by <c>alg</c>.</summary>
    public CoseAlgorithm Algorithm { get; }

    /// <summary>The <c>typ</c> header, when present.</summary>
    public string? Type { get; }

    /// <summary>The <c>kid</c> header, when present as a string (other types are ignored: the key id is never a trust decision).</summary>
    public string? KeyId { get; }

    /// <summary>The DER certificates of the <c>x5c</c> header, leaf first; empty when absent.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> X5c { get; }

    /// <summary>Parses a compact JWS.</summary>
    /// <param name="text">The JWS text.</param>
    /// <param name="options">Bounds for the header JSON; defaults when null.</param>
    /// <returns>The JWS.</returns>
    /// <exception cref="CredentialFormatException">
    /// The text is not a compact JWS with a supported signature algorithm and understood headers (codes
    /// <see cref="JoseFailureCodes.Malformed"/>, <see cref="JoseFailureCodes.InvalidBase64Url"/>,
    /// <see cref="JoseFailureCodes.UnsupportedAlgorithm"/>, <see cref="JoseFailureCodes.UnknownCriticalHeader"/>, or a JSON code).
    /// </exception>
    public static CompactJws Parse(string text, StrictJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var firstDot = text.IndexOf('.', StringComparison.Ordinal);
        var secondDot = firstDot < 0 ? -1 : text.IndexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || text.IndexOf('.', secondDot + 1) >= 0 || secondDot == text.Length - 1)
        {
            throw Malformed("A compact JWS must be three base64url parts separated by '.', with a non-empty header and signature.");
        }

        if (!Base64UrlEncoding.TryDecode(text.AsSpan(0, firstDot), out var headerBytes)
            || !Base64UrlEncoding.TryDecode(text.AsSpan(firstDot + 1, secondDot - firstDot - 1), out var payload)
            || !Base64UrlEncoding.TryDecode(text.AsSpan(secondDot + 1), out var signature))
        {
            throw new CredentialFormatException(JoseFailureCodes.InvalidBase64Url, "A part of the compact JWS is not canonical unpadded base64url.");
        }

        var header = StrictJson.Parse(headerBytes, options) as JsonObject ?? throw Malformed("The JWS header is not a JSON object.");
        var algorithm = ReadAlgorithm(header);
        if (header.ContainsKey("crit"))
        {
            throw new CredentialFormatException(JoseFailureCodes.UnknownCriticalHeader, "The JWS header has a 'crit' parameter; no critical extension is understood.");
        }

        foreach (var name in new[] { "typ", "cty" })
        {
            if (header.TryGetPropertyValue(name, out var value) && JsonWebKey.OptionalString(header, name) is null && value is not null)
            {
                throw Malformed($"The JWS header parameter '{name}' is not a string.");
            }
        }

        return new CompactJws(text, firstDot, secondDot, header, payload, signature, algorithm, ReadX5c(header));
    }

    /// <summary>Parses a compact JWS without throwing.</summary>
    /// <param name="text">The JWS text.</param>
    /// <param name="jws">The JWS, when parsing succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <param name="options">Bounds for the header JSON.</param>
    /// <returns>Whether parsing succeeded.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out CompactJws? jws, [NotNullWhen(false)] out CredentialFormatException? error, StrictJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CredentialFormatException.Try(() => Parse(text, options), out jws, out error);
    }

    /// <summary>Creates and signs a compact JWS. <c>alg</c> is set from the signer (a different <c>alg</c> in <paramref name="header"/> is an error), and <c>kid</c> from the signer's key id when the header has none.</summary>
    /// <param name="header">Header parameters (copied; the caller's object is not changed).</param>
    /// <param name="payload">The payload bytes.</param>
    /// <param name="signer">The signer.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The signed JWS.</returns>
    /// <exception cref="ArgumentException">The header names another algorithm or a <c>crit</c> parameter, or the signer's algorithm is not a JWS signature algorithm.</exception>
    public static async ValueTask<CompactJws> CreateAsync(JsonObject header, ReadOnlyMemory<byte> payload, ISigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var draft = CompactJwsToBeSigned.Prepare(signer.Algorithm, signer.KeyId, header, payload);
        var signature = await signer.SignAsync(draft.ToBeSigned, cancellationToken).ConfigureAwait(false);
        return draft.Complete(signature);
    }

    /// <summary>Creates and signs a compact JWS whose payload is a JSON object (a JWT), as <see cref="CreateAsync(JsonObject, ReadOnlyMemory{byte}, ISigner, CancellationToken)"/> does.</summary>
    /// <param name="header">Header parameters (copied).</param>
    /// <param name="payload">The claims, written as compact JSON.</param>
    /// <param name="signer">The signer.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The signed JWS.</returns>
    /// <exception cref="ArgumentException">The header names another algorithm or a <c>crit</c> parameter.</exception>
    public static ValueTask<CompactJws> CreateAsync(JsonObject header, JsonObject payload, ISigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return CreateAsync(header, StrictJson.SerializeToUtf8Bytes(payload), signer, cancellationToken);
    }

    /// <summary>A copy of the protected header.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject GetHeader() => (JsonObject)_header.DeepClone();

    /// <summary>Parses the payload as one strict JSON object (the claims of a JWT).</summary>
    /// <param name="options">Bounds; defaults when null.</param>
    /// <returns>A new object the caller owns.</returns>
    /// <exception cref="CredentialFormatException">The payload is not one JSON object within the bounds.</exception>
    public JsonObject ReadPayloadObject(StrictJsonOptions? options = null) =>
        StrictJson.Parse(_payload, options) as JsonObject ?? throw Malformed("The JWS payload is not a JSON object.");

    /// <summary>Verifies the signature over the received <c>header.payload</c> characters.</summary>
    /// <param name="key">The public key; its curve must fit <see cref="Algorithm"/>.</param>
    /// <returns>Whether the signature is valid; false (never an exception) for a key that does not fit.</returns>
    public bool VerifySignature(CoseKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SignatureVerifier.Verify(Algorithm, key, SigningInputBytes(), _signature);
    }

    /// <summary>Verifies an ECDSA signature over the received <c>header.payload</c> characters with a key already loaded (e.g. from a certificate, or kept by a verifier).</summary>
    /// <param name="key">The public key; its curve must fit <see cref="Algorithm"/>.</param>
    /// <returns>Whether the signature is valid; false (never an exception) for a key or algorithm that does not fit.</returns>
    public bool VerifySignature(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SignatureVerifier.Verify(Algorithm, key, SigningInputBytes(), _signature);
    }

    /// <summary>Verifies an RSA signature over the received <c>header.payload</c> characters with a key already loaded (e.g. from a certificate).</summary>
    /// <param name="key">The public key, at least 2048 bits.</param>
    /// <returns>Whether the signature is valid; false (never an exception) for a key or algorithm that does not fit.</returns>
    public bool VerifySignature(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SignatureVerifier.Verify(Algorithm, key, SigningInputBytes(), _signature);
    }

    /// <summary>The JWS text.</summary>
    /// <returns><see cref="Text"/>.</returns>
    public override string ToString() => Text;

    // The ASCII bytes of header.payload, straight from the text (no intermediate substring). Parse accepts only base64url
    // characters and dots there, so every character is ASCII.
    private byte[] SigningInputBytes()
    {
        var input = Text.AsSpan(0, EncodedHeader.Length + 1 + EncodedPayload.Length);
        var bytes = new byte[input.Length];
        Encoding.ASCII.GetBytes(input, bytes);
        return bytes;
    }

    private static CoseAlgorithm ReadAlgorithm(JsonObject header)
    {
        if (!header.TryGetPropertyValue("alg", out var value) || JsonWebKey.OptionalString(header, "alg") is not { } name)
        {
            throw Malformed(value is null ? "The JWS header has no 'alg'." : "The JWS header 'alg' is not a string.");
        }

        return JwsAlgorithms.TryParse(name, out var algorithm)
            ? algorithm
            : throw new CredentialFormatException(JoseFailureCodes.UnsupportedAlgorithm, "The JWS 'alg' is not an ECDSA, EdDSA or RSA signature algorithm Honnin supports ('none' and MAC algorithms are never accepted).");
    }

    private static List<ReadOnlyMemory<byte>> ReadX5c(JsonObject header)
    {
        if (!header.TryGetPropertyValue("x5c", out var node))
        {
            return [];
        }

        if (node is not JsonArray array || array.Count == 0 || array.Count > MaxX5cCertificates)
        {
            throw Malformed($"The JWS 'x5c' header must be an array of 1 to {MaxX5cCertificates} certificates.");
        }

        var result = new List<ReadOnlyMemory<byte>>(array.Count);
        foreach (var item in array)
        {
            // x5c uses standard (padded) base64, not base64url (RFC 7515 §4.1.6).
            if (item is not JsonValue value || !value.TryGetValue<string>(out var text))
            {
                throw Malformed("An 'x5c' entry is not a string.");
            }

            var buffer = new byte[text.Length * 3 / 4 + 3];
            if (!Convert.TryFromBase64String(text, buffer, out var written) || text.Any(char.IsWhiteSpace))
            {
                throw Malformed("An 'x5c' entry is not base64.");
            }

            result.Add(buffer.AsMemory(0, written));
        }

        return result;
    }

    private static CredentialFormatException Malformed(string message) => new(JoseFailureCodes.Malformed, message);
}
