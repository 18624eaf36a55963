using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.OpenId4Vc;
using Honnin.Registration;
using Honnin.Tests.Services;

namespace Honnin.Interop.Tests;

/// <summary>
/// OpenID4VP 1.0 examples (openid/OpenID4VP, 1.0/openid-4-verifiable-presentations-1_0.md at 46f6965) that Honnin can
/// check and that tests/vectors does not already hold (its JWE example is in tests/vectors/jwe, its DCQL examples in
/// tests/vectors/dcql, its OpenID4VPHandover example in tests/vectors/mdoc): the request passed by reference (§5.2),
/// the Request URI POST body (§5.10.1) answered by Honnin's verifier service, and the Authorization Error Response
/// (§8.2) posted to it. Each sits beside its negative twin.
/// </summary>
public sealed class OpenId4VpSpecExampleTests
{
    // §5.2, "an Authorization Request with a request object passed by reference", as a link.
    private const string ByReferenceExample =
        "openid4vp://?client_id=x509_san_dns%3Aclient.example.org&request_uri=https%3A%2F%2Fclient.example.org%2Frequest%2Fvapof4ql2i7m41m68uep&request_uri_method=post";

    // §5.10.1, the example request to the Request URI (its line breaks joined).
    private const string RequestUriPostExample =
        "wallet_metadata=%7B%22vp_formats_supported%22%3A%7B%22dc%2Bsd-jwt%22%3A%7B%22sd-jwt_alg_values%22%3A%20%5B%22ES256%22%5D%2C%22kb-jwt_alg_values%22%3A%20%5B%22ES256%22%5D%7D%7D%7D&wallet_nonce=qPmxiNFCR3QTm19POc8u";

    [Fact]
    public void The_by_reference_example_reads_and_honnin_writes_the_same_link()
    {
        var link = OpenId4VpRequestLink.Parse(ByReferenceExample);

        Assert.Equal("x509_san_dns:client.example.org", link.ClientId);
        Assert.Equal(new Uri("https://client.example.org/request/vapof4ql2i7m41m68uep"), link.RequestUri);
        Assert.Equal("post", link.RequestUriMethod);
        Assert.Null(link.Request);
        Assert.Equal(ByReferenceExample, OpenId4VpRequestLink.ByReference(ClientId.ForDnsName("client.example.org"), link.RequestUri!, post: true));
    }

    [Theory]
    // §5.1: request_uri_method is case-sensitive, get or post.
    [InlineData("request_uri_method=POST")]
    [InlineData("request_uri_method=put")]
    // §5.10: request_uri over plain http is for loopback only here (the spec asks for https).
    [InlineData("request_uri=http%3A%2F%2Fclient.example.org%2Frequest%2Fx")]
    public void A_by_reference_link_with_another_method_or_a_plain_http_request_uri_is_refused(string change)
    {
        var name = change[..change.IndexOf('=', StringComparison.Ordinal)];
        var link = string.Join('&', ByReferenceExample.Split('&').Select(p => p.StartsWith(name + "=", StringComparison.Ordinal) || p.StartsWith("openid4vp://?" + name + "=", StringComparison.Ordinal) ? (p.StartsWith("openid4vp", StringComparison.Ordinal) ? "openid4vp://?" : "") + change : p));

        Assert.NotEqual(ByReferenceExample, link);
        var error = Assert.Throws<CredentialFormatException>(() => OpenId4VpRequestLink.Parse(link));
        Assert.Equal(OpenId4VcFailureCodes.RequestMalformed, error.Code);
    }

