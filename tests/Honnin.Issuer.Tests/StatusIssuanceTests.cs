using Honnin.Crypto;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Issuer.State;
using Honnin.StatusLists;
using Honnin.Tests.Issuance;
using Honnin.Verifier;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Issuer.Tests;

/// <summary>
/// A credential carries its own Token Status List entry when the request names one: the MSO <c>status</c> and the
/// SD-JWT <c>status</c> claim, in the clear, read back by the verifier; each credential of a batch gets its own entry
/// from the issuer's status list store, and a batch that would share one is refused.
/// </summary>
public sealed class StatusIssuanceTests : IDisposable
{
    private const string Iss = "https://payroll.example.jp";
    private const string List = "https://payroll.example.jp/status/1";
    private readonly TestIssuer _pki = new();
    private readonly FakeTimeProvider _clock = new(TestIssuer.Now.AddMinutes(1));

    [Fact]
    public async Task An_mdoc_carries_its_status_entry_in_the_mso_and_the_verifier_reads_it()
    {
        var issued = await _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)) { Status = new StatusListReference(4711, List) });

        Assert.Equal(new StatusListReference(4711, List), Honnin.Mdoc.MdocStatus.Read(issued.IssuerSigned.MobileSecurityObject.Status));
        var result = new MdocVerifier(new MdocVerifierOptions { TrustAnchors = _pki.TrustAnchors }, _clock).VerifyIssuerSigned(issued.Encode());
        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        Assert.Equal(new StatusListReference(4711, List), Assert.Single(result.Documents).Status);
    }

    [Fact]
    public async Task An_sd_jwt_vc_carries_its_status_claim_in_the_clear_and_the_verifier_reads_it()
    {
        var issued = await SdJwtIssuer().IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)) { Status = new StatusListReference(12, List) });

        Assert.Equal(new StatusListReference(12, List), Honnin.SdJwt.SdJwtStatusClaim.Read(issued.SdJwt.GetIssuerPayload()));
        Assert.DoesNotContain(issued.SdJwt.Disclosures, d => d.ClaimName == "status");
        var result = Verify(issued);
        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        Assert.Equal(new StatusListReference(12, List), Assert.Single(result.Documents).Status);
    }

    [Fact]
    public async Task Each_credential_of_a_batch_gets_its_own_entry_from_the_status_list_store()
    {
        var state = new InMemoryIssuerState();
        var keys = Enumerable.Range(0, 5).Select(_ => TestIssuer.NewDeviceKey(out var _)).ToList();
        var indices = await state.AllocateAsync(List, 1 << 16, [.. keys.Select((_, i) => $"cred-{i}")]);
        var statuses = indices.Select(i => new StatusListReference(i, List)).ToList();

        var mdocs = await _pki.Issuer.IssueBatchAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), keys[0]), keys, statuses);
        var sdJwts = await SdJwtIssuer().IssueBatchAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), keys[0]), keys, statuses);

        Assert.Equal(statuses, mdocs.Select(m => Honnin.Mdoc.MdocStatus.Read(m.IssuerSigned.MobileSecurityObject.Status)));
        Assert.Equal(statuses, sdJwts.Select(s => Verify(s).Documents.Single().Status));
    }

    [Fact]
    public async Task A_batch_that_would_share_one_entry_or_lacks_entries_is_refused()
    {
        var keys = Enumerable.Range(0, 3).Select(_ => TestIssuer.NewDeviceKey(out var _)).ToList();
        var shared = new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), keys[0]) { Status = new StatusListReference(1, List) };
        StatusListReference[] twice = [new(1, List), new(2, List), new(1, List)];
        StatusListReference[] tooFew = [new(1, List), new(2, List)];

        await Assert.ThrowsAsync<ArgumentException>(() => _pki.Issuer.IssueBatchAsync(shared, keys));
        await Assert.ThrowsAsync<ArgumentException>(() => _pki.Issuer.IssueBatchAsync(shared with { Status = null }, keys, twice));
        await Assert.ThrowsAsync<ArgumentException>(() => SdJwtIssuer().IssueBatchAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), keys[0]), keys, tooFew));
    }

    public void Dispose() => _pki.Dispose();

    private SdJwtVcIssuer SdJwtIssuer() =>
        new(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = Iss, CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));

    private VerificationResult Verify(IssuedSdJwtVc issued) =>
        new SdJwtVcVerifier(new SdJwtVcVerifierOptions { TrustAnchors = _pki.TrustAnchors, ExpectedIssuer = Iss, KeyBinding = KeyBindingPolicy.Optional }, _clock).Verify(issued.Serialize());
}
