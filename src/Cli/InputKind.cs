using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Cli.Commands;
using Honnin.Mdoc;

namespace Honnin.Cli;

/// <summary>The kinds of file the tool reads and writes, told apart by their content.</summary>
internal enum InputKind
{
    Unknown,
    MdocCredentialFile,
    SdJwtCredentialFile,
    SdJwt,
    SdJwtRequest,
    Certificate,
    PrivateKeyPem,
    Jwk,
    JwkSet,
    PseudonymKey,
    Json,
    DeviceResponse,
    DeviceRequest,
    SessionTranscript,
    Cbor,
    Wallet,
}

/// <summary>Recognises what a file holds, so that each command can say "this is X; use Y" instead of a parser error.</summary>
internal static class InputKinds
{
    /// <summary>A plain name for a kind, for messages.</summary>
    public static string Describe(InputKind kind) => kind switch
    {
        InputKind.MdocCredentialFile => "an mdoc credential file (from 'honnin issue --format mdoc')",
        InputKind.SdJwtCredentialFile => "an SD-JWT VC credential file (from 'honnin issue --format sd-jwt')",
        InputKind.SdJwt => "an SD-JWT (VC)",
        InputKind.SdJwtRequest => "an SD-JWT presentation request (from 'honnin request --format sd-jwt')",
        InputKind.Certificate => "an X.509 certificate",
        InputKind.PrivateKeyPem => "a PEM private key",
        InputKind.Jwk => "a JWK",
        InputKind.JwkSet => "a JWK set",
        InputKind.PseudonymKey => "a pseudonym key (from 'honnin pseudonym-key create')",
        InputKind.Json => "JSON",
        InputKind.DeviceResponse => "an mdoc DeviceResponse",
        InputKind.DeviceRequest => "an mdoc DeviceRequest",
        InputKind.SessionTranscript => "an mdoc SessionTranscript",
        InputKind.Cbor => "CBOR",
        InputKind.Wallet => "an SQLite database, such as a wallet from 'honnin wallet import'",
        _ => "not a file the tool knows",
    };

    /// <summary>The credential format a kind belongs to, if it belongs to one.</summary>
    public static string? FormatOf(InputKind kind) => kind switch
    {
        InputKind.MdocCredentialFile or InputKind.DeviceResponse or InputKind.DeviceRequest => "mdoc",
        InputKind.SdJwtCredentialFile or InputKind.SdJwt or InputKind.SdJwtRequest => "sd-jwt",
        _ => null,
    };

    /// <summary>Recognises the content of a file (raw bytes; hex text is decoded as the readers do).</summary>
    public static InputKind Detect(byte[] raw) => Detect(raw, out _, out _);

