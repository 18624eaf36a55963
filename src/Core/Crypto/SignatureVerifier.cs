using System.Security.Cryptography;
using Honnin.Cose;
using NSec.Cryptography;

namespace Honnin.Crypto;

/// <summary>Verifies raw signatures for the COSE and JOSE algorithms Honnin supports.</summary>
public static class SignatureVerifier
{
    /// <summary>Verifies a signature; a malformed signature or key gives false, never an exception.</summary>
    /// <param name="algorithm">The algorithm; it must fit the key's curve.</param>
    /// <param name="key">The public key.</param>
    /// <param name="data">The signed bytes.</param>
    /// <param name="signature">The signature (r || s for ECDSA).</param>
    /// <returns>Whether the signature is valid.</returns>
    public static bool Verify(CoseAlgorithm algorithm, CoseKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Fits(algorithm))
        {
            return false;
        }

        if (algorithm == CoseAlgorithm.EdDSA)
        {
            return NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, key.X, KeyBlobFormat.RawPublicKey, out var publicKey)
                && SignatureAlgorithm.Ed25519.Verify(publicKey!, data, signature);
        }

        using var ecdsa = key.ToECDsa();
        return Verify(algorithm, ecdsa, data, signature);
    }

    /// <summary>Verifies an ECDSA signature with a key that is already loaded (e.g. from a certificate).</summary>
    /// <param name="algorithm">ES256, ES384 or ES512.</param>
    /// <param name="key">The public key.</param>
    /// <param name="data">The signed bytes.</param>
    /// <param name="signature">The signature as r || s.</param>
    /// <returns>Whether the signature is valid.</returns>
    public static bool Verify(CoseAlgorithm algorithm, ECDsa key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (algorithm is not (CoseAlgorithm.ES256 or CoseAlgorithm.ES384 or CoseAlgorithm.ES512))
        {
            return false;
        }

        var (keySize, expectedCurve) = algorithm switch
        {
            CoseAlgorithm.ES256 => (256, CoseKeyCurve.P256),
            CoseAlgorithm.ES384 => (384, CoseKeyCurve.P384),
            _ => (521, CoseKeyCurve.P521),
        };
        if (key.KeySize != keySize || signature.Length != 2 * CoseKey.FieldSize(expectedCurve))
        {
            return false;
        }

        return key.VerifyData(data, signature, HashOf(algorithm), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    internal static HashAlgorithmName HashOf(CoseAlgorithm algorithm) => algorithm switch
    {
        CoseAlgorithm.ES256 => HashAlgorithmName.SHA256,
        CoseAlgorithm.ES384 => HashAlgorithmName.SHA384,
        CoseAlgorithm.ES512 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentException("Not an ECDSA algorithm.", nameof(algorithm)),
    };
}
