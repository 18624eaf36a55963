using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Issuer.Protocol;
using Honnin.Issuer.State;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Issuer.Tests.Protocol;

/// <summary>
/// c_nonces: issued by any instance that shares the secret, accepted once across instances, refused after their
/// lifetime, and refused when not issued with the secret or not of the issuer's form.
/// </summary>
public sealed class CNonceServiceTests
{
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly InMemoryIssuerState _replay = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_nonce_from_one_instance_is_accepted_once_by_another()
    {
        var first = new CNonceService(_secret, _replay, _clock);
        var second = new CNonceService(_secret, _replay, _clock);
        var nonce = first.Issue();

        Assert.Equal(CNonceCheck.Accepted, await second.UseAsync(nonce));
        Assert.Equal(CNonceCheck.Used, await first.UseAsync(nonce));
        Assert.NotEqual(nonce, first.Issue());
    }

    [Fact]
    public async Task A_nonce_is_refused_after_its_lifetime()
    {
        var service = new CNonceService(_secret, _replay, _clock, TimeSpan.FromMinutes(1));
        var nonce = service.Issue();

        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(CNonceCheck.Expired, await service.UseAsync(nonce));
    }

    [Fact]
    public async Task A_nonce_of_another_secret_an_altered_one_and_garbage_are_refused()
    {
        var service = new CNonceService(_secret, _replay, _clock);
        var foreign = new CNonceService(RandomNumberGenerator.GetBytes(32), _replay, _clock).Issue();
        var nonce = service.Issue();
        var altered = nonce[..10] + (nonce[10] == 'A' ? 'B' : 'A') + nonce[11..];

        Assert.Equal(CNonceCheck.NotIssued, await service.UseAsync(foreign));
        Assert.Equal(CNonceCheck.NotIssued, await service.UseAsync(altered));
        Assert.Equal(CNonceCheck.Malformed, await service.UseAsync("not a nonce"));
        Assert.Equal(CNonceCheck.Malformed, await service.UseAsync(null));
        Assert.Equal(CNonceCheck.Malformed, await service.UseAsync(nonce + "AA"));
        Assert.Equal(CNonceCheck.Accepted, await service.UseAsync(nonce));
    }

    [Fact]
    public void The_endpoint_response_carries_one_c_nonce_and_a_short_secret_is_refused()
    {
        var response = JsonNode.Parse(new CNonceService(_secret, _replay, _clock).IssueResponse())!.AsObject();

        Assert.Single(response);
        Assert.False(string.IsNullOrEmpty(response["c_nonce"]!.GetValue<string>()));
        Assert.Throws<ArgumentException>(() => new CNonceService(new byte[16], _replay, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CNonceService(_secret, _replay, _clock, TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task Concurrent_uses_of_one_nonce_accept_it_once()
    {
        var service = new CNonceService(_secret, _replay, _clock);
        var nonce = service.Issue();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => service.UseAsync(nonce))));

        Assert.Single(results, r => r == CNonceCheck.Accepted);
        Assert.All(results.Where(r => r != CNonceCheck.Accepted), r => Assert.Equal(CNonceCheck.Used, r));
    }
}