    [Fact]
    public async Task Honnins_verifier_answers_the_request_uri_post_example_with_its_wallet_nonce_in_a_signed_request_object()
    {
        await using var verifier = await StartVerifierAsync();
        var transaction = await verifier.CreateTransactionAsync(VerifierHost.SlipQuery("sd-jwt"));
        var requestUri = transaction["request_uri"]!.GetValue<string>();

        using var posted = await PostFormAsync(requestUri, RequestUriPostExample);
        using var fetched = await new HttpClient().GetAsync(requestUri);

        // §5.10.2: content type application/oauth-authz-req+jwt, a signed request object; wallet_nonce echoed (§5.10.1);
        // aud https://self-issued.me/v2 (§5.8, static discovery); client_id identical to the link's, prefix included.
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("application/oauth-authz-req+jwt", posted.Content.Headers.ContentType!.MediaType);
        var jws = CompactJws.Parse((await posted.Content.ReadAsStringAsync()).Trim());
        Assert.Equal("oauth-authz-req+jwt", jws.Type);
        var payload = jws.ReadPayloadObject();
        Assert.Equal("qPmxiNFCR3QTm19POc8u", payload["wallet_nonce"]!.GetValue<string>());
        Assert.Equal("https://self-issued.me/v2", payload["aud"]!.GetValue<string>());
        Assert.Equal(verifier.Verifier.ClientId.Value, payload["client_id"]!.GetValue<string>());
        Assert.Equal(verifier.Verifier.ClientId.Value, OpenId4VpRequestLink.Parse(transaction["url"]!.GetValue<string>()).ClientId);
        using var leaf = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(jws.X5c[0].Span);
        using var key = leaf.GetECDsaPublicKey()!;
        Assert.True(jws.VerifySignature(key));

        // The negative twin: fetched with GET, no wallet_nonce was sent and none is in the request object.
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Null(CompactJws.Parse((await fetched.Content.ReadAsStringAsync()).Trim()).ReadPayloadObject()["wallet_nonce"]);
    }

    [Fact]
    public async Task Honnins_verifier_records_the_error_response_example_as_the_wallet_declining_and_refuses_it_under_another_state()
    {
        await using var verifier = await StartVerifierAsync();
        var transaction = await verifier.CreateTransactionAsync(VerifierHost.SlipQuery("sd-jwt"), responseMode: "direct_post");
        var id = transaction["transaction"]!.GetValue<string>();
        var request = await RequestObjectAsync(transaction);
        var state = request["state"]!.GetValue<string>();
        var responseUri = request["response_uri"]!.GetValue<string>();

        // §8.2's example, under another state: refused, and the transaction stays open.
        using (var wrong = await PostFormAsync(responseUri, "error=invalid_request&error_description=unsupported%20client_id_prefix&state=eyJhb6-sVA"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        Assert.Equal("pending", (await verifier.ResultAsync(id))["state"]!.GetValue<string>());

        using var answered = await PostFormAsync(responseUri, "error=invalid_request&error_description=unsupported%20client_id_prefix&state=" + Uri.EscapeDataString(state));

        // §8.2: 200, application/json, a JSON object.
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("application/json", answered.Content.Headers.ContentType!.MediaType);
        Assert.IsType<JsonObject>(JsonNode.Parse(await answered.Content.ReadAsStringAsync()));
        var result = await verifier.ResultAsync(id);
        Assert.Equal("invalid", result["state"]!.GetValue<string>());
        Assert.Equal(OpenId4VpFailureCodesWalletError, Assert.Single(result["failures"]!.AsArray())!["code"]!.GetValue<string>());
    }

    private const string OpenId4VpFailureCodesWalletError = Honnin.Verifier.Protocol.OpenId4VpFailureCodes.WalletError;

    // The service with an IACA of its own: these examples present no credential.
    private static async Task<VerifierHost> StartVerifierAsync()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        return await VerifierHost.StartAsync(Honnin.Issuer.Certificates.MdocCertificateFactory.CreateIaca("JP", "Spec Example IACA", key, now.AddDays(-1), now.AddYears(1)));
    }

    private static async Task<JsonObject> RequestObjectAsync(JsonObject transaction)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(transaction["request_uri"]!.GetValue<string>());
        return CompactJws.Parse(text.Trim()).ReadPayloadObject();
    }

    private static async Task<HttpResponseMessage> PostFormAsync(string uri, string body)
    {
        using var http = new HttpClient();
        return await http.PostAsync(uri, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
    }
}
