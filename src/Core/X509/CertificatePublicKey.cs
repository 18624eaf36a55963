using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Crypto;

namespace Honnin.X509;

/// <summary>
/// Reads a certificate's subject public key as a <see cref="CoseKey"/>, the one way every role does it: EC on P-256,
/// P-384 or P-521, Ed25519 (RFC 8410, a 32-byte key), or RSA. Anything else, and a key that does not load, reads as
/// <see langword="null"/>, never as an exception; what a role accepts (an RSA key size, a curve) stays its own policy.
/// </summary>
public static class CertificatePublicKey
{
    /// <summary>The algorithm identifier of an Ed25519 subject public key (RFC 8410).</summary>
    public const string Ed25519Oid = "1.3.101.112";

    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaOid = "1.2.840.113549.1.1.1";

    /// <summary>Reads the certificate's public key.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The key, or <see langword="null"/> when it is of another kind or does not load.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public static CoseKey? TryRead(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            switch (certificate.PublicKey.Oid.Value)
            {
                case EcPublicKeyOid:
                    using (var ecdsa = certificate.GetECDsaPublicKey())
                    {
                        return ecdsa is null ? null : CoseKey.FromECDsa(ecdsa);
                    }

                case Ed25519Oid:
                    return TryReadEd25519(certificate);
                case RsaOid:
                    using (var rsa = certificate.GetRSAPublicKey())
                    {
                        return rsa is null ? null : CoseKey.FromRsa(rsa);
                    }

                default:
                    return null;
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or AsnContentException or CredentialFormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the certificate's key when it is Ed25519, which the BCL does not load; callers that verify with the
    /// certificate's own <see cref="ECDsa"/> or <see cref="RSA"/> instance use this for the remaining kind.
    /// </summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The key, or <see langword="null"/> when the certificate's key is not a 32-byte Ed25519 key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public static CoseKey? TryReadEd25519(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.PublicKey.Oid.Value != Ed25519Oid)
        {
            return null;
        }

        var raw = certificate.PublicKey.EncodedKeyValue.RawData;
        return raw.Length == 32 ? CoseKey.FromEd25519(raw) : null;
    }

    /// <summary>Whether two keys are the same public key (type, curve and coordinates, or modulus and exponent).</summary>
    /// <param name="a">One key.</param>
    /// <param name="b">The other.</param>
    /// <returns>True when they are the same key, whatever else their COSE_Key maps carry (kid, alg).</returns>
    /// <exception cref="ArgumentNullException">A key is null.</exception>
    public static bool SameKey(CoseKey a, CoseKey b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.KeyType == b.KeyType
            && a.Curve == b.Curve
            && a.X.SequenceEqual(b.X)
            && a.Y.SequenceEqual(b.Y)
            && a.Modulus.SequenceEqual(b.Modulus)
            && a.Exponent.SequenceEqual(b.Exponent);
    }
}