    /// <summary>Recognises the content, and gives the decoded bytes and, for CBOR, the decoded item.</summary>
    public static InputKind Detect(byte[] raw, out byte[] bytes, out CborValue? cbor)
    {
        bytes = raw;
        cbor = null;
        if (raw.AsSpan().StartsWith("SQLite format 3\0"u8))
        {
            // The only SQLite database the tool writes is a wallet; whether it is one is checked when it is opened.
            return InputKind.Wallet;
        }

        if (TryText(raw, out var text))
        {
            var trimmed = text.Trim();
            if (trimmed.StartsWith("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                return InputKind.Certificate;
            }

            if (trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal) && trimmed.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            {
                return InputKind.PrivateKeyPem;
            }

            if (trimmed.StartsWith('{'))
            {
                return DetectJson(trimmed);
            }

            if (SdJwt.SdJwtPresentationRequest.TryParse(trimmed, out _, out _))
            {
                return InputKind.SdJwtRequest;
            }

            if (trimmed.StartsWith("ey", StringComparison.Ordinal) && trimmed.Contains('~', StringComparison.Ordinal))
            {
                return InputKind.SdJwt;
            }

            if (TryHex(trimmed, out var decoded))
            {
                bytes = decoded;
            }
            else
            {
                return InputKind.Unknown;
            }
        }

        if (bytes.Length > 1 && bytes[0] == 0x30 && IsCertificate(bytes))
        {
            return InputKind.Certificate;
        }

        if (!CborDecoder.TryDecode(bytes, out var value, out _, CredentialFile.FileBounds))
        {
            return InputKind.Unknown;
        }

        cbor = value;
        if (value is CborMap map)
        {
            if (map.TryGetValue("honnin", out var marker) && marker is CborTextString { Value: CredentialFile.Marker })
            {
                return InputKind.MdocCredentialFile;
            }

            if (map.TryGetValue("docRequests", out _))
            {
                return InputKind.DeviceRequest;
            }

            if (map.TryGetValue("documents", out _) || map.TryGetValue("status", out _))
            {
                return InputKind.DeviceResponse;
            }
        }

        return SessionTranscript.TryDecode(bytes, out _, out _) ? InputKind.SessionTranscript : InputKind.Cbor;
    }

    /// <summary>
    /// The format to use: the one given, unless the file plainly holds the other ("this looks like an SD-JWT; use --format
    /// sd-jwt"); when none is given, the file's own, if it has one.
    /// </summary>
    public static string ResolveFormat(string? requested, InputKind found, string option, string path)
    {
        var detected = FormatOf(found);
        if (requested is null)
        {
            return detected ?? throw new UsageException($"The format of the {option} file '{path}' cannot be told from its content ({Describe(found)}); give --format mdoc or --format sd-jwt.");
        }

        if (detected is not null && detected != requested)
        {
            throw new InputException(InputException.WrongFormat, $"The {option} file '{path}' is {Describe(found)}; this looks like {(detected == "sd-jwt" ? "an SD-JWT" : "an mdoc")}: use --format {detected} (or leave --format out).");
        }

        return requested;
    }

    /// <summary>The message for a file of the wrong kind: what it is, and which option or format takes it.</summary>
    public static string WrongKind(string option, string path, InputKind found, string expected)
    {
        var hint = found == InputKind.Unknown ? string.Empty : $"; it holds {Describe(found)}";
        return $"The {option} file '{path}' is not {expected}{hint}.";
    }

    private static InputKind DetectJson(string text)
    {
        try
        {
            if (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) is not JsonObject json)
            {
                return InputKind.Json;
            }

            if (json["honnin"] is JsonValue marker && marker.TryGetValue<string>(out var name))
            {
                return name == SdJwtCredentialFile.Marker ? InputKind.SdJwtCredentialFile : InputKind.Json;
            }

            if (json["use"] is JsonValue use && use.TryGetValue<string>(out var purpose) && purpose == PseudonymKeyCommand.Use)
            {
                return InputKind.PseudonymKey;
            }

            if (json["keys"] is JsonArray)
            {
                return InputKind.JwkSet;
            }

            return json["kty"] is not null ? InputKind.Jwk : InputKind.Json;
        }
        catch (JsonException)
        {
            return InputKind.Unknown;
        }
    }

    private static bool IsCertificate(byte[] bytes)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(bytes);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool TryText(byte[] raw, out string text)
    {
        text = string.Empty;
        try
        {
            text = new UTF8Encoding(false, true).GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        // CBOR that happens to be valid UTF-8 has control characters; text files do not.
        return text.All(c => !char.IsControl(c) || c is '\n' or '\r' or '\t');
    }

    /// <summary>Reads hex text, white space allowed between the digits; false for anything else or an odd count.</summary>
    internal static bool TryHex(string text, out byte[] bytes)
    {
        bytes = [];
        var digits = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiHexDigit(c))
            {
                digits.Append(c);
            }
            else if (!char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        if (digits.Length == 0 || digits.Length % 2 != 0)
        {
            return false;
        }

        bytes = Convert.FromHexString(digits.ToString());
        return true;
    }
}
