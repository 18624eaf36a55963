using System.Text.Json.Nodes;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Issuance;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Holder.SdJwt;
using Honnin.Tests.Services;
using Honnin.X509;

namespace Honnin.AspNetCore.Tests;

/// <summary>
/// The whole OpenID4VP story over loopback: the employer's issuer service issues a slip into Honnin's wallet, the
/// agency's verifier service asks for two elements with a DCQL query, the wallet reads the signed request, plans under
/// the person's policy, answers (in either response mode, in either format), and the agency reads the verified result.
/// </summary>
public sealed class PresentationFlowTests
{
    internal static Task<TestWallet> WalletWithSlipAsync(IssuerHost issuer, VerifierHost verifier, string format, int batch = 1, HolderOptions? options = null) =>
        TestWallet.WithSlipAsync(issuer, format, options ?? new HolderOptions { RegistrarTrustAnchors = TrustAnchorSet.Create([verifier.Registrar]) }, batch);

    [Theory]
    [InlineData("sd-jwt", "direct_post.jwt")]
    [InlineData("sd-jwt", "direct_post")]
    [InlineData("mdoc", "direct_post.jwt")]
    [InlineData("mdoc", "direct_post")]
    public async Task The_agency_asks_for_two_elements_and_reads_exactly_those_verified(string format, string responseMode)
    {
        await using var issuer = await IssuerHost.StartAsync(o => o with { MaxBatchSize = 1 });
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, format);
        var transaction = await verifier.CreateTransactionAsync(VerifierHost.SlipQuery(format), responseMode: responseMode);
        Assert.Equal("pending", (await verifier.ResultAsync(transaction["transaction"]!.GetValue<string>()))["state"]!.GetValue<string>());

        var session = await wallet.Client.ResolveAsync(transaction["url"]!.GetValue<string>());

        Assert.Empty(session.Requester.Problems);
        Assert.True(session.Requester.Authenticated);
        Assert.Equal(verifier.Verifier.ClientId, session.Requester.ClientId);
        Assert.Equal("年末調整のため", session.Requester.StatedPurpose);
        Assert.NotNull(session.Requester.Registration);
        Assert.True(session.IsSatisfiable);
        var query = Assert.Single(session.Queries);
        Assert.Equal("slip", query.QueryId);
        Assert.Equal(["family_name", "payment_amount"], query.Plan.Disclosed.Select(d => d.Element.Identifier).Order());

        var outcome = await wallet.Client.RespondAsync(session);

        Assert.Equal(["slip"], outcome.Sent);
        var result = await verifier.ResultAsync(transaction["transaction"]!.GetValue<string>());
        Assert.True(result["state"]!.GetValue<string>() == "valid", result.ToJsonString());
        var document = Assert.Single(result["documents"]!.AsArray())!.AsObject();
        Assert.Equal("slip", document["credential_query_id"]!.GetValue<string>());
        var disclosed = format == "mdoc"
            ? document["elements"]!.AsObject().SelectMany(ns => ns.Value!.AsObject().Select(e => e.Key)).Order().ToArray()
            : document["claims"]!.AsObject().Where(c => c.Key is "payment_amount" or "family_name" or "given_name" or "tax_year").Select(c => c.Key).Order().ToArray();
        Assert.Equal(["family_name", "payment_amount"], disclosed);

        var log = Assert.Single(await wallet.Store.Log.ListAsync());
        Assert.Equal("年末調整のため", log.Requester.StatedPurpose);
        Assert.Equal(verifier.Verifier.ClientId, log.Requester.ClientId);
    }
}
