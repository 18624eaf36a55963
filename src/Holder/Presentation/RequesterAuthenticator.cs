using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Cose;
using Honnin.Registration;
using Honnin.X509;

namespace Honnin.Holder.Presentation;

/// <summary>
/// Establishes who asks, in every format: the request's signature must verify with the leaf of its certificate chain,
/// the chain must reach a configured reader or registrar root, and only then is the leaf's registration believed.
/// </summary>
internal sealed class RequesterAuthenticator(HolderOptions options)
{
    private readonly CertificateChainValidator? _validator = options.ReaderTrustAnchors is { } anchors
        ? new CertificateChainValidator(anchors, MdocCertificateRole.ReaderAuthentication)
        : null;

    /// <summary>Authenticates a request signed by the leaf of <paramref name="chain"/>.</summary>
    /// <param name="chain">The certificates (DER), leaf first.</param>
    /// <param name="verifySignature">Checks the request's signature with the leaf's public key.</param>
    /// <param name="now">The verification time.</param>
    public RequesterIdentity Authenticate(IReadOnlyList<ReadOnlyMemory<byte>> chain, Func<CoseKey, bool> verifySignature, DateTimeOffset now)
    {
        if (chain.Count == 0)
        {
            return new RequesterIdentity(Authenticated: false, null, [PresentationPolicy.ReaderSignatureInvalid]);
        }

        X509Certificate2 leaf;
        try
        {
            leaf = X509CertificateLoader.LoadCertificate(chain[0].Span);
        }
        catch (CryptographicException)
        {
            return new RequesterIdentity(Authenticated: false, null, [PresentationPolicy.ReaderSignatureInvalid]);
        }

        using (leaf)
        {
            CoseKey? key;
            try
            {
                using var ecdsa = leaf.GetECDsaPublicKey();
                key = ecdsa is null ? null : CoseKey.FromECDsa(ecdsa);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                key = null;
            }

            if (key is null || !verifySignature(key))
            {
                return new RequesterIdentity(Authenticated: false, leaf.Subject, [PresentationPolicy.ReaderSignatureInvalid]);
            }

            if (_validator is null)
            {
                return new RequesterIdentity(Authenticated: false, leaf.Subject, ["reader_root_not_configured"]);
            }

            var result = _validator.Validate(chain, now);
            result.Leaf?.Dispose();
            if (!result.IsValid)
            {
                return new RequesterIdentity(Authenticated: false, leaf.Subject, [.. result.Failures.Select(f => f.Code)]);
            }

            // The registration is read only from a certificate that chains to a configured registrar or reader root.
            VerifierRegistration.TryRead(leaf, out var registration);
            return new RequesterIdentity(Authenticated: true, leaf.Subject, [], registration);
        }
    }
}
