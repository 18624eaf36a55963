using System.Text;
using Honnin.Issuer.SdJwt;
using Honnin.Issuer.State;
using Honnin.Issuer.StatusLists;
using Honnin.StatusLists;
using Honnin.Tests.Http;
using Honnin.Tests.Issuance;
using Honnin.Verifier.SdJwt;
using Honnin.Verifier.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.DependencyInjection.Tests;

/// <summary>
/// <c>AddStatusListChecker</c>: the verifiers from the container check status lists fetched through
/// <c>IHttpClientFactory</c> from a real server on loopback, with the host's registered cache, unless their own options
/// name another checker.
/// </summary>
public sealed class AddStatusListCheckerTests : IDisposable
{
    private readonly TestIssuer _pki = new();
    private readonly FakeTimeProvider _clock = new(TestIssuer.Now.AddMinutes(5));
    private readonly LoopbackStatusServer _server = new();

    [Fact]
    public async Task A_verifier_from_the_container_checks_the_status_through_the_http_client_factory_and_the_hosts_cache()
    {
        var uri = _server.Url("status/1");
        var state = new InMemoryIssuerState();
        var entry = new StatusListReference(await state.AllocateAsync(uri, 1024, "c1"), uri);
        var publisher = new StatusListPublisher(state, new StatusListPublisherOptions { Signer = _pki.Signer, CertificateChain = [_pki.DocumentSigner.RawData], Size = 1024 }, _clock);
        await publisher.RevokeAsync(entry);
        _server.Serve("status/1", Encoding.UTF8.GetBytes((await publisher.PublishJwtAsync(uri)).Jws.Text));
        var issuer = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = "https://payroll.example.jp", CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));
        var credential = (await issuer.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), TestIssuer.NewDeviceKey(out _)) { Status = entry })).Serialize();
        var cache = new InMemoryStatusListCache();

        var services = new ServiceCollection();
        using var logs = new CapturingLoggerProvider();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<IStatusListCache>(cache);
        services.AddHonnin()
            .AddStatusListChecker(_pki.TrustAnchors)
            .AddSdJwtVcVerifier(new SdJwtVcVerifierOptions { TrustAnchors = _pki.TrustAnchors, KeyBinding = KeyBindingPolicy.Optional });
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var result = await provider.GetRequiredService<SdJwtVcVerifier>().VerifyAsync(credential);

        Assert.True(result.HasFailure(StatusCheckCodes.Revoked), string.Join("; ", result.Failures.Select(f => f.Code + ": " + f.Message)));
        Assert.Equal(1, _server.Hits("status/1"));
        Assert.NotNull(await cache.GetAsync(uri, _clock.GetUtcNow()));
        var line = Assert.Single(logs.Lines, l => l.EventId.Id == Honnin.Verifier.Logging.VerifierEventIds.StatusChecked);
        Assert.Contains("revoked", line.Message, StringComparison.Ordinal);
        // Honnin's own lines name no list (the host's HttpClient logging names the list's URL, which is public).
        Assert.DoesNotContain(logs.Lines, l => l.Category.StartsWith("Honnin", StringComparison.Ordinal) && l.AllText.Contains("status/1", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddHonnin().AddStatusListChecker(null).AddStatusListChecker(null));
    }

    public void Dispose()
    {
        _server.Dispose();
        _pki.Dispose();
    }
}
