using Honnin.Holder.Credentials;
using Honnin.Holder.Issuance;
using Honnin.Holder.Keys;
using Honnin.Tests.Services;

namespace Honnin.AspNetCore.Tests;

/// <summary>
/// Honnin's wallet client in the authorization code flow against the issuer service: the person signs in (the test's
/// stand-in for the issuer's single sign-on), the code comes back, and the offer's credentials are stored; another
/// person, a forged answer, or an offer that names nobody gets nothing.
/// </summary>
public sealed class WalletClientSignInTests
{
    private static readonly Uri RedirectUri = new("https://wallet.example/callback");

    [Fact]
    public async Task The_named_employee_signs_in_and_the_wallet_stores_the_offer()
    {
        await using var host = await IssuerHost.StartAsync(o => o with { AuthorizationCodeFlow = true, MaxBatchSize = 2 });
        var created = await host.CreateOfferAsync(batch: 2, txCode: true, employee: "E-1001");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var client = new OpenId4VciClient(http);
        var preview = await client.PreviewAsync(created["offer"]!.GetValue<string>());
        Assert.True(preview.OffersSignIn);
        Assert.True(preview.OffersPreAuthorizedCode);

        var store = new InMemoryCredentialStore();
        using var keys = new InMemoryDeviceKeyStore();
        var result = await client.AcceptWithSignInAsync(preview, SignIn(host, "E-1001"), new IssuanceTargets(store, keys), TimeSpan.Zero);

        Assert.Equal(2, result.Credentials.Count);
        Assert.Equal(2, (await store.ListAsync()).Count);
        Assert.Contains("credential_accepted", await host.Admin.GetStringAsync("admin/offers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_person_a_tampered_answer_or_an_offer_for_nobody_gets_nothing()
    {
        await using var host = await IssuerHost.StartAsync(o => o with { AuthorizationCodeFlow = true, MaxBatchSize = 1 });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var client = new OpenId4VciClient(http);
        var store = new InMemoryCredentialStore();
        using var keys = new InMemoryDeviceKeyStore();

        var preview = await client.PreviewAsync((await host.CreateOfferAsync(txCode: false, employee: "E-1001"))["offer"]!.GetValue<string>());
        var denied = await Assert.ThrowsAsync<OfferAcceptanceException>(() => client.AcceptWithSignInAsync(preview, SignIn(host, "E-2002"), new IssuanceTargets(store, keys), TimeSpan.Zero));
        Assert.Equal(OfferAcceptanceException.TokenRefused, denied.Code);
        Assert.Equal("access_denied", denied.IssuerError?.Error);

        var tampered = await Assert.ThrowsAsync<OfferAcceptanceException>(() => client.AcceptWithSignInAsync(preview, SignIn(host, "E-1001", callback => new Uri(callback.ToString().Replace("state=", "state=x", StringComparison.Ordinal))), new IssuanceTargets(store, keys), TimeSpan.Zero));
        Assert.Equal(OfferAcceptanceException.IssuerResponseInvalid, tampered.Code);

        var anonymous = await client.PreviewAsync((await host.CreateOfferAsync(txCode: false))["offer"]!.GetValue<string>());
        Assert.False(anonymous.OffersSignIn);
        Assert.Equal(OfferAcceptanceException.OfferUnsupported, (await Assert.ThrowsAsync<OfferAcceptanceException>(() => client.AcceptWithSignInAsync(anonymous, SignIn(host, "E-1001"), new IssuanceTargets(store, keys), TimeSpan.Zero))).Code);
        Assert.Empty(await store.ListAsync());
    }

    // The app's browser: it opens the authorization URL as the signed-in employee and hands back where it was sent.
    private static AuthorizationCodeSignIn SignIn(IssuerHost host, string employee, Func<Uri, Uri>? bend = null) =>
        new("wallet.example", RedirectUri, async (authorization, cancellationToken) =>
        {
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, authorization);
            request.Headers.Add(IssuerHost.EmployeeHeader, employee);
            using var response = await browser.SendAsync(request, cancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
            var callback = response.Headers.Location!;
            return bend?.Invoke(callback) ?? callback;
        });
}
