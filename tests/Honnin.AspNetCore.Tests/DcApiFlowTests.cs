using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Holder.Presentation;
using Honnin.OpenId4Vc;
using Honnin.Tests.Services;
using Honnin.Verifier.Protocol;
using static Honnin.AspNetCore.Tests.PresentationFlowTests;

namespace Honnin.AspNetCore.Tests;

/// <summary>
/// OpenID4VP over the W3C Digital Credentials API, as the agency's page would run it: the page's backend asks the
/// verifier service for a request (signed with expected_origins, or unsigned), the platform hands it to the wallet with
/// the page's origin, the wallet answers bound to that origin, and the page passes the answer back with its origin. The
/// browser is stood in for by the test; the service and the wallet are the real ones.
/// </summary>
public sealed class DcApiFlowTests
{
    [Theory]
    [InlineData("sd-jwt", true, true)]
    [InlineData("sd-jwt", false, false)]
    [InlineData("mdoc", true, false)]
    [InlineData("mdoc", false, true)]
    public async Task The_page_asks_over_the_DC_API_and_reads_the_answer_bound_to_its_origin(string format, bool signed, bool encrypted)
    {
        await using var issuer = await IssuerHost.StartAsync(o => o with { MaxBatchSize = 1 });
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, format);
        var created = await CreateAsync(verifier, format, signed, encrypted);
        Assert.Equal(signed ? DcApiRequest.SignedProtocol : DcApiRequest.UnsignedProtocol, created["protocol"]!.GetValue<string>());
        var data = created["data"]!.AsObject();
        Assert.Equal(signed, data.ContainsKey("request"));
        Assert.False(data.ContainsKey("client_id"));

        var session = await wallet.Client.ResolveDcApiAsync(data, VerifierHost.PageOrigin);

        Assert.Equal(VerifierHost.PageOrigin, session.Origin);
        Assert.Equal("年末調整のため", session.Requester.StatedPurpose);
        var query = Assert.Single(session.Queries);
        if (signed)
        {
            // Authenticated and registered by its certificate: the plan shares what the registration allows.
            Assert.True(session.Requester.Authenticated, string.Join(", ", session.Requester.Problems));
            Assert.NotNull(session.Requester.Registration);
        }
        else
        {
            // Known only by its origin: nothing unless the person adds it, element by element.
            Assert.False(session.Requester.Authenticated);
            Assert.Empty(query.Plan.Disclosed);
            var plan = query.Plan;
            foreach (var element in plan.Documents[0].Elements.ToList())
            {
                plan = plan.Confirm(element.NameSpace, element.Identifier);
            }

            session = session.With(query.QueryId, plan);
        }

        Assert.Equal(["family_name", "payment_amount"], session.Queries[0].Plan.Disclosed.Select(d => d.Element.Identifier).Order());
        var (answer, sent) = await wallet.Client.RespondDcApiAsync(session);
        Assert.Equal(["slip"], sent);
        Assert.Equal(encrypted, answer.ContainsKey("response"));

        var result = await AnswerAsync(verifier, created["transaction"]!.GetValue<string>(), VerifierHost.PageOrigin, answer);
        Assert.True(result.Status == HttpStatusCode.OK, result.Body.ToJsonString());
        Assert.Equal("valid", result.Body["state"]!.GetValue<string>());
        Assert.Single(result.Body["documents"]!.AsArray());
        Assert.Equal("valid", (await verifier.ResultAsync(created["transaction"]!.GetValue<string>()))["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("sd-jwt")]
    [InlineData("mdoc")]
    public async Task An_answer_bound_to_one_page_does_not_verify_for_another(string format)
    {
        await using var issuer = await IssuerHost.StartAsync(o => o with { MaxBatchSize = 1 });
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, format);
        var created = await CreateAsync(verifier, format, signed: true, encrypted: true);
        var session = await wallet.Client.ResolveDcApiAsync(created["data"]!.AsObject(), VerifierHost.PageOrigin);
        var (answer, _) = await wallet.Client.RespondDcApiAsync(session);

        // The other page is the agency's too, but the answer was made for the first: it fails, and is recorded so.
        var result = await AnswerAsync(verifier, created["transaction"]!.GetValue<string>(), VerifierHost.OtherPageOrigin, answer);

        Assert.Equal("invalid", result.Body["state"]!.GetValue<string>());
        var codes = result.Body["failures"]!.AsArray().Select(f => f!["code"]!.GetValue<string>()).ToList();
        Assert.Contains(format == "mdoc" ? "device_signature_invalid" : "kb_jwt_aud_mismatch", codes);
    }

    [Fact]
    public async Task A_signed_request_replayed_from_another_site_and_an_answer_from_an_unknown_page_are_refused()
    {
        await using var issuer = await IssuerHost.StartAsync(o => o with { MaxBatchSize = 1 });
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "sd-jwt");
        var created = await CreateAsync(verifier, "sd-jwt", signed: true, encrypted: true);

        // A site that copied the agency's signed request: the platform gives the wallet that site's origin.
        var replay = await Assert.ThrowsAsync<PresentationRequestException>(() => wallet.Client.ResolveDcApiAsync(created["data"]!.AsObject(), "https://evil.example.com"));
        Assert.Equal(PresentationRequestException.RequestInvalid, replay.Code);
        Assert.Contains(OpenId4VcFailureCodes.RequestMalformed, replay.Message, StringComparison.Ordinal);

        // A page the verifier does not have passes an answer on: refused, and the transaction stays open.
        var session = await wallet.Client.ResolveDcApiAsync(created["data"]!.AsObject(), VerifierHost.PageOrigin);
        var (answer, _) = await wallet.Client.RespondDcApiAsync(session);
        var stranger = await AnswerAsync(verifier, created["transaction"]!.GetValue<string>(), "https://evil.example.com", answer);
        Assert.Equal(HttpStatusCode.BadRequest, stranger.Status);
        Assert.Equal(OpenId4VpFailureCodes.OriginMismatch, stranger.Body["error"]!.GetValue<string>());
        Assert.Equal("pending", (await verifier.ResultAsync(created["transaction"]!.GetValue<string>()))["state"]!.GetValue<string>());

        // The real page then gets its answer; a second time it is refused as answered.
        Assert.Equal("valid", (await AnswerAsync(verifier, created["transaction"]!.GetValue<string>(), VerifierHost.PageOrigin, answer)).Body["state"]!.GetValue<string>());
        var again = await AnswerAsync(verifier, created["transaction"]!.GetValue<string>(), VerifierHost.PageOrigin, answer);
        Assert.Equal(OpenId4VpFailureCodes.TransactionAnswered, again.Body["error"]!.GetValue<string>());
    }

    private static async Task<JsonObject> CreateAsync(VerifierHost verifier, string format, bool signed, bool encrypted)
    {
        var body = new JsonObject { ["dcql_query"] = VerifierHost.SlipQuery(format), ["purpose"] = "年末調整のため", ["signed"] = signed, ["encrypted"] = encrypted };
        using var response = await verifier.Admin.PostAsync("admin/dc-api/transactions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return (JsonObject)JsonNode.Parse(text)!;
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> AnswerAsync(VerifierHost verifier, string transaction, string origin, JsonObject data)
    {
        var body = new JsonObject { ["origin"] = origin, ["data"] = data.DeepClone() };
        using var response = await verifier.Admin.PostAsync($"admin/dc-api/transactions/{transaction}/response", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
