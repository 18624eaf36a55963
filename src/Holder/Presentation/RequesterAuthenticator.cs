using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Crypto;
using Honnin.Registration;
using Honnin.X509;

namespace Honnin.Holder.Presentation;

/// <summary>
/// Establishes who asks, in every format: the request's signature must verify with the leaf of its certificate chain,
/// and the chain must reach a configured root. Reader roots authenticate; only registrar roots register, so a
/// registration is read only from a chain that reaches a registrar root. The response is bound to the identity of
/// the certificate that signed the request (its <c>x509_hash</c> or one of its DNS names), never to an audience the
/// request body names.
/// </summary>
internal sealed class RequesterAuthenticator(HolderOptions options)
{
    private readonly CertificateChainValidator? _registrars = options.RegistrarTrustAnchors is { } registrars
        ? new CertificateChainValidator(registrars, MdocCertificateRole.ReaderAuthentication)
        : null;

    private readonly CertificateChainValidator? _readers = options.ReaderTrustAnchors is { } readers
        ? new CertificateChainValidator(readers, MdocCertificateRole.ReaderAuthentication)
        : null;

    /// <summary>Authenticates a request signed by the leaf of <paramref name="chain"/>.</summary>
    /// <param name="chain">The certificates (DER), leaf first.</param>
    /// <param name="verifySignature">Checks the request's signature with the leaf's public key.</param>
    /// <param name="now">The verification time.</param>
    /// <param name="claimedAudience">The audience the request body names, if it names one: it must be the signer's own identity.</param>
    public RequesterIdentity Authenticate(IReadOnlyList<ReadOnlyMemory<byte>> chain, Func<CoseKey, bool> verifySignature, DateTimeOffset now, string? claimedAudience = null)
    {
        if (chain.Count == 0)
        {
            return new RequesterIdentity(Authenticated: false, null, [RequesterProblem.SignatureInvalid]);
        }

        X509Certificate2 leaf;
        try
        {
            leaf = X509CertificateLoader.LoadCertificate(chain[0].Span);
        }
        catch (CryptographicException)
        {
            return new RequesterIdentity(Authenticated: false, null, [RequesterProblem.SignatureInvalid]);
        }

        using (leaf)
        {
            if (TryGetPublicKey(leaf) is not { } key || !verifySignature(key))
            {
                return new RequesterIdentity(Authenticated: false, leaf.Subject, [RequesterProblem.SignatureInvalid]);
            }

            var clientId = ClientId.ForCertificateHash(leaf);
            var problems = new List<string>();
            if (claimedAudience is not null)
            {
                // The leaf's own hash is already known; only another form needs the certificate read again.
                if (ClientId.TryParse(claimedAudience, out var claimed) && (claimed.Equals(clientId) || (!claimed.IsX509Hash && claimed.Names(leaf))))
                {
                    clientId = claimed;
                }
                else
                {
                    problems.Add(RequesterProblem.RequestNotBound);
                }
            }

            if (_registrars is null && _readers is null)
            {
                return new RequesterIdentity(Authenticated: false, leaf.Subject, [RequesterProblem.RootNotConfigured, .. problems], ClientId: clientId);
            }

            string[]? registrarFailures = null;
            if (_registrars is not null && IsValid(_registrars, chain, now, out registrarFailures))
            {
                // The registration is believed only from a certificate that chains to a configured registrar root.
                VerifierRegistration.TryRead(leaf, out var registration);
                return new RequesterIdentity(Authenticated: true, leaf.Subject, problems, registration, clientId);
            }

            string[]? readerFailures = null;
            if (_readers is not null && IsValid(_readers, chain, now, out readerFailures))
            {
                return new RequesterIdentity(Authenticated: true, leaf.Subject, problems, Registration: null, clientId);
            }

            // Report why the chain failed where it reached a root (an expired registrar certificate, a leaf that is a
            // CA), not that the other set of roots does not know it.
            var failures = registrarFailures is not null && !registrarFailures.Contains(CertificateProblemCodes.UntrustedIssuer)
                ? registrarFailures
                : readerFailures ?? registrarFailures ?? [];
            return new RequesterIdentity(Authenticated: false, leaf.Subject, [.. failures, .. problems], ClientId: clientId);
        }
    }

    private static bool IsValid(CertificateChainValidator validator, IReadOnlyList<ReadOnlyMemory<byte>> chain, DateTimeOffset now, out string[]? failures)
    {
        var result = validator.Validate(chain, now);
        result.Leaf?.Dispose();
        failures = result.IsValid ? null : [.. result.Failures.Select(f => f.Code)];
        return result.IsValid;
    }

    // Reader and verifier certificates carry EC or Ed25519 keys; an RSA key is not one a requester signs with here.
    private static CoseKey? TryGetPublicKey(X509Certificate2 leaf) =>
        CertificatePublicKey.TryRead(leaf) is { KeyType: not CoseKeyType.Rsa } key ? key : null;
}
