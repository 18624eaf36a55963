using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.Cli;

/// <summary>Reads and writes key files: EC private keys as PEM, device keys as JWK or JWK sets. Key material is never printed.</summary>
internal static class KeyFiles
{
    /// <summary>Reads an EC private key for key agreement (e.g. the reader's ephemeral key), from PEM or JWK.</summary>
    public static ECDiffieHellman ReadEcdhPrivateKey(string path, string what)
    {
        var text = InputFiles.ReadText(path, what).Trim();
        var key = ECDiffieHellman.Create();
        try
        {
            if (text.StartsWith('{'))
            {
                using var signer = PrivateJsonWebKey.ReadSigner(text);
                using var ecdsa = signer.ExportECDsa();
                key.ImportParameters(ecdsa.ExportParameters(includePrivateParameters: true));
            }
            else
            {
                key.ImportFromPem(text);
            }

            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or JsonException or FormatException or CredentialFormatException or InvalidOperationException)
        {
            key.Dispose();
            throw new InputException(InputException.WrongKind, $"The {what} file '{path}' does not hold an EC private key as PEM or JWK.");
        }
    }

    /// <summary>Reads an EC private key (PKCS#8 or SEC 1 PEM) as a signer.</summary>
    public static SoftwareSigner ReadPemSigner(string path, string what)
    {
        var text = InputFiles.ReadText(path, what);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(text);
            return SoftwareSigner.FromECDsa(key);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new InputException(InputException.WrongKind, $"The {what} file '{path}' does not hold an EC private key as PEM.");
        }
    }

    /// <summary>Reads one private JWK, every key of a JWK set (<c>{"keys": [...]}</c>), or every PEM private key in the file, as signers.</summary>
    public static List<SoftwareSigner> ReadPrivateJwks(string path, string what)
    {
        var text = InputFiles.ReadText(path, what, InputFiles.MaxItemLength);
        if (PemKeys.IsPem(text))
        {
            return PemKeys.ReadSigners(text, path, what);
        }

        return Signers([.. ReadJwkObjects(text, path, what).Select(jwk => jwk.ToJsonString())], path, what);
    }

    /// <summary>
    /// Reads the same keys as <see cref="ReadPrivateJwks"/> as private JWK text, PEM keys converted (for a wallet that
    /// keeps them); not yet checked to be usable keys: <see cref="Signers"/> does that.
    /// </summary>
    public static List<string> ReadPrivateJwkTexts(string path, string what)
    {
        var text = InputFiles.ReadText(path, what, InputFiles.MaxItemLength);
        return PemKeys.IsPem(text) ? PemKeys.ReadPrivateJwks(text, path, what) : [.. ReadJwkObjects(text, path, what).Select(jwk => jwk.ToJsonString())];
    }

    /// <summary>Signers for private JWKs read from <paramref name="path"/>; a key that is not a usable private key is refused.</summary>
    public static List<SoftwareSigner> Signers(IReadOnlyList<string> jwks, string path, string what)
    {
        var signers = new List<SoftwareSigner>();
        try
        {
            foreach (var jwk in jwks)
            {
                signers.Add(PrivateJsonWebKey.ReadSigner(jwk));
            }

            return signers;
        }
        catch (Exception e) when (e is CredentialFormatException or ArgumentException or CryptographicException or InvalidOperationException)
        {
            signers.ForEach(s => s.Dispose());
            throw new InputException(InputException.WrongKind, $"The {what} file '{path}' does not hold private keys (JWK or PEM; EC P-256/384/521 or Ed25519).");
        }
    }

    /// <summary>Reads the public keys of one JWK, a JWK set, or PEM keys (public, or the public halves of private ones).</summary>
    public static List<CoseKey> ReadPublicJwks(string path, string what)
    {
        var text = InputFiles.ReadText(path, what, InputFiles.MaxItemLength);
        if (PemKeys.IsPem(text))
        {
            return PemKeys.ReadPublicKeys(text, path, what);
        }

        try
        {
            return [.. ReadJwkObjects(text, path, what).Select(jwk =>
            {
                jwk.Remove("d");
                return JsonWebKey.FromJson(jwk).Key;
            })];
        }
        catch (Exception e) when (e is CredentialFormatException or ArgumentException or CryptographicException or InvalidOperationException)
        {
            throw new InputException(InputException.WrongKind, $"The {what} file '{path}' does not hold keys (JWK or PEM; EC P-256/384/521 or Ed25519).");
        }
    }

    /// <summary>Writes private keys as one JWK, or as a JWK set when there are several.</summary>
    public static void WritePrivateJwks(string path, IReadOnlyList<string> jwks)
    {
        var text = jwks.Count == 1
            ? JsonNode.Parse(jwks[0])!.ToJsonString(Indented)
            : new JsonObject { ["keys"] = new JsonArray([.. jwks.Select(j => JsonNode.Parse(j))]) }.ToJsonString(Indented);
        OutputFiles.WriteSecretText(path, text + "\n", "--out");
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static List<JsonObject> ReadJwkObjects(string text, string path, string what)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            throw new InputException(InputException.Malformed, $"The {what} file '{path}' is not JSON.");
        }

        if (root is JsonObject set && set["keys"] is JsonArray keys)
        {
            var list = keys.OfType<JsonObject>().Select(k => (JsonObject)k.DeepClone()).ToList();
            return list.Count > 0 && list.Count == keys.Count ? list : throw new InputException(InputException.Malformed, $"The {what} file '{path}' holds an empty or malformed JWK set.");
        }

        return root is JsonObject single ? [single] : throw new InputException(InputException.WrongKind, $"The {what} file '{path}' is neither a JWK nor a JWK set.");
    }
}
