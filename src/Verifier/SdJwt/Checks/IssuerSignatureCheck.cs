using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Verifier.Trust;
using Honnin.X509;

namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>
/// The Issuer-signed JWT uses an accepted algorithm and verifies, over its received <c>header.payload</c>, with a
/// configured issuer key (matched by <c>kid</c> when both carry one) or with the key of its <c>x5c</c> leaf
/// certificate: EC, Ed25519 or RSA (RS256/384/512, PS256/384/512, when the verifier accepts them; an RSA leaf key shorter
/// than 2048 bits fails with <see cref="VerificationFailureCodes.IssuerKeyTooSmall"/>). For General JSON serialization one
/// verifying signature is enough.
/// </summary>
internal sealed class IssuerSignatureCheck : ISdJwtCheck
{
    private const string RsaOid = "1.2.840.113549.1.1.1";

    public string Name => "issuer_signature";

    public CheckStatus Run(SdJwtVcContext context)
    {
        var signatures = context.SdJwt.IssuerSignatures;
        var allowed = signatures.Where(s => context.Options.AllowedAlgorithms.Contains(s.Algorithm)).ToList();
        if (allowed.Count == 0)
        {
            return context.Fail(VerificationFailureCodes.AlgorithmNotAllowed, $"The Issuer-signed JWT uses {signatures[0].Algorithm}, which the verifier does not accept.");
        }

        return context.Options.IssuerKeys.Count > 0 ? VerifyWithKeys(context, allowed) : VerifyWithX5c(context, allowed);
    }

    private static CheckStatus VerifyWithKeys(SdJwtVcContext context, List<CompactJws> signatures)
    {
        var anyCandidate = false;
        var keys = context.IssuerKeys;
        foreach (var signature in signatures)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                var key = keys[i];
                if (!key.Key.Fits(signature.Algorithm) || (signature.KeyId is not null && key.KeyId is not null && signature.KeyId != key.KeyId))
                {
                    continue;
                }

                anyCandidate = true;

                // RSA keys are verified as they are: the loaded-key pools hold ECDSA keys, and an RSA import is cheap.
                if (key.Key.KeyType == CoseKeyType.Rsa ? signature.VerifySignature(key.Key) : keys.Verify(i, signature))
                {
                    context.SignedByConfiguredKey = true;
                    return CheckStatus.Passed;
                }
            }
        }

        return anyCandidate
            ? context.Fail(VerificationFailureCodes.IssuerSignatureInvalid, "The Issuer-signed JWT signature does not verify with any configured issuer key.")
            : context.Fail(SdJwtFailureCodes.IssuerKeyUnknown, "No configured issuer key matches the Issuer-signed JWT's algorithm and key id.");
    }

    private static CheckStatus VerifyWithX5c(SdJwtVcContext context, List<CompactJws> signatures)
    {
        var anyChain = false;
        var keyTooSmall = false;
        foreach (var signature in signatures)
        {
            if (signature.X5c.Count == 0)
            {
                continue;
            }

            anyChain = true;
            // Only exact DER reaches the cache or a certificate parser: another encoding of a chain cannot add cache entries.
            for (var i = 0; i < signature.X5c.Count; i++)
            {
                if (!CertificateChainValidator.IsDerCertificate(signature.X5c[i].Span))
                {
                    return context.Fail(VerificationFailureCodes.IssuerCertificateNotDer, $"x5c[{i}] is not exactly one DER-encoded certificate (RFC 7515 §4.1.6).");
                }
            }

            var digest = ChainDigest.Compute(signature.X5c);
            if (context.ChainCache?.Find(digest) is { } cached)
            {
                if (cached.VerifySignature(signature.Algorithm, Encoding.ASCII.GetBytes(signature.SigningInput), signature.Signature.Span))
                {
                    context.IssuerChain = signature.X5c;
                    context.IssuerChainDigest = digest;
                    context.CachedChain = cached;
                    return CheckStatus.Passed;
                }
            }
            else
            {
                switch (VerifyWithLeaf(signature))
                {
                    case LeafOutcome.Verified:
                        context.IssuerChain = signature.X5c;
                        context.IssuerChainDigest = digest;
                        return CheckStatus.Passed;
                    case LeafOutcome.KeyTooSmall:
                        keyTooSmall = true;
                        break;
                }
            }
        }

        if (keyTooSmall)
        {
            return context.Fail(VerificationFailureCodes.IssuerKeyTooSmall, $"The x5c leaf certificate holds an RSA key shorter than {CoseKey.MinimumRsaKeySize} bits.");
        }

        return anyChain
            ? context.Fail(VerificationFailureCodes.IssuerSignatureInvalid, "The Issuer-signed JWT signature does not verify with its x5c leaf certificate.")
            : context.Fail(VerificationFailureCodes.IssuerCertificateMissing, "The Issuer-signed JWT carries no x5c header.");
    }

    private enum LeafOutcome
    {
        NotVerified,
        Verified,
        KeyTooSmall,
    }

    // The leaf's key is used as the certificate loads it: no export to a CoseKey and import again.
    private static LeafOutcome VerifyWithLeaf(CompactJws signature)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(signature.X5c[0].Span);
            if (certificate.PublicKey.Oid.Value == CertificatePublicKey.Ed25519Oid)
            {
                return CertificatePublicKey.TryReadEd25519(certificate) is { } ed25519 && signature.VerifySignature(ed25519) ? LeafOutcome.Verified : LeafOutcome.NotVerified;
            }

            if (certificate.PublicKey.Oid.Value == RsaOid)
            {
                using var rsa = certificate.GetRSAPublicKey();
                if (rsa is null || !JwsAlgorithms.IsRsa(signature.Algorithm))
                {
                    return LeafOutcome.NotVerified;
                }

                return rsa.KeySize < CoseKey.MinimumRsaKeySize ? LeafOutcome.KeyTooSmall
                    : signature.VerifySignature(rsa) ? LeafOutcome.Verified : LeafOutcome.NotVerified;
            }

            using var ecdsa = certificate.GetECDsaPublicKey();
            return ecdsa is not null && signature.VerifySignature(ecdsa) ? LeafOutcome.Verified : LeafOutcome.NotVerified;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return LeafOutcome.NotVerified;
        }
    }
}
