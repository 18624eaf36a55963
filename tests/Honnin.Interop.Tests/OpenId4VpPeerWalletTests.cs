using System.Text.Json.Nodes;
using Honnin.Tests.Services;

namespace Honnin.Interop.Tests;

/// <summary>
/// A wallet written with @openid4vc/openid4vp 0.4.6, dcql 3.0.0, jose and @sd-jwt/sd-jwt-vc (mdoc: @auth0/mdl 3.0.1)
/// — tests/interop/vp-wallet.mjs — answers Honnin's verifier service over loopback: it receives a withholding slip from
/// Honnin's issuer service with a key of its own, resolves the <c>openid4vp://</c> link (request_uri by POST, the
/// JAR verified with its x5c to the registrar root, the client id checked by the library for x509_hash and
/// x509_san_dns), selects with DCQL, makes its own presentation and posts it (direct_post, or a JWE by jose for
/// direct_post.jwt). Honnin's verifier must find it valid with exactly the two requested claims.
/// </summary>
public sealed class OpenId4VpPeerWalletTests
{
    [Theory]
    [InlineData("sd-jwt", "direct_post", "x509_hash")]
    [InlineData("sd-jwt", "direct_post.jwt", "x509_hash")]
    [InlineData("sd-jwt", "direct_post", "x509_san_dns")]
    [InlineData("sd-jwt", "direct_post.jwt", "x509_san_dns")]
    [InlineData("mdoc", "direct_post", "x509_hash")]
    [InlineData("mdoc", "direct_post.jwt", "x509_hash")]
    [InlineData("mdoc", "direct_post", "x509_san_dns")]
    [InlineData("mdoc", "direct_post.jwt", "x509_san_dns")]
    public async Task The_peer_wallet_presents_its_own_credential_and_honnins_verifier_reads_exactly_the_requested_claims(string format, string responseMode, string prefix)
    {
        await using var issuer = await IssuerHost.StartAsync(o => o with { MaxBatchSize = 1 });
        await using var verifier = await StartVerifierAsync(issuer, prefix);
        var offer = await issuer.CreateOfferAsync(format, batch: 1, txCode: false);
        var transaction = await verifier.CreateTransactionAsync(VerifierHost.SlipQuery(format), responseMode: responseMode);

        var answer = await RunWalletAsync(offer["offer"]!.GetValue<string>(), transaction["url"]!.GetValue<string>(), verifier, format);

        Assert.True(answer["error"] is null, answer.ToJsonString());
        Assert.Equal(prefix, answer["clientIdPrefix"]!.GetValue<string>());
        Assert.Equal(verifier.Verifier.ClientId.Value, answer["clientId"]!.GetValue<string>());
        Assert.Equal(responseMode, answer["responseMode"]!.GetValue<string>());
        // The peer reads Honnin's request object as OpenID4VP 1.0 (its version 100).
        Assert.Equal(100, answer["version"]!.GetValue<int>());
        Assert.True(answer["status"]!.GetValue<int>() == 200, answer.ToJsonString());
        if (responseMode == "direct_post.jwt")
        {
            var header = answer["jweHeader"]!.AsObject();
            Assert.Equal("ECDH-ES", header["alg"]!.GetValue<string>());
            Assert.NotNull(header["epk"]);
        }

        var result = await verifier.ResultAsync(transaction["transaction"]!.GetValue<string>());
        Assert.True(result["state"]!.GetValue<string>() == "valid", result.ToJsonString());
        var document = Assert.Single(result["documents"]!.AsArray())!.AsObject();
        Assert.Equal("slip", document["credential_query_id"]!.GetValue<string>());
        Assert.Equal(["family_name", "payment_amount"], DisclosedNames(document, format));
    }

