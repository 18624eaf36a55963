using System.Security.Cryptography;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.Cli;

/// <summary>
/// Holder keys as PEM, wherever a JWK is taken: EC (P-256/384/521) and Ed25519, private (PKCS#8, SEC 1) or public (SPKI).
/// A file may hold several blocks: one key per credential of a batch.
/// </summary>
internal static class PemKeys
{
    private static readonly byte[] Ed25519Pkcs8Prefix = Convert.FromHexString("302e020100300506032b657004220420");
    private static readonly byte[] Ed25519SpkiPrefix = Convert.FromHexString("302a300506032b6570032100");

    public static bool IsPem(string text) => text.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);

    /// <summary>Every private key in the PEM text, as signers.</summary>
    public static List<SoftwareSigner> ReadSigners(string text, string path, string what) =>
        ReadPrivateKeys(text, path, what, static seed => SoftwareSigner.FromEd25519Seed(seed), static key => SoftwareSigner.FromECDsa(key), static signer => signer.Dispose());

    /// <summary>Every private key in the PEM text, as private JWKs (for a wallet that keeps them as JWKs).</summary>
    public static List<string> ReadPrivateJwks(string text, string path, string what) =>
        ReadPrivateKeys(
            text,
            path,
            what,
            static seed => PrivateJsonWebKey.WriteEd25519(seed),
            static key =>
            {
                using (key)
                {
                    return PrivateJsonWebKey.Write(key);
                }
            },
            static _ => { });

    private static List<T> ReadPrivateKeys<T>(string text, string path, string what, Func<ReadOnlySpan<byte>, T> fromEd25519Seed, Func<ECDsa, T> fromEc, Action<T> discard)
    {
        var keys = new List<T>();
        try
        {
            foreach (var (label, der) in Blocks(text))
            {
                try
                {
                    keys.Add(label switch
                    {
                        "PRIVATE KEY" when IsEd25519(der, Ed25519Pkcs8Prefix, 48) => fromEd25519Seed(der.AsSpan(Ed25519Pkcs8Prefix.Length)),
                        "PRIVATE KEY" => fromEc(Import(k => k.ImportPkcs8PrivateKey(der, out _))),
                        "EC PRIVATE KEY" => fromEc(Import(k => k.ImportECPrivateKey(der, out _))),
                        _ => throw new InputException(InputException.WrongKind, $"The {what} file '{path}' holds a PEM '{label}' block where a private key is needed."),
                    });
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(der);
                }
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            keys.ForEach(discard);
            throw new InputException(InputException.Malformed, $"The {what} file '{path}' holds a PEM private key that cannot be read (EC P-256/384/521 or Ed25519).");
        }
        catch (InputException)
        {
            keys.ForEach(discard);
            throw;
        }

        return keys.Count > 0 ? keys : throw new InputException(InputException.Malformed, $"The {what} file '{path}' holds no PEM key.");
    }

    /// <summary>Every public key in the PEM text (from public or private key blocks).</summary>
    public static List<CoseKey> ReadPublicKeys(string text, string path, string what)
    {
        var keys = new List<CoseKey>();
        try
        {
            foreach (var (label, der) in Blocks(text))
            {
                if (label == "PUBLIC KEY")
                {
                    if (IsEd25519(der, Ed25519SpkiPrefix, 44))
                    {
                        keys.Add(CoseKey.FromEd25519(der.AsSpan(Ed25519SpkiPrefix.Length)));
                    }
                    else
                    {
                        using var key = Import(k => k.ImportSubjectPublicKeyInfo(der, out _));
                        keys.Add(CoseKey.FromECDsa(key));
                    }
                }
                else
                {
                    CryptographicOperations.ZeroMemory(der);
                }
            }
        }
        catch (CryptographicException)
        {
            throw new InputException(InputException.Malformed, $"The {what} file '{path}' holds a PEM public key that cannot be read (EC P-256/384/521 or Ed25519).");
        }

        if (keys.Count > 0)
        {
            return keys;
        }

        // Private keys only: their public halves.
        var signers = ReadSigners(text, path, what);
        try
        {
            return [.. signers.Select(s => s.PublicKey)];
        }
        finally
        {
            signers.ForEach(s => s.Dispose());
        }
    }

    private static ECDsa Import(Action<ECDsa> import)
    {
        var key = ECDsa.Create();
        try
        {
            import(key);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static bool IsEd25519(byte[] der, byte[] prefix, int length) => der.Length == length && der.AsSpan().StartsWith(prefix);

    private static IEnumerable<(string Label, byte[] Der)> Blocks(string text)
    {
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var label = rest.Span[fields.Label].ToString();
            var der = Convert.FromBase64String(rest.Span[fields.Base64Data].ToString());
            rest = rest[fields.Location.End..];
            yield return (label, der);
        }
    }
}
