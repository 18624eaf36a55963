using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Honnin.Cli;

/// <summary>Reads EC private keys from PEM (SEC 1 or PKCS#8) or JWK files. Key material is never printed.</summary>
internal static class KeyFiles
{
    /// <summary>Reads an EC private key for key agreement (e.g. the reader's ephemeral key).</summary>
    public static ECDiffieHellman ReadEcdhPrivateKey(string path, string what)
    {
        var text = InputFiles.ReadText(path, what).Trim();
        var key = ECDiffieHellman.Create();
        try
        {
            if (text.StartsWith('{'))
            {
                key.ImportParameters(ReadJwk(text, path, what));
            }
            else
            {
                key.ImportFromPem(text);
            }

            _ = key.ExportParameters(includePrivateParameters: true);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or JsonException or FormatException)
        {
            key.Dispose();
            throw new UsageException($"The {what} file '{path}' does not hold an EC private key as PEM or JWK.");
        }
    }

    private static ECParameters ReadJwk(string json, string path, string what)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        var root = document.RootElement;
        string Member(string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new UsageException($"The {what} file '{path}' is a JWK without '{name}'.");

        if (Member("kty") != "EC")
        {
            throw new UsageException($"The {what} file '{path}' is not an EC JWK.");
        }

        var curve = Member("crv") switch
        {
            "P-256" => ECCurve.NamedCurves.nistP256,
            "P-384" => ECCurve.NamedCurves.nistP384,
            "P-521" => ECCurve.NamedCurves.nistP521,
            _ => throw new UsageException($"The {what} file '{path}' names an unsupported curve."),
        };
        return new ECParameters
        {
            Curve = curve,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(Member("x")), Y = Base64Url.DecodeFromChars(Member("y")) },
            D = Base64Url.DecodeFromChars(Member("d")),
        };
    }
}
