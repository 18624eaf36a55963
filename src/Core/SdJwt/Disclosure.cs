using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.SdJwt;

/// <summary>
/// An SD-JWT Disclosure (RFC 9901 §4.2.1–4.2.2): base64url of the UTF-8 JSON array <c>[salt, name, value]</c> for an
/// object property or <c>[salt, value]</c> for an array element. A parsed Disclosure keeps the string it was received
/// as, and its digest is computed over that string — JSON has no canonical form, so re-encoding would change it.
/// </summary>
public sealed class Disclosure
{
    private readonly JsonNode? _value;

    private Disclosure(string encoded, string salt, string? claimName, JsonNode? value)
    {
        Encoded = encoded;
        Salt = salt;
        ClaimName = claimName;
        _value = value;
    }

    /// <summary>The base64url Disclosure, exactly as received (or as created).</summary>
    public string Encoded { get; }

    /// <summary>The salt.</summary>
    public string Salt { get; }

    /// <summary>The claim name of an object-property Disclosure; null for an array element.</summary>
    public string? ClaimName { get; }

    /// <summary>Whether this Disclosure is an array element (<c>[salt, value]</c>).</summary>
    public bool IsArrayElement => ClaimName is null;

    internal JsonNode? Value => _value;

    /// <summary>Parses a Disclosure, keeping <paramref name="encoded"/> as its received form.</summary>
    /// <param name="encoded">The base64url Disclosure.</param>
    /// <param name="options">Bounds for the JSON; defaults when null.</param>
    /// <returns>The Disclosure.</returns>
    /// <exception cref="CredentialFormatException">The text is not a well-formed Disclosure (code <see cref="SdJwtFailureCodes.DisclosureMalformed"/>).</exception>
    public static Disclosure Parse(string encoded, StrictJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (!Base64UrlEncoding.TryDecode(encoded, out var bytes) || bytes.Length == 0)
        {
            throw Malformed("A Disclosure is not canonical unpadded base64url.");
        }

        if (!StrictJson.TryParse(bytes, out var node, out var error, options))
        {
            throw new CredentialFormatException(SdJwtFailureCodes.DisclosureMalformed, "A Disclosure is not one well-formed JSON value (" + error.Code + ").", error);
        }

        if (node is not JsonArray array || array.Count is not (2 or 3))
        {
            throw Malformed("A Disclosure must be a JSON array of two or three elements.");
        }

        if (!TryGetString(array[0], out var salt))
        {
            throw Malformed("A Disclosure's salt must be a string.");
        }

        if (array.Count == 2)
        {
            return new Disclosure(encoded, salt, null, Detach(array, 1));
        }

        return TryGetString(array[1], out var name)
            ? new Disclosure(encoded, salt, name, Detach(array, 2))
            : throw Malformed("A Disclosure's claim name must be a string.");
    }

    /// <summary>Parses a Disclosure without throwing.</summary>
    /// <param name="encoded">The base64url Disclosure.</param>
    /// <param name="disclosure">The Disclosure, when parsing succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <param name="options">Bounds for the JSON.</param>
    /// <returns>Whether parsing succeeded.</returns>
    public static bool TryParse(string encoded, [NotNullWhen(true)] out Disclosure? disclosure, [NotNullWhen(false)] out CredentialFormatException? error, StrictJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return CredentialFormatException.Try(() => Parse(encoded, options), out disclosure, out error);
    }

    /// <summary>Creates an object-property Disclosure <c>[salt, name, value]</c>, written as compact JSON.</summary>
    /// <param name="salt">The salt; see <see cref="CreateSalt"/>.</param>
    /// <param name="claimName">The claim name; not <c>_sd</c>, <c>...</c> or <c>_sd_alg</c>.</param>
    /// <param name="value">The value (copied).</param>
    /// <returns>The Disclosure.</returns>
    /// <exception cref="ArgumentException">The claim name is reserved.</exception>
    public static Disclosure CreateObjectProperty(string salt, string claimName, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(claimName);
        if (claimName is "_sd" or "..." or "_sd_alg")
        {
            throw new ArgumentException("The claim names '_sd', '...' and '_sd_alg' are reserved.", nameof(claimName));
        }

        var copy = value?.DeepClone();
        return Create(new JsonArray(salt, claimName, copy), salt, claimName, value?.DeepClone());
    }

    /// <summary>Creates an array-element Disclosure <c>[salt, value]</c>, written as compact JSON.</summary>
    /// <param name="salt">The salt; see <see cref="CreateSalt"/>.</param>
    /// <param name="value">The value (copied).</param>
    /// <returns>The Disclosure.</returns>
    public static Disclosure CreateArrayElement(string salt, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(salt);
        return Create(new JsonArray(salt, value?.DeepClone()), salt, null, value?.DeepClone());
    }

    /// <summary>A fresh salt: 128 bits from <see cref="RandomNumberGenerator"/>, base64url-encoded (RFC 9901 §9.3).</summary>
    /// <returns>The salt.</returns>
    public static string CreateSalt()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        var salt = Base64UrlEncoding.Encode(random);
        CryptographicOperations.ZeroMemory(random);
        return salt;
    }

    /// <summary>A copy of the disclosed value.</summary>
    /// <returns>A new node the caller owns (null for JSON <c>null</c>).</returns>
    public JsonNode? GetValue() => _value?.DeepClone();

    /// <summary>The digest of this Disclosure: base64url(hash(ASCII of <see cref="Encoded"/>)).</summary>
    /// <param name="algorithm">The hash algorithm (the SD-JWT's <c>_sd_alg</c>).</param>
    /// <returns>The digest.</returns>
    public string ComputeDigest(SdHashAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return algorithm.ComputeDigest(Encoded);
    }

    /// <summary>Names the claim (or says it is an array element), never the salt or value.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => ClaimName is null ? "Disclosure(array element)" : "Disclosure('" + ClaimName + "')";

    private static Disclosure Create(JsonArray array, string salt, string? claimName, JsonNode? value) =>
        new(Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(array)), salt, claimName, value);

    private static JsonNode? Detach(JsonArray array, int index)
    {
        var node = array[index];
        array[index] = null;
        return node;
    }

    private static bool TryGetString(JsonNode? node, [NotNullWhen(true)] out string? value)
    {
        value = null;
        return node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.TryGetValue(out value);
    }

    private static CredentialFormatException Malformed(string message) => new(SdJwtFailureCodes.DisclosureMalformed, message);
}