    [Theory]
    [InlineData("sd-jwt", "direct_post", "kb-aud-without-prefix", "kb_jwt_aud_mismatch")]
    [InlineData("mdoc", "direct_post.jwt", "transcript-without-thumbprint", "device_signature_invalid")]
    public async Task Honnins_verifier_finds_a_peer_presentation_bound_to_the_wrong_audience_or_transcript_invalid(string format, string responseMode, string tamper, string code)
    {
        await using var issuer = await IssuerHost.StartAsync(o => o with { MaxBatchSize = 1 });
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        var offer = await issuer.CreateOfferAsync(format, batch: 1, txCode: false);
        var transaction = await verifier.CreateTransactionAsync(VerifierHost.SlipQuery(format), responseMode: responseMode);

        // The negative twins of the test above: the KB-JWT's aud without the x509_hash: prefix (what wallets built for
        // drafts before client id prefixes send; OpenID4VP 1.0 §B.3.6 wants the full client id), and an mdoc
        // DeviceResponse over an OpenID4VPHandover whose jwkThumbprint is null although the response is encrypted
        // (§B.2.6.1 wants the thumbprint of the key it was encrypted to).
        var answer = await RunWalletAsync(offer["offer"]!.GetValue<string>(), transaction["url"]!.GetValue<string>(), verifier, format, tamper);

        Assert.True(answer["error"] is null, answer.ToJsonString());
        var result = await verifier.ResultAsync(transaction["transaction"]!.GetValue<string>());
        Assert.Equal("invalid", result["state"]!.GetValue<string>());
        Assert.True(result["documents"] is null, result.ToJsonString());
        var codes = result["failures"]!.AsArray().Select(f => f!["code"]!.GetValue<string>()).ToList();
        Assert.Contains(code, codes);
        // The failed presentation is left out before the query is checked (§8.6), so the query then misses it.
        Assert.Contains("dcql_credential_missing", codes);
    }

    [Fact]
    public async Task The_peer_posts_its_wallet_metadata_members_to_request_uri_instead_of_wallet_metadata_and_wallet_nonce()
    {
        await using var issuer = await IssuerHost.StartAsync(o => o with { MaxBatchSize = 1 });
        await using var verifier = await StartVerifierAsync(issuer, "x509_hash");
        var offer = await issuer.CreateOfferAsync("sd-jwt", batch: 1, txCode: false);
        var transaction = await verifier.CreateTransactionAsync(VerifierHost.SlipQuery("sd-jwt"));

        var answer = await RunWalletAsync(offer["offer"]!.GetValue<string>(), transaction["url"]!.GetValue<string>(), verifier);

        // OpenID4VP 1.0 §5.10.1: with request_uri_method=post the wallet MAY send wallet_metadata (a JSON object) and
        // wallet_nonce as form parameters. @openid4vc/openid4vp 0.4.6 (fetchJarRequestObject) builds that body and then
        // posts objectToQueryParams(wallet.metadata) instead: the metadata's own members become form parameters and
        // the wallet_nonce it was given is never sent. Honnin's verifier ignores unknown parameters, echoes no nonce,
        // and the exchange still succeeds; a verifier that needs wallet_metadata (e.g. for request encryption) would not
        // find it.
        Assert.True(answer["error"] is null, answer.ToJsonString());
        Assert.Equal("post", answer["requestUriMethod"]!.GetValue<string>());
        var form = System.Web.HttpUtility.ParseQueryString(answer["requestObjectPost"]!.GetValue<string>());
        Assert.Null(form["wallet_metadata"]);
        Assert.Null(form["wallet_nonce"]);
        Assert.NotNull(form["vp_formats_supported"]);
    }

    internal static async Task<VerifierHost> StartVerifierAsync(IssuerHost issuer, string prefix) => prefix == "x509_san_dns"
        // x509_san_dns: the peer (as OpenID4VP 1.0 §5.9.3 asks of a wallet that does not otherwise trust the client id)
        // requires the response_uri's host to be the DNS name, so the service names itself localhost.
        ? await VerifierHost.StartAsync(issuer.Iaca, configure: o => o with { BaseUri = new Uri(o.BaseUri.AbsoluteUri.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)) }, dnsName: "localhost")
        : await VerifierHost.StartAsync(issuer.Iaca);

    internal static string[] DisclosedNames(JsonObject document, string format) => format == "mdoc"
        ? document["elements"]!.AsObject().SelectMany(ns => ns.Value!.AsObject().Select(e => e.Key)).Order().ToArray()
        : document["claims"]!.AsObject().Where(c => c.Key is "payment_amount" or "family_name" or "given_name" or "tax_year" or "full_name" or "birth_date" or "withholding_tax_amount").Select(c => c.Key).Order().ToArray();

    private static async Task<JsonObject> RunWalletAsync(string offer, string link, VerifierHost verifier, string format = "sd-jwt", string? tamper = null)
    {
        if (format == "mdoc")
        {
            OpenId4VpPeers.RequireMdocPeer();
        }

        return await NodePeer.RunAsync(
            new JsonObject
            {
                ["offer"] = offer,
                ["link"] = link,
                ["trustedCertificates"] = new JsonArray(Convert.ToBase64String(verifier.Registrar.RawData)),
                ["hostAddresses"] = new JsonObject { ["localhost"] = "127.0.0.1" },
                ["tamper"] = tamper,
            },
            "vp-wallet.mjs");
    }
}
