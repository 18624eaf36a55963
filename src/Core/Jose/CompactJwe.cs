using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;

namespace Honnin.Jose;

/// <summary>
/// A JWE in compact serialization (RFC 7516 §3.1) with <c>alg</c> <c>ECDH-ES</c> on P-256 (direct key agreement, RFC
/// 7518 §4.6) and <c>enc</c> <c>A128GCM</c> or <c>A256GCM</c> (RFC 7518 §5.3): what OpenID4VP 1.0 §8.3 uses for
/// encrypted responses (<c>direct_post.jwt</c>, <c>dc_api.jwt</c>). A parsed JWE keeps the text it was read from; the
/// additional authenticated data is the received protected header characters, never a re-encoding.
/// </summary>
/// <remarks>
/// Parsing is strict and bounded: exactly five parts, an empty encrypted key, a 96-bit IV and a 128-bit tag, a
/// duplicate-free JSON object header (<see cref="StrictJson"/>), no <c>crit</c> (no extension is understood) and no
/// <c>zip</c>. The <c>epk</c> must be a public P-256 JWK whose point is on the curve, so an invalid-curve point never
/// reaches the key agreement. Messages name parameters and sizes, never key material, the shared secret or plaintext.
/// </remarks>
public sealed class CompactJwe
{
    /// <summary>The longest compact JWE accepted, in characters (4 MiB): room for a VP Token of several credentials.</summary>
    public const int MaxLength = 4 * 1024 * 1024;

    private const int IvLength = 12;
    private const int TagLength = 16;
    private static readonly string[] StringMembers = ["kid", "typ", "cty"];
    private readonly JsonObject _header;
    private readonly byte[] _partyUInfo;
    private readonly byte[] _partyVInfo;
    private readonly byte[] _iv;
    private readonly byte[] _ciphertext;
    private readonly byte[] _tag;

    private CompactJwe(string text, string encodedHeader, JsonObject header, string encryption, JsonWebKey ephemeralKey, byte[] partyUInfo, byte[] partyVInfo, byte[] iv, byte[] ciphertext, byte[] tag)
    {
        Text = text;
        EncodedHeader = encodedHeader;
        _header = header;
        Encryption = encryption;
        EphemeralKey = ephemeralKey;
        _partyUInfo = partyUInfo;
        _partyVInfo = partyVInfo;
        _iv = iv;
        _ciphertext = ciphertext;
        _tag = tag;
        KeyId = JsonWebKey.OptionalString(header, "kid");
        Type = JsonWebKey.OptionalString(header, "typ");
    }

    /// <summary>The JWE as received: <c>header..iv.ciphertext.tag</c>.</summary>
    public string Text { get; }

    /// <summary>The base64url protected header, as received; its ASCII bytes are the additional authenticated data.</summary>
    public string EncodedHeader { get; }

    /// <summary>The key management algorithm, <c>alg</c>: always <see cref="JweAlgorithms.EcdhEs"/>.</summary>
    public string Algorithm { get; } = JweAlgorithms.EcdhEs;

    /// <summary>The content encryption algorithm, <c>enc</c>: <see cref="JweAlgorithms.A128Gcm"/> or <see cref="JweAlgorithms.A256Gcm"/>.</summary>
    public string Encryption { get; }

    /// <summary>The <c>kid</c> header, when present: the recipient key the sender chose (never a trust decision).</summary>
    public string? KeyId { get; }

    /// <summary>The <c>typ</c> header, when present.</summary>
    public string? Type { get; }

    /// <summary>The sender's ephemeral public key, <c>epk</c>: a P-256 point checked to be on the curve.</summary>
    public JsonWebKey EphemeralKey { get; }

    /// <summary>The decoded <c>apu</c> (Agreement PartyUInfo); empty when absent.</summary>
    public ReadOnlyMemory<byte> AgreementPartyUInfo => _partyUInfo;

    /// <summary>The decoded <c>apv</c> (Agreement PartyVInfo); empty when absent.</summary>
    public ReadOnlyMemory<byte> AgreementPartyVInfo => _partyVInfo;

    /// <summary>The 96-bit initialization vector.</summary>
    public ReadOnlyMemory<byte> InitializationVector => _iv;

    /// <summary>The ciphertext.</summary>
    public ReadOnlyMemory<byte> Ciphertext => _ciphertext;

    /// <summary>The 128-bit authentication tag.</summary>
    public ReadOnlyMemory<byte> AuthenticationTag => _tag;

