using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.SdJwt;

/// <summary>
/// An SD-JWT (RFC 9901): the Issuer-signed JWT, the Disclosures sent with it, and an optional Key Binding JWT. Read
/// from the compact form or from JWS JSON serialization (flattened or general); written in the compact form. Every
/// part keeps the text it was received as: Disclosure digests and <c>sd_hash</c> are computed over it.
/// </summary>
public sealed partial class SelectiveDisclosureJwt
{
    /// <summary>The default bound on the nesting of the processed payload.</summary>
    public const int DefaultMaxProcessingDepth = 64;

    private const int MaxGeneralSignatures = 10;

    // Text that is not well-formed UTF-16 (a lone surrogate) is refused, not silently replaced with U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly JsonObject _payload;

    private SelectiveDisclosureJwt(IReadOnlyList<CompactJws> issuerSignatures, JsonObject payload, IReadOnlyList<Disclosure> disclosures, KeyBindingJwt? keyBinding, SdJwtSerialization serialization)
    {
        IssuerSignatures = new ReadOnlyCollection<CompactJws>([.. issuerSignatures]);
        _payload = payload;
        Disclosures = new ReadOnlyCollection<Disclosure>([.. disclosures]);
        KeyBinding = keyBinding;
        Serialization = serialization;
        if (payload.TryGetPropertyValue("_sd_alg", out var alg))
        {
            HashAlgorithmName = alg is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : throw new CredentialFormatException(SdJwtFailureCodes.HashAlgorithmNotAccepted, "'_sd_alg' is not a string.");
        }
        else
        {
            HashAlgorithmName = SdHashAlgorithm.Sha256.Name;
        }

        HashAlgorithm = SdHashAlgorithm.TryFromName(HashAlgorithmName, out var algorithm) ? algorithm : null;
    }

    /// <summary>The Issuer-signed JWT (for General JSON serialization, the first signature, which <c>sd_hash</c> uses).</summary>
    public CompactJws IssuerSigned => IssuerSignatures[0];

    /// <summary>Every signature of the Issuer-signed JWT: one, or several for General JSON serialization (all over the same payload).</summary>
    public IReadOnlyList<CompactJws> IssuerSignatures { get; }

    /// <summary>The Disclosures sent, in the order received.</summary>
    public IReadOnlyList<Disclosure> Disclosures { get; }

    /// <summary>The Key Binding JWT, when one was sent.</summary>
    public KeyBindingJwt? KeyBinding { get; }

    /// <summary>How the SD-JWT was serialized when read (<see cref="SdJwtSerialization.Compact"/> when created).</summary>
    public SdJwtSerialization Serialization { get; }

    /// <summary>The <c>_sd_alg</c> value, or <c>sha-256</c> when absent.</summary>
    public string HashAlgorithmName { get; }

    /// <summary>The hash algorithm named by <c>_sd_alg</c>, or null when it is not one Honnin supports.</summary>
    public SdHashAlgorithm? HashAlgorithm { get; }

    /// <summary>Reads an SD-JWT in the compact form or in JWS JSON serialization (text starting with <c>{</c>).</summary>
    /// <param name="text">The SD-JWT or SD-JWT+KB.</param>
    /// <param name="options">Bounds; <see cref="SdJwtParseOptions.Default"/> when null.</param>
    /// <returns>The SD-JWT.</returns>
    /// <exception cref="CredentialFormatException">
    /// The text is not a well-formed SD-JWT (codes from <see cref="SdJwtFailureCodes"/> and <see cref="JoseFailureCodes"/>).
    /// </exception>
    public static SelectiveDisclosureJwt Parse(string text, SdJwtParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= SdJwtParseOptions.Default;
        if (text.Length > options.MaxLength)
        {
            throw new CredentialFormatException(SdJwtFailureCodes.TooLarge, $"The SD-JWT is {text.Length} characters; the limit is {options.MaxLength}.");
        }

        return text.StartsWith('{') ? ParseJson(text, options) : ParseCompact(text, options);
    }

