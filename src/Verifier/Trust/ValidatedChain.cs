using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Crypto;
using Honnin.X509;

namespace Honnin.Verifier.Trust;

/// <summary>
/// What one successful validation of an issuer x5chain established, kept by a verifier's
/// <see cref="ValidatedChainCache"/>: the leaf's public key (loaded), its subject and validity, the trust anchor, and
/// the validity window of the whole path. Only time depends on the verification; everything else is fixed by the
/// chain's bytes and the verifier's anchors.
/// </summary>
internal sealed class ValidatedChain
{

    private readonly ReusableVerificationKey _leafKey;

    private ValidatedChain(CoseKey leafKey, ECDsa? loadedLeafKey, string leafSubject, SdJwtVcIssuerNames? leafNames, X509Certificate2 trustAnchor, DateTimeOffset pathNotBefore, DateTimeOffset pathNotAfter, DateTimeOffset leafNotBefore, DateTimeOffset leafNotAfter)
    {
        _leafKey = new ReusableVerificationKey(leafKey, loadedLeafKey);
        LeafSubject = leafSubject;
        LeafNames = leafNames;
        TrustAnchor = trustAnchor;
        PathNotBefore = pathNotBefore;
        PathNotAfter = pathNotAfter;
        LeafNotBefore = leafNotBefore;
        LeafNotAfter = leafNotAfter;
    }

    /// <summary>The leaf certificate's public key.</summary>
    public CoseKey LeafKey => _leafKey.Key;

    /// <summary>The leaf certificate's subject, as <see cref="X509Certificate.Subject"/> gives it.</summary>
    public string LeafSubject { get; }

    /// <summary>The leaf's subject and SubjectAltName entries (what an SD-JWT <c>iss</c> is matched against); <see langword="null"/> when they cannot be read.</summary>
    public SdJwtVcIssuerNames? LeafNames { get; }

    /// <summary>The anchor the chain ends at; owned by the verifier's <see cref="TrustAnchorSet"/>.</summary>
    public X509Certificate2 TrustAnchor { get; }

    /// <summary>The latest notBefore over the validated path.</summary>
    public DateTimeOffset PathNotBefore { get; }

    /// <summary>The earliest notAfter over the validated path.</summary>
    public DateTimeOffset PathNotAfter { get; }

    /// <summary>The leaf's notBefore, as <see cref="X509Certificate2.NotBefore"/> gives it, in UTC.</summary>
    public DateTimeOffset LeafNotBefore { get; }

    /// <summary>The leaf's notAfter, as <see cref="X509Certificate2.NotAfter"/> gives it, in UTC.</summary>
    public DateTimeOffset LeafNotAfter { get; }

    /// <summary>
    /// Keeps what a successful validation established; <see langword="null"/> when the result is not valid or the
    /// leaf's key or validity cannot be read (such a chain is simply not cached).
    /// </summary>
    public static ValidatedChain? TryCreate(X509Certificate2 leaf, CertificateChainValidationResult result)
    {
        if (!result.IsValid || result.TrustAnchor is not { } anchor || result.PathNotBefore is not { } pathNotBefore || result.PathNotAfter is not { } pathNotAfter)
        {
            return null;
        }

        ECDsa? loaded = null;
        try
        {
            CoseKey key;
            if (leaf.PublicKey.Oid.Value == CertificatePublicKey.Ed25519Oid)
            {
                if (CertificatePublicKey.TryReadEd25519(leaf) is not { } ed25519)
                {
                    return null;
                }

                key = ed25519;
            }
            else
            {
                loaded = leaf.GetECDsaPublicKey();
                if (loaded is null)
                {
                    return null;
                }

                key = CoseKey.FromECDsa(loaded);
            }

            var chain = new ValidatedChain(
                key,
                loaded,
                leaf.Subject,
                SdJwtVcIssuerNames.TryRead(leaf),
                anchor,
                pathNotBefore,
                pathNotAfter,
                new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero),
                new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero));
            loaded = null;
            return chain;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return null;
        }
        finally
        {
            loaded?.Dispose();
        }
    }

    /// <summary>
    /// True when every certificate of the path is valid at <paramref name="verificationTime"/>, allowing
    /// <paramref name="clockSkew"/> at both ends, as <see cref="CertificateChainValidator"/> checks it. When false,
    /// the caller validates the chain in full, so that the failures are exactly those of an uncached validation.
    /// </summary>
    public bool IsValidAt(DateTimeOffset verificationTime, TimeSpan clockSkew)
    {
        // Shift the verification time rather than the bounds, saturating, as the validator does.
        var earliest = verificationTime.UtcTicks - DateTimeOffset.MinValue.UtcTicks < clockSkew.Ticks ? DateTimeOffset.MinValue : verificationTime - clockSkew;
        var latest = DateTimeOffset.MaxValue.UtcTicks - verificationTime.UtcTicks < clockSkew.Ticks ? DateTimeOffset.MaxValue : verificationTime + clockSkew;
        return earliest <= PathNotAfter && latest >= PathNotBefore;
    }

    /// <summary>Verifies a signature with the leaf's key, as <see cref="SignatureVerifier"/> does with the leaf's <see cref="CoseKey"/>.</summary>
    public bool VerifySignature(CoseAlgorithm algorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _leafKey.Verify(algorithm, data, signature);
}