    /// <summary>Parses a compact JWE. Nothing is decrypted yet.</summary>
    /// <param name="text">The JWE text.</param>
    /// <param name="options">Bounds for the header JSON; defaults when null.</param>
    /// <returns>The JWE.</returns>
    /// <exception cref="CredentialFormatException">
    /// The text is not a compact ECDH-ES JWE Honnin supports (codes <see cref="JoseFailureCodes.JweMalformed"/>,
    /// <see cref="JoseFailureCodes.JweTooLarge"/>, <see cref="JoseFailureCodes.InvalidBase64Url"/>,
    /// <see cref="JoseFailureCodes.JweUnsupportedAlgorithm"/>, <see cref="JoseFailureCodes.JweUnsupportedEncryption"/>,
    /// <see cref="JoseFailureCodes.JweUnsupportedCompression"/>, <see cref="JoseFailureCodes.UnknownCriticalHeader"/>,
    /// <see cref="JoseFailureCodes.JweInvalidEphemeralKey"/>, or a JSON code).
    /// </exception>
    public static CompactJwe Parse(string text, StrictJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= StrictJsonOptions.Default;
        if (text.Length > MaxLength)
        {
            throw new CredentialFormatException(JoseFailureCodes.JweTooLarge, $"The compact JWE is {text.Length} characters; the limit is {MaxLength}.");
        }

        Span<Range> parts = stackalloc Range[6];
        if (text.AsSpan().Split(parts, '.') != 5)
        {
            throw Malformed("A compact JWE must be five parts separated by '.'.");
        }

        var encodedHeader = text[parts[0]];
        if (encodedHeader.Length == 0)
        {
            throw Malformed("The JWE protected header is empty.");
        }

        // Bound the header before decoding it: base64url of MaxInputLength bytes is at most this many characters.
        if (encodedHeader.Length > (options.MaxInputLength / 3 * 4) + 4)
        {
            throw new CredentialFormatException(JoseFailureCodes.JweTooLarge, $"The JWE protected header is longer than the {options.MaxInputLength}-byte JSON limit.");
        }

        var headerBytes = DecodePart(text, parts[0]);
        var header = StrictJson.Parse(headerBytes, options) as JsonObject ?? throw Malformed("The JWE header is not a JSON object.");
        var alg = RequiredString(header, "alg");
        if (alg != JweAlgorithms.EcdhEs)
        {
            throw new CredentialFormatException(JoseFailureCodes.JweUnsupportedAlgorithm, "The JWE 'alg' is not ECDH-ES, the only key management algorithm Honnin supports.");
        }

        var enc = RequiredString(header, "enc");
        if (!JweAlgorithms.IsSupportedEncryption(enc))
        {
            throw new CredentialFormatException(JoseFailureCodes.JweUnsupportedEncryption, "The JWE 'enc' is not A128GCM or A256GCM.");
        }

        if (header.ContainsKey("zip"))
        {
            throw new CredentialFormatException(JoseFailureCodes.JweUnsupportedCompression, "The JWE has a 'zip' header; compressed plaintext is not supported.");
        }

        if (header.ContainsKey("crit"))
        {
            throw new CredentialFormatException(JoseFailureCodes.UnknownCriticalHeader, "The JWE header has a 'crit' parameter; no critical extension is understood.");
        }

        foreach (var name in StringMembers)
        {
            if (header.TryGetPropertyValue(name, out var value) && JsonWebKey.OptionalString(header, name) is null)
            {
                throw Malformed(value is null ? $"The JWE header parameter '{name}' is null." : $"The JWE header parameter '{name}' is not a string.");
            }
        }

        var ephemeralKey = ReadEphemeralKey(header);
        var partyUInfo = OptionalBytes(header, "apu");
        var partyVInfo = OptionalBytes(header, "apv");

        // The other parts after the header, so that a JWE of another algorithm (e.g. RSA-OAEP, with an encrypted key)
        // is reported as such rather than as malformed.
        if (parts[1].End.Value != parts[1].Start.Value)
        {
            throw Malformed("ECDH-ES direct key agreement uses no encrypted key: the second part must be empty.");
        }

        var iv = DecodePart(text, parts[2]);
        var ciphertext = DecodePart(text, parts[3]);
        var tag = DecodePart(text, parts[4]);
        if (iv.Length != IvLength)
        {
            throw Malformed($"The JWE initialization vector is {iv.Length} bytes; AES-GCM here uses {IvLength}.");
        }

        if (tag.Length != TagLength)
        {
            throw Malformed($"The JWE authentication tag is {tag.Length} bytes; AES-GCM here uses {TagLength}.");
        }

        return new CompactJwe(text, encodedHeader, header, enc, ephemeralKey, partyUInfo, partyVInfo, iv, ciphertext, tag);
    }

