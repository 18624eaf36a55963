using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Crypto;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.Tests.Corpus;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;
using static Honnin.Verifier.Tests.Corpus.MdocCorpusBuilder;

namespace Honnin.Verifier.Tests.Trust;

/// <summary>
/// An <see cref="MdocVerifier"/> keeps the Document Signer chains it validated: a second response with the same
/// x5chain gives exactly what a fresh verifier gives, in time as well, and still needs a valid issuerAuth.
/// </summary>
public sealed class MdocChainCacheTests
{
    private static readonly MdocCorpusBuilder B = Shared;

    /// <summary>The Document Signer of <see cref="MdocCorpusBuilder.Signed"/> is valid from a month before issuance to two years after.</summary>
    private static DateTimeOffset SignerNotBefore => B.Pki.DocumentSigner.NotBefore.ToUniversalTime();

    private static DateTimeOffset SignerNotAfter => B.Pki.DocumentSigner.NotAfter.ToUniversalTime();

    private static VerificationResult Fresh(byte[] response, DateTimeOffset at) =>
        new MdocVerifier(B.Options, new FakeTimeProvider(at)).Verify(response, B.Session);

    [Fact]
    public void Verifying_the_same_response_twice_gives_identical_results_and_check_outcomes()
    {
        var verifier = new MdocVerifier(B.Options, new FakeTimeProvider(VerificationTime));

        var first = verifier.Verify(B.Signed, B.Session);
        var second = verifier.Verify(B.Signed, B.Session);

        Assert.True(first.IsValid);
        VerificationResultAssert.Same(first, second);
        Assert.Equal(B.Pki.DocumentSigner.Subject, Assert.Single(second.Documents).Issuer);
    }

    [Fact]
    public void A_response_whose_x5chain_another_response_shares_verifies_as_with_a_fresh_verifier()
    {
        var verifier = new MdocVerifier(B.Options, new FakeTimeProvider(VerificationTime));
        Assert.True(verifier.Verify(B.Signed, B.Session).IsValid);

        // Two documents, both under the cached x5chain; then the device-MACed response, also under it.
        VerificationResultAssert.Same(Fresh(B.TwoDocuments, VerificationTime), verifier.Verify(B.TwoDocuments, B.Session));
        VerificationResultAssert.Same(Fresh(B.Maced, VerificationTime), verifier.Verify(B.Maced, B.Session));
    }

    [Fact]
    public void A_cached_chain_fails_with_certificate_expired_once_the_clock_passes_the_document_signers_not_after()
    {
        var clock = new FakeTimeProvider(VerificationTime);
        var verifier = new MdocVerifier(B.Options, clock);
        Assert.True(verifier.Verify(B.Signed, B.Session).IsValid);

        clock.SetUtcNow(SignerNotAfter.AddSeconds(1));
        var expired = verifier.Verify(B.Signed, B.Session);

        Assert.False(expired.IsValid);
        Assert.True(expired.HasFailure(CertificateProblemCodes.CertificateExpired));
        Assert.Contains(expired.Checks, c => c.Name == "issuer_trust" && c.Status == CheckStatus.Failed);
        VerificationResultAssert.Same(Fresh(B.Signed, clock.GetUtcNow()), expired);
    }

    [Fact]
    public void A_cached_chain_is_still_valid_at_the_document_signers_not_after()
    {
        var clock = new FakeTimeProvider(VerificationTime);
        var verifier = new MdocVerifier(B.Options with { RequireMsoSignedWithinCertificateValidity = true }, clock);
        Assert.True(verifier.Verify(B.Signed, B.Session).IsValid);

        clock.SetUtcNow(SignerNotAfter);
        var atTheEnd = verifier.Verify(B.Signed, B.Session);

        Assert.False(atTheEnd.HasFailure(CertificateProblemCodes.CertificateExpired));
        VerificationResultAssert.Same(Fresh(B.Signed, SignerNotAfter), atTheEnd);
    }

    [Fact]
    public void A_cached_chain_fails_with_certificate_not_yet_valid_before_the_document_signers_not_before()
    {
        var clock = new SettableClock(VerificationTime);
        var verifier = new MdocVerifier(B.Options, clock);
        Assert.True(verifier.Verify(B.Signed, B.Session).IsValid);

        clock.Now = SignerNotBefore.AddSeconds(-1);
        var early = verifier.Verify(B.Signed, B.Session);

        Assert.False(early.IsValid);
        Assert.True(early.HasFailure(CertificateProblemCodes.CertificateNotYetValid));
        VerificationResultAssert.Same(Fresh(B.Signed, clock.Now), early);

        // And back inside the window, the chain is good again.
        clock.Now = VerificationTime;
        Assert.True(verifier.Verify(B.Signed, B.Session).IsValid);
    }

    [Fact]
    public void The_clock_skew_widens_a_cached_chains_window_as_it_widens_an_uncached_one()
    {
        var skew = TimeSpan.FromMinutes(5);
        var clock = new FakeTimeProvider(VerificationTime);
        var options = B.Options with { ClockSkew = skew };
        var verifier = new MdocVerifier(options, clock);
        Assert.True(verifier.Verify(B.Signed, B.Session).IsValid);

        foreach (var at in new[] { SignerNotAfter + skew, SignerNotAfter + skew + TimeSpan.FromSeconds(1) })
        {
            clock.SetUtcNow(at);
            var cached = verifier.Verify(B.Signed, B.Session);
            var fresh = new MdocVerifier(options, new FakeTimeProvider(at)).Verify(B.Signed, B.Session);
            VerificationResultAssert.Same(fresh, cached);
        }
    }

