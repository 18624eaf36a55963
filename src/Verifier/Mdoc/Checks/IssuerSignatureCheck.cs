using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.Verifier.Trust;
using Honnin.X509;

namespace Honnin.Verifier.Mdoc.Checks;

/// <summary>
/// <c>issuerAuth</c> verifies with the key of <c>x5chain[0]</c>, the Document Signer certificate: loaded from the
/// certificate, or kept by the verifier from an earlier validation of the same x5chain bytes.
/// </summary>
internal sealed class IssuerSignatureCheck : IMdocCheck
{

    public string Name => "issuer_signature";

    public CheckStatus Run(MdocDocumentContext context)
    {
        var issuerAuth = context.IssuerSigned.IssuerAuth;
        IReadOnlyList<ReadOnlyMemory<byte>> chainBytes;
        try
        {
            chainBytes = issuerAuth.Headers.X5Chain;
        }
        catch (CredentialFormatException e)
        {
            return context.Fail(e.Code, e.Message);
        }

        if (chainBytes.Count == 0)
        {
            return context.Fail(VerificationFailureCodes.IssuerCertificateMissing, "issuerAuth carries no x5chain.");
        }

        // Only exact DER reaches the cache or a certificate parser: another encoding of a chain cannot add cache entries.
        for (var i = 0; i < chainBytes.Count; i++)
        {
            if (!CertificateChainValidator.IsDerCertificate(chainBytes[i].Span))
            {
                return context.Fail(VerificationFailureCodes.IssuerCertificateNotDer, $"x5chain[{i}] of issuerAuth is not exactly one DER-encoded certificate (RFC 9360 §2).");
            }
        }

        context.IssuerChainDigest = ChainDigest.Compute(chainBytes);
        if (context.ChainCache.Find(context.IssuerChainDigest) is { } cached)
        {
            context.CachedChain = cached;
            context.IssuerSubject = cached.LeafSubject;
        }
        else
        {
            if (TryLoad(chainBytes) is not { } chain)
            {
                return context.Fail(VerificationFailureCodes.IssuerCertificateMissing, "An x5chain certificate of issuerAuth cannot be read.");
            }

            context.IssuerChain = chain;
            context.IssuerSubject = chain[0].Subject;
        }

        var algorithm = issuerAuth.Algorithm;
        if (!context.Options.AllowedAlgorithms.Contains(algorithm))
        {
            return context.Fail(VerificationFailureCodes.AlgorithmNotAllowed, $"issuerAuth uses {algorithm}, which the verifier does not accept.");
        }

        bool verified;
        try
        {
            verified = context.CachedChain is { } known
                ? known.VerifySignature(algorithm, issuerAuth.BuildToBeSigned(), issuerAuth.Signature.Span)
                : Verify(issuerAuth, context.IssuerChain[0], algorithm);
        }
        catch (CryptographicException)
        {
            // The certificate loads, but its public key (e.g. an EC point not on the curve) does not.
            return context.Fail(VerificationFailureCodes.IssuerCertificateMissing, "The public key of the Document Signer certificate cannot be read.");
        }

        context.IssuerSignatureVerified = verified;
        return verified
            ? CheckStatus.Passed
            : context.Fail(VerificationFailureCodes.IssuerSignatureInvalid, "The issuerAuth signature does not verify with the Document Signer certificate.");
    }

    /// <summary>Loads every certificate of the x5chain, leaf first; <see langword="null"/> (nothing left to dispose) when one cannot be read.</summary>
    internal static List<X509Certificate2>? TryLoad(IReadOnlyList<ReadOnlyMemory<byte>> chainBytes)
    {
        var chain = new List<X509Certificate2>(chainBytes.Count);
        try
        {
            foreach (var der in chainBytes)
            {
                chain.Add(X509CertificateLoader.LoadCertificate(der.Span));
            }

            return chain;
        }
        catch (CryptographicException)
        {
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }

            return null;
        }
    }

    private static bool Verify(CoseSign1Message issuerAuth, X509Certificate2 certificate, CoseAlgorithm algorithm)
    {
        if (algorithm == CoseAlgorithm.EdDSA)
        {
            return CertificatePublicKey.TryReadEd25519(certificate) is { } ed25519 && issuerAuth.VerifySignature(ed25519);
        }

        using var key = certificate.GetECDsaPublicKey();
        return key is not null && issuerAuth.VerifySignature(key);
    }
}
