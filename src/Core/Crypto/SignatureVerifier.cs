using System.Security.Cryptography;
using NSec.Cryptography;

namespace Honnin.Crypto;

/// <summary>Verifies raw signatures for the COSE and JOSE algorithms Honnin supports: ECDSA, EdDSA (Ed25519) and, for JWS, RSA.</summary>
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

        if (key.KeyType == CoseKeyType.Rsa)
        {
            try
            {
                using var rsa = key.ToRsa();
                return Verify(algorithm, rsa, data, signature);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }

        using var ecdsa = key.ToECDsa();
        return Verify(algorithm, ecdsa, data, signature);
    }

    /// <summary>
    /// Verifies an RSA signature (RS256, RS384, RS512 with PKCS #1 v1.5 padding; PS256, PS384, PS512 with PSS, MGF1 over the
    /// same hash and a salt as long as the hash, RFC 7518 §3.3 and §3.5) with a key that is already loaded (e.g. from a
    /// certificate). A key shorter than <see cref="CoseKey.MinimumRsaKeySize"/> bits never verifies.
    /// </summary>
    /// <param name="algorithm">An RSA algorithm.</param>
    /// <param name="key">The public key.</param>
    /// <param name="data">The signed bytes.</param>
    /// <param name="signature">The signature, as long as the modulus.</param>
    /// <returns>Whether the signature is valid; false (never an exception) for an algorithm or key that does not fit.</returns>
    public static bool Verify(CoseAlgorithm algorithm, RSA key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (RsaPadding(algorithm) is not { } padding
            || key.KeySize < CoseKey.MinimumRsaKeySize
            || key.KeySize > CoseKey.MaximumRsaKeySize
            || signature.Length != (key.KeySize + 7) / 8)
        {
            return false;
        }

        try
        {
            return key.VerifyData(data, signature, HashOf(algorithm), padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
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
        CoseAlgorithm.ES256 or CoseAlgorithm.RS256 or CoseAlgorithm.PS256 => HashAlgorithmName.SHA256,
        CoseAlgorithm.ES384 or CoseAlgorithm.RS384 or CoseAlgorithm.PS384 => HashAlgorithmName.SHA384,
        CoseAlgorithm.ES512 or CoseAlgorithm.RS512 or CoseAlgorithm.PS512 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentException("Not an ECDSA or RSA algorithm.", nameof(algorithm)),
    };

    /// <summary>The padding of an RSA algorithm; null for every other algorithm.</summary>
    internal static RSASignaturePadding? RsaPadding(CoseAlgorithm algorithm) => algorithm switch
    {
        CoseAlgorithm.RS256 or CoseAlgorithm.RS384 or CoseAlgorithm.RS512 => RSASignaturePadding.Pkcs1,

        // .NET's PSS uses MGF1 with the signature's hash and a salt as long as the hash: exactly RFC 7518 §3.5.
        CoseAlgorithm.PS256 or CoseAlgorithm.PS384 or CoseAlgorithm.PS512 => RSASignaturePadding.Pss,
        _ => null,
    };
}