    /// <summary>Reads an SD-JWT without throwing.</summary>
    /// <param name="text">The SD-JWT or SD-JWT+KB.</param>
    /// <param name="sdJwt">The SD-JWT, when reading succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <param name="options">Bounds.</param>
    /// <returns>Whether reading succeeded.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out SelectiveDisclosureJwt? sdJwt, [NotNullWhen(false)] out CredentialFormatException? error, SdJwtParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CredentialFormatException.Try(() => Parse(text, options), out sdJwt, out error);
    }

    /// <summary>A copy of the Issuer-signed JWT payload, before processing (with <c>_sd</c>, <c>_sd_alg</c> and digests).</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject GetIssuerPayload() => (JsonObject)_payload.DeepClone();

    /// <summary>The compact form: <c>&lt;JWT&gt;~&lt;D1&gt;~…~&lt;Dn&gt;~</c> followed by the KB-JWT when there is one.</summary>
    /// <returns>The text.</returns>
    public string Serialize() => KeyBinding is null ? SerializeWithoutKeyBinding() : SerializeWithoutKeyBinding() + KeyBinding.Text;

    /// <summary>
    /// The compact form without the KB-JWT, ending in <c>~</c>: the input of <c>sd_hash</c> (RFC 9901 §4.3.1). For JSON
    /// serialization it is rebuilt from the first signature's protected header, the payload, its signature and the Disclosures.
    /// </summary>
    /// <returns>The text.</returns>
    public string SerializeWithoutKeyBinding()
    {
        var builder = new StringBuilder(IssuerSigned.Text.Length + 1 + Disclosures.Sum(d => d.Encoded.Length + 1));
        builder.Append(IssuerSigned.Text).Append('~');
        foreach (var disclosure in Disclosures)
        {
            builder.Append(disclosure.Encoded).Append('~');
        }

        return builder.ToString();
    }

    /// <summary>The <c>sd_hash</c> a KB-JWT for this presentation must carry.</summary>
    /// <param name="algorithm">The hash algorithm (the SD-JWT's <c>_sd_alg</c>).</param>
    /// <returns>base64url(hash(ASCII of <see cref="SerializeWithoutKeyBinding"/>)).</returns>
    public string ComputeSdHash(SdHashAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return algorithm.ComputeDigest(SerializeWithoutKeyBinding());
    }

    /// <summary>The same Issuer-signed JWT with other Disclosures and no KB-JWT.</summary>
    /// <param name="disclosures">The Disclosures, in the order to send them.</param>
    /// <returns>A new SD-JWT in the compact form.</returns>
    public SelectiveDisclosureJwt WithDisclosures(IEnumerable<Disclosure> disclosures)
    {
        ArgumentNullException.ThrowIfNull(disclosures);
        return new SelectiveDisclosureJwt(IssuerSignatures, _payload, [.. disclosures], null, SdJwtSerialization.Compact);
    }

    /// <summary>This SD-JWT with a KB-JWT attached (replacing any it had).</summary>
    /// <param name="keyBinding">The KB-JWT; see <see cref="KeyBindingJwt.CreateAsync"/>.</param>
    /// <returns>A new SD-JWT+KB in the compact form.</returns>
    public SelectiveDisclosureJwt WithKeyBinding(KeyBindingJwt keyBinding)
    {
        ArgumentNullException.ThrowIfNull(keyBinding);
        return new SelectiveDisclosureJwt(IssuerSignatures, _payload, Disclosures, keyBinding, SdJwtSerialization.Compact);
    }

    /// <summary>This SD-JWT without its KB-JWT.</summary>
    /// <returns>A new SD-JWT in the compact form.</returns>
    public SelectiveDisclosureJwt WithoutKeyBinding() => new(IssuerSignatures, _payload, Disclosures, null, SdJwtSerialization.Compact);

    /// <summary>The compact form; see <see cref="Serialize"/>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Serialize();

    /// <summary>Assembles an SD-JWT (compact, no KB-JWT) from an Issuer-signed JWT and Disclosures, as an issuer does after signing.</summary>
    /// <param name="issuerSigned">The Issuer-signed JWT.</param>
    /// <param name="disclosures">The Disclosures, in the order they are to be sent.</param>
    /// <returns>The SD-JWT; it is not processed or verified here.</returns>
    /// <exception cref="CredentialFormatException">The JWT payload is not a JSON object.</exception>
    public static SelectiveDisclosureJwt Create(CompactJws issuerSigned, IEnumerable<Disclosure> disclosures)
    {
        ArgumentNullException.ThrowIfNull(issuerSigned);
        ArgumentNullException.ThrowIfNull(disclosures);
        return new([issuerSigned], issuerSigned.ReadPayloadObject(), [.. disclosures], null, SdJwtSerialization.Compact);
    }

    private static SelectiveDisclosureJwt ParseCompact(string text, SdJwtParseOptions options)
    {
        if (text.IndexOf('~', StringComparison.Ordinal) < 0)
        {
            throw new CredentialFormatException(SdJwtFailureCodes.MissingSeparator, "The SD-JWT has no '~' after the Issuer-signed JWT; the trailing '~' must not be omitted.");
        }

        var separators = text.AsSpan().Count('~');
        if (separators - 1 > options.MaxDisclosures)
        {
            throw new CredentialFormatException(SdJwtFailureCodes.TooLarge, $"The SD-JWT has {separators - 1} Disclosures; the limit is {options.MaxDisclosures}.");
        }

        var parts = text.Split('~');

        var last = parts[^1];
        if (last.Length > 0 && !last.Contains('.', StringComparison.Ordinal))
        {
            throw new CredentialFormatException(SdJwtFailureCodes.MissingSeparator, "The last part of the SD-JWT is neither empty nor a KB-JWT: the trailing '~' is missing.");
        }

        var issuerSigned = ParseIssuerJws(parts[0], options);
        var disclosures = ParseDisclosures(parts.AsSpan(1, parts.Length - 2), options);
        var keyBinding = last.Length == 0 ? null : KeyBindingJwt.Parse(last, options.Json);
        return new SelectiveDisclosureJwt([issuerSigned], ReadPayload(issuerSigned, options), disclosures, keyBinding, SdJwtSerialization.Compact);
    }

    private static SelectiveDisclosureJwt ParseJson(string text, SdJwtParseOptions options)
    {
        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new CredentialFormatException(JoseFailureCodes.InvalidJson, "The JWS JSON serialization is not well-formed Unicode (it holds a lone surrogate).", e);
        }

        var root = StrictJson.ParseObject(utf8, options.Json);
        var payload = RequiredString(root, "payload", "The JWS JSON serialization");
        if (root.TryGetPropertyValue("signatures", out var signaturesNode))
        {
            if (root.ContainsKey("protected") || root.ContainsKey("signature") || root.ContainsKey("header"))
            {
                throw Malformed("General JWS JSON serialization must not also carry top-level 'protected', 'header' or 'signature'.");
            }

            if (signaturesNode is not JsonArray signatures || signatures.Count == 0 || signatures.Count > MaxGeneralSignatures)
            {
                throw Malformed($"'signatures' must be an array of 1 to {MaxGeneralSignatures} objects.");
            }

            var issuerSignatures = new List<CompactJws>(signatures.Count);
            IReadOnlyList<Disclosure> disclosures = [];
            KeyBindingJwt? keyBinding = null;
            for (var i = 0; i < signatures.Count; i++)
            {
                if (signatures[i] is not JsonObject signature)
                {
                    throw Malformed("Each 'signatures' entry must be an object.");
                }

                issuerSignatures.Add(ParseIssuerJws(RequiredString(signature, "protected", "A signature") + "." + payload + "." + RequiredString(signature, "signature", "A signature"), options));
                var header = OptionalHeader(signature);
                if (i == 0)
                {
                    (disclosures, keyBinding) = ReadUnprotectedHeader(header, options);
                }
                else if (header is not null && (header.ContainsKey("disclosures") || header.ContainsKey("kb_jwt")))
                {
                    throw Malformed("In General JWS JSON serialization, 'disclosures' and 'kb_jwt' belong in the first signature's unprotected header only.");
                }
            }

            return new SelectiveDisclosureJwt(issuerSignatures, ReadPayload(issuerSignatures[0], options), disclosures, keyBinding, SdJwtSerialization.JsonGeneral);
        }

        var issuerSigned = ParseIssuerJws(RequiredString(root, "protected", "The JWS JSON serialization") + "." + payload + "." + RequiredString(root, "signature", "The JWS JSON serialization"), options);
        var (flattenedDisclosures, flattenedKeyBinding) = ReadUnprotectedHeader(OptionalHeader(root), options);
        return new SelectiveDisclosureJwt([issuerSigned], ReadPayload(issuerSigned, options), flattenedDisclosures, flattenedKeyBinding, SdJwtSerialization.JsonFlattened);
    }

    private static (IReadOnlyList<Disclosure> Disclosures, KeyBindingJwt? KeyBinding) ReadUnprotectedHeader(JsonObject? header, SdJwtParseOptions options)
    {
        if (header is null)
        {
            return ([], null);
        }

        IReadOnlyList<Disclosure> disclosures = [];
        if (header.TryGetPropertyValue("disclosures", out var disclosuresNode))
        {
            if (disclosuresNode is not JsonArray array)
            {
                throw Malformed("The unprotected header 'disclosures' must be an array of strings.");
            }

            if (array.Count > options.MaxDisclosures)
            {
                throw new CredentialFormatException(SdJwtFailureCodes.TooLarge, $"The SD-JWT has {array.Count} Disclosures; the limit is {options.MaxDisclosures}.");
            }

            var encoded = new string[array.Count];
            for (var i = 0; i < array.Count; i++)
            {
                encoded[i] = array[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String
                    ? value.GetValue<string>()
                    : throw Malformed("The unprotected header 'disclosures' must be an array of strings.");
            }

            disclosures = ParseDisclosures(encoded, options);
        }

        KeyBindingJwt? keyBinding = null;
        if (header.TryGetPropertyValue("kb_jwt", out var kbNode))
        {
            keyBinding = kbNode is JsonValue kbValue && kbValue.GetValueKind() == JsonValueKind.String
                ? KeyBindingJwt.Parse(kbValue.GetValue<string>(), options.Json)
                : throw Malformed("The unprotected header 'kb_jwt' must be a string.");
        }

        return (disclosures, keyBinding);
    }

    private static JsonObject? OptionalHeader(JsonObject container) =>
        !container.TryGetPropertyValue("header", out var header) ? null
            : header as JsonObject ?? throw Malformed("The unprotected 'header' must be an object.");

    private static CompactJws ParseIssuerJws(string text, SdJwtParseOptions options)
    {
        if (text.Length == 0)
        {
            throw Malformed("The SD-JWT has no Issuer-signed JWT.");
        }

        return CompactJws.Parse(text, options.Json);
    }

    private static JsonObject ReadPayload(CompactJws issuerSigned, SdJwtParseOptions options) =>
        StrictJson.Parse(issuerSigned.Payload.Span, options.Json) as JsonObject
            ?? throw Malformed("The Issuer-signed JWT payload is not a JSON object.");

    private static Disclosure[] ParseDisclosures(ReadOnlySpan<string> encoded, SdJwtParseOptions options)
    {
        var result = new Disclosure[encoded.Length];
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i].Length == 0)
            {
                throw new CredentialFormatException(SdJwtFailureCodes.DisclosureMalformed, "The SD-JWT has an empty Disclosure ('~~').");
            }

            result[i] = Disclosure.Parse(encoded[i], options.Json);
        }

        return result;
    }

    private static string RequiredString(JsonObject container, string name, string what) =>
        container.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw Malformed($"{what} has no string '{name}'.");

    private static CredentialFormatException Malformed(string message) => new(SdJwtFailureCodes.Malformed, message);
}
