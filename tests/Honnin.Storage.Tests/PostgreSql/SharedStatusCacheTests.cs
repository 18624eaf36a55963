using System.Text;
using Honnin.Issuer.State;
using Honnin.Issuer.StatusLists;
using Honnin.StatusLists;
using Honnin.Storage.PostgreSql;
using Honnin.Storage.Tests.Support;
using Honnin.Tests.Http;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Status;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Storage.Tests.PostgreSql;

/// <summary>
/// Two instances of a verifier service share one status list cache in PostgreSQL: the list is fetched once for both,
/// each still verifies the cached token before using it, and a token altered in the database is refused.
/// </summary>
[Collection(PostgresClusterFixture.Name)]
public sealed class SharedStatusCacheTests(PostgresCluster cluster) : IDisposable
{
    private readonly TestIssuer _pki = new();
    private readonly LoopbackStatusServer _server = new();
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });
    private readonly FakeTimeProvider _clock = new(TestIssuer.Now.AddMinutes(5));

    [Fact]
    public async Task Two_instances_fetch_a_list_once_and_refuse_a_cached_token_someone_altered()
    {
        var connection = await cluster.NewSchemaAsync();
        using var first = await PostgreSqlVerifierStore.OpenAsync(connection);
        using var second = await PostgreSqlVerifierStore.OpenAsync(connection);
        var uri = _server.Url("status/1");
        var state = new InMemoryIssuerState();
        var entry = new StatusListReference(await state.AllocateAsync(uri, 1024, "c1"), uri);
        var publisher = new StatusListPublisher(state, new StatusListPublisherOptions { Signer = _pki.Signer, CertificateChain = [_pki.DocumentSigner.RawData], Size = 1024 }, _clock);
        await publisher.RevokeAsync(entry);
        var token = (await publisher.PublishJwtAsync(uri)).Jws.Text;
        _server.Serve("status/1", Encoding.UTF8.GetBytes(token));

        Assert.Equal(StatusState.Revoked, (await Checker(first).CheckAsync(entry)).State);
        var fromSecond = await Checker(second).CheckAsync(entry);
        Assert.Equal((StatusState.Revoked, true), (fromSecond.State, fromSecond.FromCache));
        Assert.Equal(1, _server.Hits("status/1"));

        // Someone with write access to the cache replaces the list with one that says "valid": it is not trusted.
        var forged = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];
        var cached = await first.GetAsync(uri, _clock.GetUtcNow());
        await first.PutAsync(cached! with { Token = Encoding.UTF8.GetBytes(forged) });
        var afterForgery = await Checker(second).CheckAsync(entry);
        Assert.Equal(StatusState.Revoked, afterForgery.State);
        Assert.False(afterForgery.FromCache);
    }

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
        _pki.Dispose();
    }

    private StatusListChecker Checker(IStatusListCache cache) =>
        new(new StatusListCheckerOptions { Source = new HttpStatusListSource(_http), Cache = cache, TrustAnchors = _pki.TrustAnchors }, _clock);
}