    /// <summary>Parses a compact JWE without throwing.</summary>
    /// <param name="text">The JWE text.</param>
    /// <param name="jwe">The JWE, when parsing succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <param name="options">Bounds for the header JSON.</param>
    /// <returns>Whether parsing succeeded.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out CompactJwe? jwe, [NotNullWhen(false)] out CredentialFormatException? error, StrictJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CredentialFormatException.Try(() => Parse(text, options), out jwe, out error);
    }

    /// <summary>
    /// Encrypts to a P-256 public key with ECDH-ES: a fresh ephemeral key per call (its public part is the <c>epk</c>),
    /// the Concat KDF of RFC 7518 §4.6.2 (AlgorithmID = <paramref name="encryption"/>), a random 96-bit IV, and the
    /// protected header as additional authenticated data. The shared secret and the content key are wiped.
    /// </summary>
    /// <param name="plaintext">The plaintext; for OpenID4VP, the JSON object of the response parameters.</param>
    /// <param name="recipient">The recipient's public key: EC P-256 (for OpenID4VP, from the verifier's <c>client_metadata.jwks</c>).</param>
    /// <param name="encryption"><see cref="JweAlgorithms.A128Gcm"/> or <see cref="JweAlgorithms.A256Gcm"/>.</param>
    /// <param name="keyId">The <c>kid</c> header; OpenID4VP requires the recipient JWK's <c>kid</c> when it has one.</param>
    /// <param name="agreementPartyUInfo">The <c>apu</c> bytes, written base64url; omitted when empty.</param>
    /// <param name="agreementPartyVInfo">The <c>apv</c> bytes, written base64url; omitted when empty.</param>
    /// <returns>The compact JWE.</returns>
    /// <exception cref="ArgumentException">The recipient key is not a valid EC P-256 key, the encryption is not supported, or the result would be longer than <see cref="MaxLength"/>.</exception>
    public static string Encrypt(ReadOnlySpan<byte> plaintext, JsonWebKey recipient, string encryption, string? keyId = null, ReadOnlySpan<byte> agreementPartyUInfo = default, ReadOnlySpan<byte> agreementPartyVInfo = default)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(encryption);
        if (recipient.Key.KeyType != CoseKeyType.Ec2 || recipient.Key.Curve != CoseKeyCurve.P256)
        {
            throw new ArgumentException("ECDH-ES here needs an EC P-256 recipient key.", nameof(recipient));
        }

        if (!JweAlgorithms.IsSupportedEncryption(encryption))
        {
            throw new ArgumentException("The encryption must be A128GCM or A256GCM.", nameof(encryption));
        }

        if (((long)plaintext.Length + 2) / 3 * 4 > MaxLength)
        {
            throw new ArgumentException($"The plaintext is too large for a compact JWE of at most {MaxLength} characters.", nameof(plaintext));
        }

        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var header = new JsonObject
        {
            ["alg"] = JweAlgorithms.EcdhEs,
            ["enc"] = encryption,
        };
        if (keyId is not null)
        {
            header["kid"] = keyId;
        }

        header["epk"] = JsonWebKey.FromCoseKey(CoseKey.FromECDsa(ephemeral)).ToJsonObject();
        if (!agreementPartyUInfo.IsEmpty)
        {
            header["apu"] = Base64UrlEncoding.Encode(agreementPartyUInfo);
        }

        if (!agreementPartyVInfo.IsEmpty)
        {
            header["apv"] = Base64UrlEncoding.Encode(agreementPartyVInfo);
        }

        var encodedHeader = Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(header));
        var iv = RandomNumberGenerator.GetBytes(IvLength);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagLength];
        Span<byte> key = stackalloc byte[32];
        key = key[..JweAlgorithms.KeyLength(encryption)];
        byte[]? sharedSecret = null;
        try
        {
            using (var peer = ImportRecipient(recipient))
            {
                sharedSecret = ephemeral.DeriveRawSecretAgreement(peer.PublicKey);
            }

            ConcatKdf.DeriveKey(sharedSecret, encryption, agreementPartyUInfo, agreementPartyVInfo, key);
            using var aes = new AesGcm(key, TagLength);
            aes.Encrypt(iv, plaintext, ciphertext, tag, AdditionalData(encodedHeader));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (sharedSecret is not null)
            {
                CryptographicOperations.ZeroMemory(sharedSecret);
            }
        }

        return encodedHeader + ".." + Base64UrlEncoding.Encode(iv) + "." + Base64UrlEncoding.Encode(ciphertext) + "." + Base64UrlEncoding.Encode(tag);
    }

    /// <summary>Decrypts with the recipient's P-256 private key (for a verifier, the ephemeral key of the transaction; see <see cref="PrivateJsonWebKey.ReadECDiffieHellman"/> to store it).</summary>
    /// <param name="recipientKey">The recipient's private key on P-256.</param>
    /// <param name="allowedEncryptions">The <c>enc</c> values the caller accepts (for OpenID4VP, those it offered in <c>encrypted_response_enc_values_supported</c>); both supported values when null.</param>
    /// <returns>The plaintext, a new array the caller owns.</returns>
    /// <exception cref="ArgumentException">The key is not a P-256 key, or <paramref name="allowedEncryptions"/> is empty or names an unsupported value.</exception>
    /// <exception cref="CredentialFormatException">
    /// The <c>enc</c> is not allowed (code <see cref="JoseFailureCodes.JweUnsupportedEncryption"/>), or the JWE does not
    /// decrypt with this key (code <see cref="JoseFailureCodes.JweDecryptionFailed"/>).
    /// </exception>
    public byte[] Decrypt(ECDiffieHellman recipientKey, IReadOnlySet<string>? allowedEncryptions = null)
    {
        ArgumentNullException.ThrowIfNull(recipientKey);
        if (CoseKey.CurveOf(recipientKey.ExportParameters(includePrivateParameters: false).Curve) != CoseKeyCurve.P256)
        {
            throw new ArgumentException("The recipient key must be a P-256 key.", nameof(recipientKey));
        }

        CheckAllowed(allowedEncryptions);
        byte[] sharedSecret;
        using (var peer = EphemeralKey.Key.ToECDiffieHellman())
        {
            sharedSecret = recipientKey.DeriveRawSecretAgreement(peer.PublicKey);
        }

        return Open(sharedSecret);
    }

    /// <summary>Decrypts with a key behind <see cref="IKeyAgreement"/> (a secure element, an HSM, or a <see cref="SoftwareSigner"/>), which computes the ECDH secret without revealing itself.</summary>
    /// <param name="recipientKey">The recipient's P-256 key agreement.</param>
    /// <param name="allowedEncryptions">The <c>enc</c> values the caller accepts; both supported values when null.</param>
    /// <param name="cancellationToken">Cancels the key agreement.</param>
    /// <returns>The plaintext, a new array the caller owns.</returns>
    /// <exception cref="ArgumentException">The key is not a P-256 key, or <paramref name="allowedEncryptions"/> is empty or names an unsupported value.</exception>
    /// <exception cref="CredentialFormatException">
    /// The <c>enc</c> is not allowed (code <see cref="JoseFailureCodes.JweUnsupportedEncryption"/>), or the JWE does not
    /// decrypt with this key (code <see cref="JoseFailureCodes.JweDecryptionFailed"/>).
    /// </exception>
    public async ValueTask<byte[]> DecryptAsync(IKeyAgreement recipientKey, IReadOnlySet<string>? allowedEncryptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipientKey);
        if (recipientKey.PublicKey.KeyType != CoseKeyType.Ec2 || recipientKey.PublicKey.Curve != CoseKeyCurve.P256)
        {
            throw new ArgumentException("The recipient key must be a P-256 key.", nameof(recipientKey));
        }

        CheckAllowed(allowedEncryptions);
        var sharedSecret = await recipientKey.DeriveSharedSecretAsync(EphemeralKey.Key, cancellationToken).ConfigureAwait(false);
        return Open(sharedSecret);
    }

    /// <summary>Decrypts with the recipient's P-256 private key without throwing for a JWE that does not decrypt.</summary>
    /// <param name="recipientKey">The recipient's private key on P-256.</param>
    /// <param name="plaintext">The plaintext, when decryption succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <param name="allowedEncryptions">The <c>enc</c> values the caller accepts; both supported values when null.</param>
    /// <returns>Whether decryption succeeded.</returns>
    /// <exception cref="ArgumentException">The key is not a P-256 key, or <paramref name="allowedEncryptions"/> is empty or names an unsupported value.</exception>
    public bool TryDecrypt(ECDiffieHellman recipientKey, [NotNullWhen(true)] out byte[]? plaintext, [NotNullWhen(false)] out CredentialFormatException? error, IReadOnlySet<string>? allowedEncryptions = null)
    {
        ArgumentNullException.ThrowIfNull(recipientKey);
        return CredentialFormatException.Try(() => Decrypt(recipientKey, allowedEncryptions), out plaintext, out error);
    }

    /// <summary>A copy of the protected header.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject GetHeader() => (JsonObject)_header.DeepClone();

    /// <summary>Names the algorithms, never the content.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => "CompactJwe(" + Algorithm + " " + Encryption + ")";

    private void CheckAllowed(IReadOnlySet<string>? allowedEncryptions)
    {
        if (allowedEncryptions is null)
        {
            return;
        }

        if (allowedEncryptions.Count == 0 || allowedEncryptions.Any(e => !JweAlgorithms.IsSupportedEncryption(e)))
        {
            throw new ArgumentException("Allowed encryptions must be a non-empty set of A128GCM and A256GCM.", nameof(allowedEncryptions));
        }

        if (!allowedEncryptions.Contains(Encryption))
        {
            throw new CredentialFormatException(JoseFailureCodes.JweUnsupportedEncryption, "The JWE 'enc' is not one the caller allows.");
        }
    }

    // Derives the content key from Z (wiping Z), then opens AES-GCM over the received header characters.
    private byte[] Open(byte[] sharedSecret)
    {
        Span<byte> key = stackalloc byte[32];
        key = key[..JweAlgorithms.KeyLength(Encryption)];
        var plaintext = new byte[_ciphertext.Length];
        try
        {
            ConcatKdf.DeriveKey(sharedSecret, Encryption, _partyUInfo, _partyVInfo, key);
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(_iv, _ciphertext, _tag, plaintext, AdditionalData(EncodedHeader));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new CredentialFormatException(JoseFailureCodes.JweDecryptionFailed, "The JWE does not decrypt with this key: the authentication tag does not match.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    // A key read by JsonWebKey is already on its curve; one built from raw parameters is checked by the import.
    private static ECDiffieHellman ImportRecipient(JsonWebKey recipient)
    {
        try
        {
            return recipient.Key.ToECDiffieHellman();
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException("The recipient key is not a valid P-256 public key.", nameof(recipient), e);
        }
    }

    // Parse accepts only base64url characters in the header part, so every character is ASCII.
    private static byte[] AdditionalData(string encodedHeader) => Encoding.ASCII.GetBytes(encodedHeader);

    private static byte[] DecodePart(string text, Range part) =>
        Base64UrlEncoding.TryDecode(text.AsSpan()[part], out var bytes)
            ? bytes
            : throw new CredentialFormatException(JoseFailureCodes.InvalidBase64Url, "A part of the compact JWE is not canonical unpadded base64url.");

    private static JsonWebKey ReadEphemeralKey(JsonObject header)
    {
        if (!header.TryGetPropertyValue("epk", out var node) || node is not JsonObject epk)
        {
            throw new CredentialFormatException(JoseFailureCodes.JweInvalidEphemeralKey, "The JWE header has no 'epk' object.");
        }

        if (JsonWebKey.OptionalString(epk, "kty") != "EC" || JsonWebKey.OptionalString(epk, "crv") != "P-256")
        {
            throw new CredentialFormatException(JoseFailureCodes.JweInvalidEphemeralKey, "The JWE 'epk' is not an EC P-256 key.");
        }

        // FromJson refuses private members and checks the coordinates' length and the curve equation.
        return JsonWebKey.TryFromJson(epk, out var key, out var error)
            ? key
            : throw new CredentialFormatException(JoseFailureCodes.JweInvalidEphemeralKey, "The JWE 'epk' is not a public P-256 point on the curve.", error);
    }

    private static byte[] OptionalBytes(JsonObject header, string name)
    {
        if (!header.TryGetPropertyValue(name, out _))
        {
            return [];
        }

        return JsonWebKey.OptionalString(header, name) is { } text && Base64UrlEncoding.TryDecode(text, out var bytes)
            ? bytes
            : throw Malformed($"The JWE header parameter '{name}' is not a base64url string.");
    }

    private static string RequiredString(JsonObject header, string name)
    {
        if (!header.TryGetPropertyValue(name, out var value) || JsonWebKey.OptionalString(header, name) is not { } text)
        {
            throw Malformed(value is null ? $"The JWE header has no '{name}'." : $"The JWE header '{name}' is not a string.");
        }

        return text;
    }

    private static CredentialFormatException Malformed(string message) => new(JoseFailureCodes.JweMalformed, message);
}
