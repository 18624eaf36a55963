using System.Text;
using Honnin.Crypto;
using Honnin.Issuer.State;
using Honnin.Issuer.StatusLists;
using Honnin.StatusLists;
using Honnin.Tests.Http;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Status;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.Status;

/// <summary>
/// A verifier's status check against a real HTTP server on loopback: the issuer publishes with Honnin's publisher, the
/// checker fetches, trusts only what chains to its roots or the issuer's key, caches by ttl, and fails closed on every
/// way a list can be missing, altered or misdirected.
/// </summary>
public sealed class StatusListCheckerTests : IDisposable
{
    private const string Path = "status/1";
    private readonly TestIssuer _pki = new();
    private readonly InMemoryIssuerState _state = new();
    private readonly FakeTimeProvider _clock = new(TestIssuer.Now.AddMinutes(5));
    private readonly LoopbackStatusServer _server = new();
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });

    private string Uri => _server.Url(Path);

    [Fact]
    public async Task Valid_revoked_and_suspended_entries_are_told_apart_through_jwt_and_cwt()
    {
        foreach (var cwt in new[] { false, true })
        {
            var (valid, revoked, suspended) = await PublishThreeAsync(cwt);
            var checker = Checker();

            Assert.Equal(StatusState.Valid, (await checker.CheckAsync(valid)).State);
            var r = await checker.CheckAsync(revoked);
            Assert.Equal((StatusState.Revoked, StatusCheckCodes.Revoked), (r.State, r.Failure?.Code));
            var s = await checker.CheckAsync(suspended);
            Assert.Equal((StatusState.Suspended, StatusCheckCodes.Suspended), (s.State, s.Failure?.Code));
        }
    }

    [Fact]
    public async Task A_list_is_fetched_once_within_its_ttl_and_a_reinstatement_shows_after_it()
    {
        var (valid, _, suspended) = await PublishThreeAsync(cwt: false);
        var checker = Checker();

        Assert.False((await checker.CheckAsync(valid)).FromCache);
        Assert.Equal(StatusState.Suspended, (await checker.CheckAsync(suspended)).State);
        Assert.Equal(1, _server.Hits(Path));

        var publisher = Publisher();
        Assert.True(await publisher.ReinstateAsync(suspended));
        _server.Serve(Path, Encoding.UTF8.GetBytes((await publisher.PublishJwtAsync(Uri)).Jws.Text));
        _clock.Advance(TimeSpan.FromMinutes(59));
        var cached = await checker.CheckAsync(suspended);
        Assert.Equal((StatusState.Suspended, true), (cached.State, cached.FromCache));

        _clock.Advance(TimeSpan.FromMinutes(2));
        var fresh = await checker.CheckAsync(suspended);
        Assert.Equal((StatusState.Valid, false), (fresh.State, fresh.FromCache));
        Assert.Equal(2, _server.Hits(Path));
    }

    [Fact]
    public async Task A_token_signed_by_a_stranger_is_not_used_but_one_signed_by_the_issuers_key_is()
    {
        var (valid, _, _) = await PublishThreeAsync(cwt: false, signer: SoftwareSigner.Generate(CoseAlgorithm.ES256), chain: false);
        var stranger = await Checker().CheckAsync(valid);
        Assert.Equal((StatusState.Unavailable, StatusCheckCodes.Unavailable), (stranger.State, stranger.Failure?.Code));

        await PublishThreeAsync(cwt: false, chain: false);
        Assert.Equal(StatusState.Unavailable, (await Checker(anchors: false).CheckAsync(valid)).State);
        var checker = Checker(anchors: false);
        Assert.Equal(StatusState.Valid, (await checker.CheckAsync(valid, _pki.Signer.PublicKey)).State);

        // Trusted only through that issuer's key, the token serves no credential of another (or unknown) issuer.
        Assert.Equal(StatusState.Unavailable, (await checker.CheckAsync(valid)).State);
        Assert.Equal(StatusState.Unavailable, (await checker.CheckAsync(valid, SoftwareSigner.Generate(CoseAlgorithm.ES256).PublicKey)).State);
        Assert.Equal(StatusState.Valid, (await checker.CheckAsync(valid, _pki.Signer.PublicKey)).State);
    }

    [Fact]
    public async Task A_token_for_another_list_an_expired_one_and_an_index_beyond_the_list_fail_closed()
    {
        var (valid, _, _) = await PublishThreeAsync(cwt: false);
        Assert.Equal(StatusState.Unavailable, (await Checker().CheckAsync(valid with { Uri = _server.Url("status/2") })).State);

        _server.Serve("status/2", Encoding.UTF8.GetBytes((await Publisher().PublishJwtAsync(Uri)).Jws.Text));
        var misdirected = await Checker().CheckAsync(valid with { Uri = _server.Url("status/2") });
        Assert.Contains("sub", misdirected.Failure!.Message, StringComparison.Ordinal);

        Assert.Equal(StatusState.Unavailable, (await Checker().CheckAsync(valid with { Index = 1 << 20 })).State);

        _clock.Advance(TimeSpan.FromDays(2));
        var expired = await Checker().CheckAsync(valid);
        Assert.Equal(StatusState.Unavailable, expired.State);
        Assert.Contains("expired", expired.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_redirected_failing_oversized_garbage_and_plain_http_lists_fail_closed()
    {
        var reference = new StatusListReference(3, Uri);
        Assert.Equal(StatusState.Unavailable, (await Checker().CheckAsync(reference)).State);

        _server.Redirect(Path, _server.Url("elsewhere"));
        Assert.Contains("redirect", (await Checker().CheckAsync(reference)).Failure!.Message, StringComparison.Ordinal);

        _server.Fail(Path, 500);
        Assert.Contains("500", (await Checker().CheckAsync(reference)).Failure!.Message, StringComparison.Ordinal);

        _server.Serve(Path, new byte[64 * 1024]);
        var small = new StatusListChecker(new StatusListCheckerOptions { Source = new HttpStatusListSource(_http, new HttpStatusListSourceOptions { MaxBytes = 1024 }), TrustAnchors = _pki.TrustAnchors }, _clock);
        Assert.Contains("larger", (await small.CheckAsync(reference)).Failure!.Message, StringComparison.Ordinal);

        _server.Serve(Path, "not a token"u8.ToArray());
        Assert.Contains("not a Status List Token", (await Checker().CheckAsync(reference)).Failure!.Message, StringComparison.Ordinal);

        var outside = await Checker().CheckAsync(new StatusListReference(3, "http://issuer.example.jp/status/1"));
        Assert.Contains("https", outside.Failure!.Message, StringComparison.Ordinal);

        var closed = new LoopbackStatusServer();
        var port = closed.Port;
        closed.Dispose();
        Assert.Equal(StatusState.Unavailable, (await Checker().CheckAsync(new StatusListReference(3, $"http://127.0.0.1:{port}/status/1"))).State);
    }

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
        _pki.Dispose();
    }

    private StatusListChecker Checker(bool anchors = true) =>
        new(new StatusListCheckerOptions { Source = new HttpStatusListSource(_http), TrustAnchors = anchors ? _pki.TrustAnchors : null }, _clock);

    private StatusListPublisher Publisher(ISigner? signer = null, bool chain = true) =>
        new(_state, new StatusListPublisherOptions { Signer = signer ?? _pki.Signer, CertificateChain = chain ? [_pki.DocumentSigner.RawData] : [], Size = 1024 }, _clock);

    private async Task<(StatusListReference Valid, StatusListReference Revoked, StatusListReference Suspended)> PublishThreeAsync(bool cwt, ISigner? signer = null, bool chain = true)
    {
        var indices = await _state.AllocateAsync(Uri, 1024, ["v", "r", "s"]);
        var (valid, revoked, suspended) = (new StatusListReference(indices[0], Uri), new StatusListReference(indices[1], Uri), new StatusListReference(indices[2], Uri));
        var publisher = Publisher(signer, chain);
        await publisher.RevokeAsync(revoked);
        await publisher.SuspendAsync(suspended);
        _server.Serve(Path, cwt ? (await publisher.PublishCwtAsync(Uri)).Encoded.ToArray() : Encoding.UTF8.GetBytes((await publisher.PublishJwtAsync(Uri)).Jws.Text), cwt ? "application/statuslist+cwt" : "application/statuslist+jwt");
        return (valid, revoked, suspended);
    }
}