    [Fact]
    public void A_forged_issuer_auth_under_a_cached_x5chain_fails_issuer_signature_invalid()
    {
        var verifier = new MdocVerifier(B.Options, new FakeTimeProvider(VerificationTime));
        Assert.True(verifier.Verify(B.Signed, B.Session).IsValid);
        using var attackerKey = B.AttackerKey.ExportECDsa();
        var forged = B.ResignedBy(attackerKey, B.Pki.DocumentSigner);

        var result = verifier.Verify(forged, B.Session);

        Assert.False(result.IsValid);
        Assert.True(result.HasFailure(VerificationFailureCodes.IssuerSignatureInvalid));
        Assert.Contains(result.Checks, c => c.Name == "issuer_signature" && c.Status == CheckStatus.Failed);
        VerificationResultAssert.Same(Fresh(forged, VerificationTime), result);

        // Every time, and the genuine response is unaffected.
        VerificationResultAssert.Same(result, verifier.Verify(forged, B.Session));
        Assert.True(verifier.Verify(B.Signed, B.Session).IsValid);
    }

    [Fact]
    public void A_forged_issuer_auth_seen_first_does_not_stop_the_genuine_one_from_verifying()
    {
        var verifier = new MdocVerifier(B.Options, new FakeTimeProvider(VerificationTime));
        using var attackerKey = B.AttackerKey.ExportECDsa();
        var forged = B.ResignedBy(attackerKey, B.Pki.DocumentSigner);

        Assert.True(verifier.Verify(forged, B.Session).HasFailure(VerificationFailureCodes.IssuerSignatureInvalid));
        Assert.True(verifier.Verify(B.Signed, B.Session).IsValid);
        Assert.True(verifier.Verify(forged, B.Session).HasFailure(VerificationFailureCodes.IssuerSignatureInvalid));
    }

    [Fact]
    public void An_untrusted_chain_fails_every_time()
    {
        var verifier = new MdocVerifier(B.Options, new FakeTimeProvider(VerificationTime));
        using var attackerKey = B.AttackerKey.ExportECDsa();
        var untrusted = B.ResignedBy(attackerKey, B.AttackerCertificate);

        var first = verifier.Verify(untrusted, B.Session);
        Assert.True(first.HasFailure(CertificateProblemCodes.UntrustedIssuer));
        for (var i = 0; i < 3; i++)
        {
            VerificationResultAssert.Same(first, verifier.Verify(untrusted, B.Session));
        }
    }

    [Fact]
    public void A_chain_that_failed_in_time_is_not_kept_and_validates_in_full_at_a_good_time()
    {
        var clock = new SettableClock(SignerNotAfter.AddDays(1));
        var verifier = new MdocVerifier(B.Options with { RequireMsoSignedWithinCertificateValidity = false }, clock);
        Assert.True(verifier.Verify(B.Signed, B.Session).HasFailure(CertificateProblemCodes.CertificateExpired));

        clock.Now = VerificationTime;
        Assert.True(verifier.Verify(B.Signed, B.Session).IsValid);
    }

    [Fact]
    public void A_document_signer_profile_failure_is_reported_every_time()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var noEku = B.DocumentSigner(key, Name("DS without EKU", "JP"), extensions: [new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true)]);
        var response = B.ResignedBy(key, noEku);
        var verifier = new MdocVerifier(B.Options, new FakeTimeProvider(VerificationTime));

        var first = verifier.Verify(response, B.Session);

        Assert.True(first.HasFailure(CertificateProblemCodes.DsMissingEku));
        VerificationResultAssert.Same(first, verifier.Verify(response, B.Session));
    }

    [Fact]
    public void One_verifier_verifies_200_responses_under_several_chains_in_parallel()
    {
        using var keyA = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var keyB = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var signerA = B.DocumentSigner(keyA, Name("Parallel DS A", "JP"));
        using var signerB = B.DocumentSigner(keyB, Name("Parallel DS B", "JP"));
        byte[][] responses =
        [
            B.Signed,
            B.Maced,
            B.TwoDocuments,
            B.ResignedBy(keyA, signerA),
            B.WithIssuerAuth(Protected((Cose.CoseHeaderLabels.Algorithm, Alg(Crypto.CoseAlgorithm.ES384))), X5Chain(signerB), EcdsaSigner(keyB, HashAlgorithmName.SHA384)),
        ];
        var verifier = new MdocVerifier(B.Options, new FakeTimeProvider(VerificationTime));
        var results = new VerificationResult[200];

        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = verifier.Verify(responses[i % responses.Length], B.Session));

        Assert.All(results, r => Assert.True(r.IsValid, string.Join(", ", r.Failures.Select(f => f.Code))));
        for (var i = 0; i < responses.Length; i++)
        {
            VerificationResultAssert.Same(results[i], results[i + responses.Length]);
        }
    }
}
