using System.Text;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Issuer.State;
using Honnin.Issuer.StatusLists;
using Honnin.Mdoc;
using Honnin.StatusLists;
using Honnin.Tests.Http;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Honnin.Verifier.Status;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.Status;

/// <summary>
/// Issue → present → verify with a status check, in both formats, against a real HTTP server on loopback: a valid
/// credential passes, a revoked or suspended one fails with its code once the list's ttl has passed, a reinstated one
/// passes again, an unreachable list fails closed under <c>auto</c>, <c>off</c> says it did not check, and
/// <c>require</c> refuses a credential without a status.
/// </summary>
public sealed class StatusVerificationTests : IDisposable
{
    private const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    private readonly TestIssuer _pki = new();
    private readonly InMemoryIssuerState _state = new();
    private readonly FakeTimeProvider _clock = new(TestIssuer.Now.AddMinutes(5));
    private readonly LoopbackStatusServer _server = new();
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });
    private readonly SessionTranscript _transcript = SessionTranscript.ForOpenId4VpDcApi("https://employer.example.jp", "n-1", null);

    private string ListUri => _server.Url("status/1");

    [Fact]
    public async Task An_mdoc_is_accepted_then_refused_once_revoked_within_the_lists_ttl()
    {
        var entry = await AllocateAsync("mdoc-1");
        var response = await PresentMdocAsync(entry);
        await PublishAsync();
        var verifier = MdocVerifier(StatusCheckPolicy.Auto);

        var before = await verifier.VerifyAsync(response, new MdocSession(_transcript));
        Assert.True(before.IsValid, string.Join("; ", before.Failures.Select(f => f.Code + ": " + f.Message)));
        Assert.Equal(CheckStatus.Passed, Assert.Single(before.Checks, c => c.Name == "status_list").Status);

        await Publisher().RevokeAsync(entry);
        await PublishAsync();
        _clock.Advance(TimeSpan.FromMinutes(61));
        var after = await verifier.VerifyAsync(response, new MdocSession(_transcript));
        Assert.False(after.IsValid);
        Assert.True(after.HasFailure(StatusCheckCodes.Revoked));
        Assert.Empty(after.Documents);
    }

    [Fact]
    public async Task An_sd_jwt_vc_is_refused_while_suspended_and_accepted_again_once_reinstated()
    {
        var entry = await AllocateAsync("sd-1");
        var credential = await IssueSdJwtAsync(entry);
        var publisher = Publisher();
        await publisher.SuspendAsync(entry);
        await PublishAsync();

        var suspended = await SdJwtVerifier(StatusCheckPolicy.Auto).VerifyAsync(credential);
        Assert.True(suspended.HasFailure(StatusCheckCodes.Suspended));

        await publisher.ReinstateAsync(entry);
        await PublishAsync(cwt: true);
        var reinstated = await SdJwtVerifier(StatusCheckPolicy.Auto).VerifyAsync(credential);
        Assert.True(reinstated.IsValid, string.Join("; ", reinstated.Failures.Select(f => f.Code + ": " + f.Message)));
    }

    [Fact]
    public async Task An_unreachable_list_fails_closed_under_auto_and_off_says_it_did_not_check()
    {
        var entry = await AllocateAsync("sd-2");
        var credential = await IssueSdJwtAsync(entry);

        var auto = await SdJwtVerifier(StatusCheckPolicy.Auto).VerifyAsync(credential);
        Assert.True(auto.HasFailure(StatusCheckCodes.Unavailable));

        var off = await SdJwtVerifier(StatusCheckPolicy.Off).VerifyAsync(credential);
        Assert.True(off.IsValid);
        Assert.Equal(CheckStatus.NotRun, Assert.Single(off.Checks, c => c.Name == "status_list").Status);

        var noChecker = await new SdJwtVcVerifier(SdJwtOptions(StatusCheckPolicy.Auto) with { StatusLists = null }, _clock).VerifyAsync(credential);
        Assert.True(noChecker.HasFailure(StatusCheckCodes.Unavailable));
    }

    [Fact]
    public async Task Require_refuses_a_credential_without_a_status_and_the_synchronous_verify()
    {
        var plain = (await SdJwtIssuer().IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)))).Serialize();
        var entry = await AllocateAsync("sd-3");
        var referenced = await IssueSdJwtAsync(entry);
        await PublishAsync();
        var require = SdJwtVerifier(StatusCheckPolicy.Require);

        Assert.True((await require.VerifyAsync(plain)).HasFailure(StatusCheckCodes.Missing));
        Assert.True((await require.VerifyAsync(referenced)).IsValid);
        Assert.True(require.Verify(referenced).HasFailure(StatusCheckCodes.NotChecked));
        var auto = SdJwtVerifier(StatusCheckPolicy.Auto).Verify(referenced);
        Assert.True(auto.IsValid);
        Assert.True(auto.HasWarning(StatusCheckCodes.NotChecked));
        Assert.DoesNotContain(SdJwtVerifier(StatusCheckPolicy.Auto).Verify(plain).Checks, c => c.Name == "status_list");
    }

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
        _pki.Dispose();
    }

    private StatusListPublisher Publisher() =>
        new(_state, new StatusListPublisherOptions { Signer = _pki.Signer, CertificateChain = [_pki.DocumentSigner.RawData], Size = 1024 }, _clock);

    private async Task<StatusListReference> AllocateAsync(string credentialId) => new(await _state.AllocateAsync(ListUri, 1024, credentialId), ListUri);

    private async Task PublishAsync(bool cwt = false)
    {
        var publisher = Publisher();
        _server.Serve("status/1", cwt ? (await publisher.PublishCwtAsync(ListUri)).Encoded.ToArray() : Encoding.UTF8.GetBytes((await publisher.PublishJwtAsync(ListUri)).Jws.Text));
    }

    private StatusListChecker Checker() => new(new StatusListCheckerOptions { Source = new HttpStatusListSource(_http), TrustAnchors = _pki.TrustAnchors }, _clock);

    private MdocVerifier MdocVerifier(StatusCheckPolicy policy) =>
        new(new MdocVerifierOptions { TrustAnchors = _pki.TrustAnchors, StatusCheck = policy, StatusLists = Checker() }, _clock);

    private SdJwtVcVerifierOptions SdJwtOptions(StatusCheckPolicy policy) =>
        new() { TrustAnchors = _pki.TrustAnchors, ExpectedIssuer = "https://payroll.example.jp", KeyBinding = KeyBindingPolicy.Optional, StatusCheck = policy, StatusLists = Checker() };

    private SdJwtVcVerifier SdJwtVerifier(StatusCheckPolicy policy) => new(SdJwtOptions(policy), _clock);

    private SdJwtVcIssuer SdJwtIssuer() =>
        new(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = "https://payroll.example.jp", CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));

    private async Task<string> IssueSdJwtAsync(StatusListReference entry) =>
        (await SdJwtIssuer().IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)) { Status = entry })).Serialize();

    private async Task<DeviceResponse> PresentMdocAsync(StatusListReference entry)
    {
        var deviceKey = TestIssuer.NewDeviceKey(out var signer);
        var issued = await _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), deviceKey) { Status = entry });
        var keys = new InMemoryDeviceKeyResolver();
        keys.Add(signer);
        var holder = new MdocHolder(new InMemoryCredentialStore(), keys, timeProvider: _clock);
        await holder.StoreAsync(issued.Encode());
        var plan = await holder.PlanSelectionAsync(Slip, [(Slip, "payment_amount")]);
        return await holder.RespondAsync(plan, _transcript);
    }
}
