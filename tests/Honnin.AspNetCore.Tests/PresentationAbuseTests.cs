using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.Mdoc;
using Honnin.OpenId4Vc;
using Honnin.SdJwt;
using Honnin.Tests.Services;
using Honnin.Verifier.Protocol;
using static Honnin.AspNetCore.Tests.PresentationFlowTests;

namespace Honnin.AspNetCore.Tests;

/// <summary>
/// Responses written to make the agency's verifier service accept what it must not: each is refused with its own code
/// and leaves the transaction open, or is recorded as invalid with the code of the check that failed — never valid. The
/// presentations are real ones the wallet's holders build, bound to whatever transcript or audience the attack needs,
/// posted as raw forms to the real service on loopback.
/// </summary>
public sealed class PresentationAbuseTests
{
    private const string Vct = "urn:honnin:jp:withholding-slip:1";
    private const string Slip = "jp.honnin.withholding_slip.1";
    private const string Iso = "org.iso.23220.1";

    private sealed record Asked(string Transaction, string RequestId, OpenId4VpRequest Request);

    [Theory]
    [InlineData("sd-jwt", "kb_jwt_nonce_mismatch")]
    [InlineData("mdoc", "device_signature_invalid")]
    public async Task A_presentation_made_for_another_transaction_is_recorded_invalid_and_that_transaction_stays_open(string format, string code)
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, format);
        var a = await AskAsync(verifier, format, OpenId4VpRequest.DirectPost);
        var b = await AskAsync(verifier, format, OpenId4VpRequest.DirectPost);

        var forB = await HonestAsync(wallet, verifier, b.Request, format);
        var (status, _) = await PostAsync(a.Request.ResponseUri!, Answer(a.Request, Token(forB)));

        Assert.Equal(HttpStatusCode.OK, status);
        var result = await verifier.ResultAsync(a.Transaction);
        Assert.Equal("invalid", State(result));
        Assert.Contains(code, Codes(result));
        Assert.Null(result["documents"]);
        Assert.Equal("pending", State(await verifier.ResultAsync(b.Transaction)));
    }

    [Fact]
    public async Task A_response_with_another_transactions_state_is_refused_and_nothing_is_recorded()
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "sd-jwt");
        var a = await AskAsync(verifier, "sd-jwt", OpenId4VpRequest.DirectPost);
        var b = await AskAsync(verifier, "sd-jwt", OpenId4VpRequest.DirectPost);

        var body = FormBody.Write(Answer(a.Request, Token(await HonestAsync(wallet, verifier, a.Request, "sd-jwt")), state: b.Request.State));

        Assert.Equal(OpenId4VpFailureCodes.StateMismatch, await RefusedAsync(verifier, a, body));
        Assert.Equal("pending", State(await verifier.ResultAsync(b.Transaction)));
    }

    [Theory]
    [InlineData("sd-jwt", "direct_post.jwt")]
    [InlineData("mdoc", "direct_post")]
    public async Task A_replayed_response_is_refused_and_the_first_result_stands(string format, string mode)
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, format);
        var a = await AskAsync(verifier, format, mode);
        var body = FormBody.Write(Answer(a.Request, Token(await HonestAsync(wallet, verifier, a.Request, format))));

        Assert.Equal(HttpStatusCode.OK, (await PostRawAsync(a.Request.ResponseUri!, body)).Status);
        var first = await verifier.ResultAsync(a.Transaction);
        Assert.Equal("valid", State(first));

        var (status, error) = await PostRawAsync(a.Request.ResponseUri!, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", error?["error"]?.GetValue<string>());
        Assert.Equal(OpenId4VpFailureCodes.TransactionAnswered, (await DirectAsync(verifier, a, body)).Code);
        Assert.Equal(first.ToJsonString(), (await verifier.ResultAsync(a.Transaction)).ToJsonString());
    }

    [Fact]
    public async Task A_plain_response_to_an_encrypted_transaction_and_an_encrypted_one_to_a_plain_transaction_are_refused()
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "sd-jwt", batch: 2);
        var encrypted = await AskAsync(verifier, "sd-jwt", OpenId4VpRequest.DirectPostJwt);
        var plain = await AskAsync(verifier, "sd-jwt", OpenId4VpRequest.DirectPost);
        var token = Token(await HonestAsync(wallet, verifier, encrypted.Request, "sd-jwt"));

        // The plain form to the direct_post.jwt transaction, alone and beside a JWE.
        var plainForm = PlainForm(Payload(encrypted.Request, token));
        Assert.Equal(OpenId4VpFailureCodes.EncryptionRequired, await RefusedAsync(verifier, encrypted, FormBody.Write(plainForm)));
        var both = Answer(encrypted.Request, token).Concat(plainForm);
        Assert.Equal(OpenId4VpFailureCodes.EncryptionRequired, await RefusedAsync(verifier, encrypted, FormBody.Write(both)));

        // A JWE (to the other transaction's key) in `response` of the direct_post transaction.
        var jwe = Answer(encrypted.Request, Token(await HonestAsync(wallet, verifier, plain.Request, "sd-jwt")), state: plain.Request.State);
        Assert.Equal(OpenId4VpFailureCodes.EncryptionRequired, await RefusedAsync(verifier, plain, FormBody.Write(jwe)));

        // Both stay open: the answer each asked for still goes through.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(encrypted.Request.ResponseUri!, Answer(encrypted.Request, token))).Status);
        Assert.Equal("valid", State(await verifier.ResultAsync(encrypted.Transaction)));
    }

    [Fact]
    public async Task A_jwe_to_another_key_with_another_alg_or_with_an_enc_not_accepted_is_refused_and_the_transaction_stays_open()
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca, configure: o => o with { EncryptionValues = [JweAlgorithms.A256Gcm] });
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "sd-jwt");
        var a = await AskAsync(verifier, "sd-jwt", OpenId4VpRequest.DirectPostJwt);
        var payload = Payload(a.Request, Token(await HonestAsync(wallet, verifier, a.Request, "sd-jwt")));
        var plaintext = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var key = a.Request.EncryptionKeys[0];

        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var otherKey = JsonWebKey.FromCoseKey(CoseKey.FromECParameters(other.ExportParameters(false)), key.KeyId);
        var toOtherKey = CompactJwe.Encrypt(plaintext, otherKey, JweAlgorithms.A256Gcm, key.KeyId);
        Assert.Equal(JoseFailureCodes.JweDecryptionFailed, await RefusedAsync(verifier, a, Response(toOtherKey)));

        var right = CompactJwe.Encrypt(plaintext, key, JweAlgorithms.A256Gcm, key.KeyId);
        Assert.Equal(JoseFailureCodes.JweUnsupportedAlgorithm, await RefusedAsync(verifier, a, Response(WithHeader(right, "alg", "ECDH-ES+A128KW"))));
        Assert.Equal(JoseFailureCodes.JweUnsupportedAlgorithm, await RefusedAsync(verifier, a, Response(WithHeader(right, "alg", "RSA-OAEP-256"))));

        var notAccepted = CompactJwe.Encrypt(plaintext, key, JweAlgorithms.A128Gcm, key.KeyId);
        Assert.Equal(JoseFailureCodes.JweUnsupportedEncryption, await RefusedAsync(verifier, a, Response(notAccepted)));
        Assert.Equal(JoseFailureCodes.JweUnsupportedEncryption, await RefusedAsync(verifier, a, Response(WithHeader(right, "enc", "A128CBC-HS256"))));

        Assert.Equal(HttpStatusCode.OK, (await PostRawAsync(a.Request.ResponseUri!, Response(right))).Status);
        Assert.Equal("valid", State(await verifier.ResultAsync(a.Transaction)));
    }

    [Theory]
    [InlineData("unknown_id", "dcql_unexpected_credential")]
    [InlineData("required_missing", "dcql_credential_missing")]
    [InlineData("two_presentations", "dcql_multiple_not_allowed")]
    [InlineData("claim_not_asked", "dcql_claim_not_requested")]
    public async Task A_vp_token_that_does_not_answer_the_query_exactly_is_recorded_invalid(string attack, string code)
    {
        await using var issuer = await IssuerHost.StartAsync(o => o with { MaxBatchSize = 4 });
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "sd-jwt", batch: 3);
        var query = VerifierHost.SlipQuery("sd-jwt");
        if (attack == "required_missing")
        {
            query["credentials"]!.AsArray().Add(VerifierHost.SlipQuery("sd-jwt", "second")["credentials"]![0]!.DeepClone());
        }

        var a = await AskAsync(verifier, "sd-jwt", OpenId4VpRequest.DirectPost, query);
        var audience = verifier.Verifier.ClientId.Value;
        var one = await SdJwtAsync(wallet, audience, a.Request.Nonce);
        var token = attack switch
        {
            "unknown_id" => new JsonObject { ["slip"] = new JsonArray(one), ["other"] = new JsonArray(await SdJwtAsync(wallet, audience, a.Request.Nonce)) },
            "two_presentations" => new JsonObject { ["slip"] = new JsonArray(one, await SdJwtAsync(wallet, audience, a.Request.Nonce)) },
            "claim_not_asked" => Token(await SdJwtAsync(wallet, audience, a.Request.Nonce, "payment_amount", "family_name", "given_name")),
            _ => Token(one),
        };

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(a.Request.ResponseUri!, Answer(a.Request, token))).Status);
        var result = await verifier.ResultAsync(a.Transaction);
        Assert.Equal("invalid", State(result));
        Assert.Contains(code, Codes(result));
        Assert.Null(result["documents"]);
    }

    [Theory]
    [InlineData("client_id")]
    [InlineData("client_id_without_prefix")]
    [InlineData("response_uri")]
    [InlineData("nonce")]
    [InlineData("no_thumbprint")]
    [InlineData("other_thumbprint")]
    public async Task An_mdoc_device_response_over_another_transcript_fails_device_authentication(string changed)
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "mdoc");
        var a = await AskAsync(verifier, "mdoc", OpenId4VpRequest.DirectPostJwt);
        var b = await AskAsync(verifier, "mdoc", OpenId4VpRequest.DirectPostJwt);
        var clientId = verifier.Verifier.ClientId.Value;
        var r = a.Request;
        var transcript = changed switch
        {
            "client_id" => SessionTranscript.ForOpenId4Vp("x509_san_dns:agency.example", r.Nonce, Thumbprint(r), r.ResponseUri!.AbsoluteUri),
            "client_id_without_prefix" => SessionTranscript.ForOpenId4Vp(clientId[ClientIdPrefix(clientId)..], r.Nonce, Thumbprint(r), r.ResponseUri!.AbsoluteUri),
            "response_uri" => SessionTranscript.ForOpenId4Vp(clientId, r.Nonce, Thumbprint(r), b.Request.ResponseUri!.AbsoluteUri),
            "nonce" => SessionTranscript.ForOpenId4Vp(clientId, b.Request.Nonce, Thumbprint(r), r.ResponseUri!.AbsoluteUri),
            "no_thumbprint" => SessionTranscript.ForOpenId4Vp(clientId, r.Nonce, null, r.ResponseUri!.AbsoluteUri),
            _ => SessionTranscript.ForOpenId4Vp(clientId, r.Nonce, Thumbprint(b.Request), r.ResponseUri!.AbsoluteUri),
        };

        var presentation = await MdocAsync(wallet, transcript);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(r.ResponseUri!, Answer(r, Token(presentation)))).Status);

        var result = await verifier.ResultAsync(a.Transaction);
        Assert.Equal("invalid", State(result));
        Assert.Contains("device_signature_invalid", Codes(result));
        Assert.Null(result["documents"]);
    }

    [Theory]
    [InlineData("hash_without_prefix")]
    [InlineData("san_dns")]
    [InlineData("response_uri")]
    [InlineData("base_url")]
    public async Task An_sd_jwt_whose_key_binding_names_another_audience_fails_the_audience_check(string audience)
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "sd-jwt");
        var a = await AskAsync(verifier, "sd-jwt", OpenId4VpRequest.DirectPostJwt);
        var clientId = verifier.Verifier.ClientId.Value;
        var aud = audience switch
        {
            "hash_without_prefix" => clientId[ClientIdPrefix(clientId)..],
            "san_dns" => "x509_san_dns:127.0.0.1",
            "response_uri" => a.Request.ResponseUri!.AbsoluteUri,
            _ => verifier.Url,
        };

        var presentation = await SdJwtAsync(wallet, aud, a.Request.Nonce);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(a.Request.ResponseUri!, Answer(a.Request, Token(presentation)))).Status);

        var result = await verifier.ResultAsync(a.Transaction);
        Assert.Equal("invalid", State(result));
        Assert.Contains(SdJwtFailureCodes.AudienceMismatch, Codes(result));
    }

    [Fact]
    public async Task Oversized_and_overdeep_responses_are_refused_with_a_code_and_nothing_is_recorded()
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca, configure: o => o with { MaxResponseBody = 64 * 1024 });
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "sd-jwt");
        var plain = await AskAsync(verifier, "sd-jwt", OpenId4VpRequest.DirectPost);
        var encrypted = await AskAsync(verifier, "sd-jwt", OpenId4VpRequest.DirectPostJwt);
        var one = await SdJwtAsync(wallet, verifier.Verifier.ClientId.Value, plain.Request.Nonce);

        // Over the body limit: the host stops reading (413); the service, given it anyway, refuses it too.
        var huge = FormBody.Write(Answer(plain.Request, Token(one + new string('A', 70 * 1024))));
        var (status, error) = await PostRawAsync(plain.Request.ResponseUri!, huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("invalid_request", error?["error"]?.GetValue<string>());
        Assert.Equal(OpenId4VpFailureCodes.BodyMalformed, (await DirectAsync(verifier, plain, huge)).Code);

        // A vp_token over its own bounds: too many ids, too many presentations under one id.
        var ids = new JsonObject([.. Enumerable.Range(0, VpToken.MaxQueries + 1).Select(i => KeyValuePair.Create("q" + i, (JsonNode?)new JsonArray("x")))]);
        Assert.Equal(OpenId4VcFailureCodes.ResponseMalformed, await RefusedAsync(verifier, plain, FormBody.Write(Answer(plain.Request, ids))));
        var many = new JsonObject { ["slip"] = new JsonArray([.. Enumerable.Range(0, VpToken.MaxPresentationsPerQuery + 1).Select(_ => (JsonNode)one)]) };
        Assert.Equal(OpenId4VcFailureCodes.ResponseMalformed, await RefusedAsync(verifier, plain, FormBody.Write(Answer(plain.Request, many))));

        // Deep JSON, plain and inside the JWE.
        var deep = "{\"slip\":" + new string('[', 200) + new string(']', 200) + "}";
        Assert.Equal(JoseFailureCodes.TooDeep, await RefusedAsync(verifier, plain, FormBody.Write([new("vp_token", deep), new("state", plain.Request.State!)])));
        var key = encrypted.Request.EncryptionKeys[0];
        var deepPayload = "{\"vp_token\":" + deep + ",\"state\":\"" + encrypted.Request.State + "\"}";
        var deepJwe = CompactJwe.Encrypt(Encoding.UTF8.GetBytes(deepPayload), key, JweAlgorithms.A128Gcm, key.KeyId);
        Assert.Equal(JoseFailureCodes.TooDeep, await RefusedAsync(verifier, encrypted, Response(deepJwe)));

        // Not a form the service reads: a parameter twice (a second state or vp_token smuggled in).
        var twice = FormBody.Write(Answer(plain.Request, Token(one))) + "&state=" + Uri.EscapeDataString(encrypted.Request.State!);
        Assert.Equal(OpenId4VpFailureCodes.BodyMalformed, await RefusedAsync(verifier, plain, twice));
    }

    [Fact]
    public async Task A_response_to_an_unknown_transaction_is_404_and_to_an_expired_one_is_refused()
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca, configure: o => o with { TransactionLifetime = TimeSpan.FromSeconds(3) });
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "sd-jwt");
        var a = await AskAsync(verifier, "sd-jwt", OpenId4VpRequest.DirectPost);
        var body = FormBody.Write(Answer(a.Request, Token(await HonestAsync(wallet, verifier, a.Request, "sd-jwt"))));

        var unknown = new Uri(verifier.Url + OpenId4VpVerifier.ResponsePath + "no-such-transaction");
        var (status, _) = await PostRawAsync(unknown, body);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(OpenId4VpFailureCodes.TransactionUnknown, (await DirectAsync(verifier, a with { RequestId = "no-such-transaction" }, body)).Code);
        using (var http = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(verifier.Url + OpenId4VpVerifier.RequestPath + "no-such-transaction")).StatusCode);
        }

        // The request object's exp is in whole seconds, so the transaction may end up to a second after it.
        await Task.Delay(a.Request.ExpiresAt!.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(1300));

        Assert.Equal(HttpStatusCode.BadRequest, (await PostRawAsync(a.Request.ResponseUri!, body)).Status);
        Assert.Equal(OpenId4VpFailureCodes.TransactionExpired, (await DirectAsync(verifier, a, body)).Code);
        Assert.Equal("expired", State(await verifier.ResultAsync(a.Transaction)));
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(verifier.Url + OpenId4VpVerifier.RequestPath + a.RequestId)).StatusCode);
    }

    [Theory]
    [InlineData("direct_post")]
    [InlineData("direct_post.jwt")]
    public async Task A_wallet_error_is_recorded_invalid_with_the_wallet_error_code_and_closes_the_transaction(string mode)
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "sd-jwt");
        var a = await AskAsync(verifier, "sd-jwt", mode);
        var declined = new JsonObject { ["error"] = "access_denied", ["error_description"] = "The person declined.", ["state"] = a.Request.State };

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(a.Request.ResponseUri!, Answer(a.Request, declined, raw: true))).Status);

        var result = await verifier.ResultAsync(a.Transaction);
        Assert.Equal("invalid", State(result));
        Assert.Equal([OpenId4VpFailureCodes.WalletError], Codes(result));
        Assert.Null(result["documents"]);
        var late = FormBody.Write(Answer(a.Request, Token(await HonestAsync(wallet, verifier, a.Request, "sd-jwt"))));
        Assert.Equal(OpenId4VpFailureCodes.TransactionAnswered, (await DirectAsync(verifier, a, late)).Code);
    }

    [Fact]
    public async Task The_admin_api_without_the_token_or_with_a_wrong_one_is_401()
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        var created = await verifier.CreateTransactionAsync(VerifierHost.SlipQuery("sd-jwt"));
        var body = new JsonObject { ["dcql_query"] = VerifierHost.SlipQuery("sd-jwt") }.ToJsonString();

        foreach (var token in new string?[] { null, "wrong", VerifierHost.AdminToken + "x", VerifierHost.AdminToken[..^1] })
        {
            using var http = new HttpClient { BaseAddress = new Uri(verifier.Url + "/") };
            if (token is not null)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var create = await http.PostAsync("admin/transactions", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
            using var read = await http.GetAsync("admin/transactions/" + created["transaction"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        }
    }

    [Fact]
    public async Task A_result_is_read_by_response_code_only_once_the_answer_arrived_and_only_with_that_code()
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca, configure: o => o with { RedirectUri = new Uri("https://agency.example/done") });
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "sd-jwt");
        var a = await AskAsync(verifier, "sd-jwt", OpenId4VpRequest.DirectPostJwt);
        using var http = new HttpClient { BaseAddress = new Uri(verifier.Url + "/") };

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("result")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("result?response_code=" + a.Transaction)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("result?response_code=" + a.RequestId)).StatusCode);

        var (status, body) = await PostAsync(a.Request.ResponseUri!, Answer(a.Request, Token(await HonestAsync(wallet, verifier, a.Request, "sd-jwt"))));
        Assert.Equal(HttpStatusCode.OK, status);
        var redirect = body!["redirect_uri"]!.GetValue<string>();
        Assert.StartsWith("https://agency.example/done#response_code=", redirect, StringComparison.Ordinal);
        var code = redirect[(redirect.IndexOf('=', StringComparison.Ordinal) + 1)..];

        using var result = await http.GetAsync("result?response_code=" + Uri.EscapeDataString(code));
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("valid", State((JsonObject)JsonNode.Parse(await result.Content.ReadAsStringAsync())!));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("result?response_code=" + Uri.EscapeDataString(code[..^1]))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("result?response_code=" + Uri.EscapeDataString(code) + "&response_code=" + Uri.EscapeDataString(code))).StatusCode);
    }

    // ── helpers ──

    private static async Task<Asked> AskAsync(VerifierHost verifier, string format, string mode, JsonObject? query = null)
    {
        var created = await verifier.CreateTransactionAsync(query ?? VerifierHost.SlipQuery(format), responseMode: mode);
        var requestUri = created["request_uri"]!.GetValue<string>();
        using var http = new HttpClient();
        var request = OpenId4VpRequest.Parse(await http.GetStringAsync(requestUri));
        return new Asked(created["transaction"]!.GetValue<string>(), requestUri[(requestUri.LastIndexOf('/') + 1)..], request);
    }

    private static ReadOnlyMemory<byte>? Thumbprint(OpenId4VpRequest request) =>
        request.IsEncrypted ? (ReadOnlyMemory<byte>?)JwkThumbprint.Sha256(request.EncryptionKeys[0]) : null;

    private static int ClientIdPrefix(string clientId) => clientId.IndexOf(':', StringComparison.Ordinal) + 1;

    // An SD-JWT+KB the person selected, its key-binding JWT for the audience and nonce the attack chose.
    private static async Task<string> SdJwtAsync(TestWallet wallet, string audience, string nonce, params string[] claims)
    {
        var plan = await wallet.SdJwt.PlanSelectionAsync(Vct, (claims.Length == 0 ? ["payment_amount", "family_name"] : claims).Select(ClaimPath.Parse));
        return (await wallet.SdJwt.RespondAsync(plan, audience, nonce))!;
    }

    // A DeviceResponse the person selected, device-signed over the transcript the attack chose.
    private static async Task<string> MdocAsync(TestWallet wallet, SessionTranscript transcript)
    {
        var plan = await wallet.Mdoc.PlanSelectionAsync(Slip, [(Slip, "payment_amount"), (Iso, "family_name")]);
        var response = await wallet.Mdoc.RespondAsync(plan, transcript);
        return Base64UrlEncoding.Encode(response.Encoded.EncodedBytes.Span);
    }

    // What an honest wallet presents for the request: bound to the full client id, the nonce, the response URI and the key.
    private static Task<string> HonestAsync(TestWallet wallet, VerifierHost verifier, OpenId4VpRequest request, string format) => format == "mdoc"
        ? MdocAsync(wallet, SessionTranscript.ForOpenId4Vp(verifier.Verifier.ClientId.Value, request.Nonce, Thumbprint(request), request.ResponseUri!.AbsoluteUri))
        : SdJwtAsync(wallet, verifier.Verifier.ClientId.Value, request.Nonce);

    private static JsonObject Token(string presentation) => new() { ["slip"] = new JsonArray(presentation) };

    private static JsonObject Payload(OpenId4VpRequest request, JsonObject token, string? state = null) =>
        new() { ["vp_token"] = token.DeepClone(), ["state"] = state ?? request.State };

    // The response parameters as the transaction's mode carries them: a form, or the form's `response` JWE.
    private static List<KeyValuePair<string, string>> Answer(OpenId4VpRequest request, JsonObject token, string? state = null, bool raw = false)
    {
        var payload = raw ? token : Payload(request, token, state);
        if (!request.IsEncrypted)
        {
            return PlainForm(payload);
        }

        var key = request.EncryptionKeys[0];
        return [new("response", CompactJwe.Encrypt(Encoding.UTF8.GetBytes(payload.ToJsonString()), key, JweAlgorithms.A128Gcm, key.KeyId))];
    }

    private static List<KeyValuePair<string, string>> PlainForm(JsonObject payload) =>
        [.. payload.Select(p => KeyValuePair.Create(p.Key, p.Value is JsonValue v ? v.GetValue<string>() : p.Value!.ToJsonString()))];

    private static string Response(string jwe) => FormBody.Write([new("response", jwe)]);

    private static string WithHeader(string jwe, string name, string value)
    {
        var parts = jwe.Split('.');
        var header = (JsonObject)JsonNode.Parse(Base64UrlEncoding.Decode(parts[0]))!;
        header[name] = value;
        parts[0] = Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(header.ToJsonString()));
        return string.Join('.', parts);
    }

    private static Task<(HttpStatusCode Status, JsonObject? Body)> PostAsync(Uri uri, IEnumerable<KeyValuePair<string, string>> form) =>
        PostRawAsync(uri, FormBody.Write(form));

    private static async Task<(HttpStatusCode Status, JsonObject? Body)> PostRawAsync(Uri uri, string body)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(uri, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? (JsonObject)JsonNode.Parse(text)! : null);
    }

    // The host's HTTP answer carries the OAuth error only; the service's stable code is on its ProtocolResponse.
    private static Task<ProtocolResponse> DirectAsync(VerifierHost verifier, Asked asked, string body) =>
        verifier.Verifier.ResponseAsync(asked.RequestId, new ProtocolRequest("POST", new Uri(verifier.Url + OpenId4VpVerifier.ResponsePath + asked.RequestId), Encoding.UTF8.GetBytes(body)));

    // Posts over HTTP (400 invalid_request), reads the service's code for the same body, and checks nothing was recorded.
    private static async Task<string?> RefusedAsync(VerifierHost verifier, Asked asked, string body)
    {
        var (status, error) = await PostRawAsync(asked.Request.ResponseUri!, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", error?["error"]?.GetValue<string>());
        var direct = await DirectAsync(verifier, asked, body);
        Assert.Equal(400, direct.StatusCode);
        Assert.Equal("pending", State(await verifier.ResultAsync(asked.Transaction)));
        return direct.Code;
    }

    private static string State(JsonObject result) => result["state"]!.GetValue<string>();

    private static string[] Codes(JsonObject result) =>
        [.. (result["failures"]?.AsArray() ?? []).Select(f => f!["code"]!.GetValue<string>())];
}
