using System.Security.Cryptography;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.Holder.Issuance;

/// <summary>Fresh software keys with their private JWK: a DPoP key per issuance, a device key per credential.</summary>
internal static class SoftwareKeys
{
    /// <summary>The JWS algorithms the wallet can make keys for, in the order it prefers them.</summary>
    public static readonly IReadOnlyList<string> Algorithms = ["ES256", "ES384", "ES512", "EdDSA"];

    /// <summary>The first algorithm the wallet prefers among <paramref name="offered"/>; ES256 when the other side names none.</summary>
    public static string? Choose(IReadOnlyList<string> offered, bool noneMeansAny) =>
        offered.Count == 0 && noneMeansAny ? "ES256" : Algorithms.FirstOrDefault(a => offered.Contains(a, StringComparer.Ordinal));

    /// <summary>A fresh key and its private JWK (a secret the caller keeps or hands to a key store).</summary>
    public static (SoftwareSigner Signer, string PrivateJwk) Generate(string algorithm)
    {
        if (algorithm == "EdDSA")
        {
            var seed = RandomNumberGenerator.GetBytes(32);
            try
            {
                return (SoftwareSigner.FromEd25519Seed(seed), PrivateJsonWebKey.WriteEd25519(seed));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(seed);
            }
        }

        var curve = algorithm switch
        {
            "ES256" => ECCurve.NamedCurves.nistP256,
            "ES384" => ECCurve.NamedCurves.nistP384,
            "ES512" => ECCurve.NamedCurves.nistP521,
            _ => throw new ArgumentException("Not an algorithm the wallet makes keys for.", nameof(algorithm)),
        };
        var key = ECDsa.Create(curve);
        try
        {
            var jwk = PrivateJsonWebKey.Write(key);
            return (SoftwareSigner.FromECDsa(key), jwk);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
