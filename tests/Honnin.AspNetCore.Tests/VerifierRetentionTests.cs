using System.Net;
using Honnin.Tests.Services;

namespace Honnin.AspNetCore.Tests;

/// <summary>A transaction and its result (the verified elements) are removed once their retention after expiry ends.</summary>
public sealed class VerifierRetentionTests
{
    [Fact]
    public async Task An_expired_transaction_is_purged_after_its_retention_and_not_before()
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca, configure: o => o with { TransactionLifetime = TimeSpan.FromSeconds(1), ResultRetention = TimeSpan.FromSeconds(2) });
        var created = await verifier.CreateTransactionAsync(VerifierHost.SlipQuery("sd-jwt"));
        var id = created["transaction"]!.GetValue<string>();

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, await verifier.Verifier.PurgeAsync());
        Assert.Equal("expired", (await verifier.ResultAsync(id))["state"]!.GetValue<string>());

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, await verifier.Verifier.PurgeAsync());
        using var gone = await verifier.Admin.GetAsync("admin/transactions/" + id);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
