using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.SdJwt;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.Trust;

/// <summary>
/// An <see cref="SdJwtVcVerifier"/> with trust anchors keeps the <c>x5c</c> chains it validated: a second
/// presentation with the same chain gives exactly what a fresh verifier gives, in time as well, and still needs a
/// valid Issuer-signed JWT signature.
/// </summary>
public sealed class SdJwtChainCacheTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SignerNotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SignerNotAfter = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ECDsa _iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _iaca;
    private readonly X509Certificate2 _ds;
    private readonly TrustAnchorSet _anchors;

    public SdJwtChainCacheTests()
    {
        _iaca = MdocCertificateFactory.CreateIaca("JP", "Honnin cache test IACA", _iacaKey, Now.AddYears(-2), Now.AddYears(5));
        _ds = MdocCertificateFactory.CreateDocumentSigner(_iaca, _iacaKey, "JP", "Honnin cache test DS", _dsKey, SignerNotBefore, SignerNotAfter, issuerUris: ["https://issuer.example.com"]);
        _anchors = TrustAnchorSet.Create([_iaca]);
    }

    private static JsonObject Claims => new()
    {
        ["iss"] = "https://issuer.example.com",
        ["iat"] = Now.AddDays(-1).ToUnixTimeSeconds(),
        ["vct"] = "urn:honnin:jp:enrollment-certificate:1",
        ["given_name"] = "Taro",
    };

    [Fact]
    public async Task Verifying_the_same_presentation_twice_gives_identical_results_and_check_outcomes()
    {
        var presentation = await IssueAsync();
        var verifier = Verifier(new FakeTimeProvider(Now));

        var first = verifier.Verify(presentation);
        var second = verifier.Verify(presentation);

        Assert.True(first.IsValid, string.Join(", ", first.Failures.Select(f => f.Code)));
        Assert.Contains(second.Checks, c => c.Name == "issuer_trust" && c.Status == CheckStatus.Passed);
        VerificationResultAssert.Same(first, second);
    }

    [Fact]
    public async Task A_cached_chain_fails_with_certificate_expired_once_the_clock_passes_the_document_signers_not_after()
    {
        var presentation = await IssueAsync();
        var clock = new FakeTimeProvider(Now);
        var verifier = Verifier(clock);
        Assert.True(verifier.Verify(presentation).IsValid);

        clock.SetUtcNow(SignerNotAfter.AddSeconds(1));
        var expired = verifier.Verify(presentation);

        Assert.True(expired.HasFailure(CertificateProblemCodes.CertificateExpired));
        VerificationResultAssert.Same(Verifier(new FakeTimeProvider(clock.GetUtcNow())).Verify(presentation), expired);
    }

    [Fact]
    public async Task A_cached_chain_fails_with_certificate_not_yet_valid_before_the_document_signers_not_before()
    {
        var presentation = await IssueAsync();
        var clock = new SettableClock(Now);
        var verifier = Verifier(clock);
        Assert.True(verifier.Verify(presentation).IsValid);

        clock.Now = SignerNotBefore.AddSeconds(-1);
        var early = verifier.Verify(presentation);

        Assert.True(early.HasFailure(CertificateProblemCodes.CertificateNotYetValid));
        VerificationResultAssert.Same(Verifier(new FakeTimeProvider(clock.Now)).Verify(presentation), early);
    }

    [Fact]
    public async Task A_forged_signature_under_a_cached_x5c_fails_issuer_signature_invalid()
    {
        var verifier = Verifier(new FakeTimeProvider(Now));
        Assert.True(verifier.Verify(await IssueAsync()).IsValid);
        using var attacker = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var forged = await IssueAsync(attacker);

        var result = verifier.Verify(forged);

        Assert.True(result.HasFailure(VerificationFailureCodes.IssuerSignatureInvalid));
        VerificationResultAssert.Same(Verifier(new FakeTimeProvider(Now)).Verify(forged), result);
    }

    [Fact]
    public async Task An_untrusted_chain_fails_every_time()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherIaca = MdocCertificateFactory.CreateIaca("JP", "Another IACA", otherKey, Now.AddYears(-2), Now.AddYears(5));
        using var otherAnchors = TrustAnchorSet.Create([otherIaca]);
        var verifier = new SdJwtVcVerifier(new SdJwtVcVerifierOptions { TrustAnchors = otherAnchors, KeyBinding = KeyBindingPolicy.Forbidden }, new FakeTimeProvider(Now));
        var presentation = await IssueAsync();

        var first = verifier.Verify(presentation);

        Assert.True(first.HasFailure(CertificateProblemCodes.UntrustedIssuer));
        for (var i = 0; i < 3; i++)
        {
            VerificationResultAssert.Same(first, verifier.Verify(presentation));
        }
    }

    [Fact]
    public async Task One_verifier_verifies_200_presentations_in_parallel()
    {
        var presentations = new[] { await IssueAsync(), await IssueAsync(), await IssueAsync() };
        var verifier = Verifier(new FakeTimeProvider(Now));
        var results = new VerificationResult[200];

        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = verifier.Verify(presentations[i % presentations.Length]));

        Assert.All(results, r => Assert.True(r.IsValid, string.Join(", ", r.Failures.Select(f => f.Code))));
    }

    public void Dispose()
    {
        _anchors.Dispose();
        _ds.Dispose();
        _iaca.Dispose();
        _dsKey.Dispose();
        _iacaKey.Dispose();
    }

    private SdJwtVcVerifier Verifier(TimeProvider clock) =>
        new(new SdJwtVcVerifierOptions { TrustAnchors = _anchors, KeyBinding = KeyBindingPolicy.Forbidden }, clock);

    private async Task<string> IssueAsync(ISigner? signer = null)
    {
        using var dsSigner = SoftwareSigner.FromECDsa(ECDsa.Create(_dsKey.ExportParameters(includePrivateParameters: true)));
        var builder = new SdJwtBuilder(Claims).MakeDisclosable("given_name")
            .WithHeader("x5c", new JsonArray(Convert.ToBase64String(_ds.RawData)));
        return (await builder.BuildAsync(signer ?? dsSigner)).Serialize();
    }
}
