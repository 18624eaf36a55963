using System.Security.Cryptography.X509Certificates;
using Honnin.Crypto;
using Honnin.X509;

namespace Honnin.Issuer.Signing;

/// <summary>
/// The issuer's signing key as both formats use it: the signer's public key, checked against the signing certificate
/// when there is one (not a CA, the same key), that certificate's validity for the signing time, and the self-check of
/// every signature before a credential leaves the issuer — so a misconfigured or faulty (e.g. remote) signer never
/// hands out a credential no verifier accepts.
/// </summary>
internal sealed class IssuerSigningKey
{
    private readonly ReusableVerificationKey _publicKey;

    private IssuerSigningKey(CoseKey publicKey, DateTimeOffset? notBefore, DateTimeOffset? notAfter)
    {
        _publicKey = new ReusableVerificationKey(publicKey);
        NotBefore = notBefore;
        NotAfter = notAfter;
    }

    /// <summary>The signing certificate's notBefore, when there is a certificate.</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>The signing certificate's notAfter, when there is a certificate.</summary>
    public DateTimeOffset? NotAfter { get; }

    /// <summary>Reads the signing key from the signer and, when given, the chain's first certificate.</summary>
    /// <param name="signer">The signer.</param>
    /// <param name="certificateChain">The signing certificate first, or empty when the credential names its key otherwise.</param>
    /// <param name="certificateName">What the certificate is called in messages (e.g. "Document Signer").</param>
    /// <param name="checkCertificate">A format's own check of the certificate, or null.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The certificate holds no supported key, or not the signer's.</exception>
    /// <exception cref="SignerCertificateException">The certificate is a CA certificate, or the format's check refused it.</exception>
    public static IssuerSigningKey Create(ISigner signer, IReadOnlyList<ReadOnlyMemory<byte>> certificateChain, string certificateName, Action<X509Certificate2>? checkCertificate = null)
    {
        if (certificateChain.Count == 0)
        {
            return new IssuerSigningKey(signer.PublicKey, null, null);
        }

        using var certificate = X509CertificateLoader.LoadCertificate(certificateChain[0].Span);
        IssuanceRules.CheckNotCertificateAuthority(certificate);
        var key = CertificatePublicKey.TryRead(certificate)
            ?? throw new ArgumentException($"The {certificateName} certificate holds no EC, Ed25519 or RSA key.", nameof(certificateChain));
        if (!CertificatePublicKey.SameKey(key, signer.PublicKey))
        {
            throw new ArgumentException($"The signer's key is not the key of the {certificateName} certificate.", nameof(signer));
        }

        checkCertificate?.Invoke(certificate);
        return new IssuerSigningKey(
            key,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }

    /// <summary>Whether a signature the signer returned verifies with the signing key.</summary>
    /// <param name="algorithm">The algorithm the signer signs with.</param>
    /// <param name="data">The signed bytes.</param>
    /// <param name="signature">The signature.</param>
    /// <returns>True when it verifies.</returns>
    public bool Verify(CoseAlgorithm algorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _publicKey.Verify(algorithm, data, signature);
}
