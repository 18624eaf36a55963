using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Holder.Presentation;
using Honnin.Jose;
using Honnin.Mdoc;
using Honnin.Registration;
using Honnin.SdJwt;
using Honnin.Verifier.Mdoc;
using static Honnin.Holder.Tests.Adversarial.WalletWorld;

namespace Honnin.Holder.Tests.Adversarial;

/// <summary>
/// Relay and replay: requests without a signer to bind to, with times that are missing, inverted, in the future or
/// far away, audiences that spell a certificate's name almost the same, and the comparison of what an unverified and a
/// registered requester can reach.
/// </summary>
public sealed class RedTeamRequestTests : IDisposable
{
    private static readonly string[] Elements = [Slip + "/payment_amount", Iso + "/family_name"];

    private readonly WalletWorld _world = new();

    /// <summary>A request JWS written by hand: header and payload as given, signed by <paramref name="key"/>.</summary>
    private static async Task<SdJwtPresentationRequest> HandWrittenAsync(ISigner key, byte[]? certificate, string audience, long? iat, long? exp, params string[] claims)
    {
        var header = new JsonObject { ["typ"] = SdJwtPresentationRequest.MediaType };
        if (certificate is not null)
        {
            header["x5c"] = new JsonArray(Convert.ToBase64String(certificate));
        }

        var payload = new JsonObject { ["aud"] = audience, ["nonce"] = "nonce-1", ["vct"] = SlipVct, ["claims"] = new JsonArray([.. claims.Select(c => (JsonNode)c)]), ["retain"] = new JsonArray() };
        if (iat is { } issued)
        {
            payload["iat"] = issued;
        }

        if (exp is { } expires)
        {
            payload["exp"] = expires;
        }

        return SdJwtPresentationRequest.Parse((await CompactJws.CreateAsync(header, payload, key)).Text);
    }

    private long Now => _world.Clock.GetUtcNow().ToUnixTimeSeconds();

    private Requester WithDnsName(string dnsName, string domain = "tax") =>
        _world.Shaped(_world.Registrar.SubjectName, _world.RegistrarKey, "Tax Office", new VerifierRegistration([domain], "p", Elements), r =>
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            r.CertificateExtensions.Add(san.Build());
        });

    [Theory]
    [InlineData("victim")]
    [InlineData("https://tax.example.jp")]
    [InlineData("x509_san_dns:tax.example.jp")]
    public async Task An_unsigned_request_has_no_signer_to_bind_the_response_to_and_gets_nothing(string audience)
    {
        await _world.IssueSdJwtBatchAsync();
        var victim = _world.Registered("Tax Office", "tax");
        using var anyKey = SoftwareSigner.Generate(Crypto.CoseAlgorithm.ES256);
        var request = await HandWrittenAsync(anyKey, certificate: null, audience == "victim" ? victim.ClientId : audience, Now, Now + 300, "payment_amount", "family_name");

        var plan = await _world.SdJwtHolder.PlanAsync(request);

        Assert.False(plan.Requester.Authenticated);
        Assert.Contains(RequesterProblem.RequestNotBound, plan.Requester.Problems);
        Assert.All(plan.Documents[0].Elements, e => Assert.Equal((ElementDecision.Refused, ElementReason.RequestNotBound), (e.Decision, e.Reason)));
        Assert.Throws<InvalidOperationException>(() => plan.Confirm(Slip, "payment_amount"));
        Assert.Null(await _world.SdJwtHolder.RespondAsync(plan, request));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_signed_request_with_only_one_of_iat_and_exp_is_refused(bool withIat, bool withExp)
    {
        await _world.IssueSdJwtBatchAsync();
        var verifier = _world.Registered("Tax Office", "tax");
        var request = await HandWrittenAsync(verifier.Key, verifier.Certificate, verifier.ClientId, withIat ? Now : null, withExp ? Now + 300 : null, "payment_amount");

        var plan = await _world.SdJwtHolder.PlanAsync(request);

        Assert.Contains(RequesterProblem.RequestTimeMissing, plan.Requester.Problems);
        Assert.Equal((ElementDecision.Refused, ElementReason.RequestNotFresh), (plan.Documents[0].Elements[0].Decision, plan.Documents[0].Elements[0].Reason));
    }

    [Theory]
    [InlineData(0, 0)]                  // exp equal to iat
    [InlineData(0, -60)]                // exp before iat
    [InlineData(0, 601)]                // one second longer than the 10 minutes the wallet accepts
    [InlineData(0, 253_402_300_799L)]   // exp in the year 9999 (a lifetime of "forever")
    [InlineData(-700, -100)]            // a lifetime within bounds that ended 100 s ago, beyond the 60 s skew
    [InlineData(90, 300)]               // made 90 s in the future, beyond the skew
    public async Task A_signed_request_with_inverted_far_or_future_times_is_refused(long iatFromNow, long expFromIat)
    {
        await _world.IssueSdJwtBatchAsync();
        var verifier = _world.Registered("Tax Office", "tax");
        var iat = Now + iatFromNow;
        var exp = expFromIat == 253_402_300_799L ? expFromIat : iat + expFromIat;
        var request = await HandWrittenAsync(verifier.Key, verifier.Certificate, verifier.ClientId, iat, exp, "payment_amount", "pseudonyms.tax");

        var plan = await _world.SdJwtHolder.PlanAsync(request);

        Assert.Contains(RequesterProblem.RequestNotFresh, plan.Requester.Problems);
        Assert.All(plan.Documents[0].Elements, e => Assert.Equal((ElementDecision.Refused, ElementReason.RequestNotFresh), (e.Decision, e.Reason)));
        Assert.Null(await _world.SdJwtHolder.RespondAsync(plan, request));
    }

    [Theory]
    [InlineData(0, 600)]   // exactly the longest lifetime
    [InlineData(30, 300)]  // made 30 s in the future, within the skew
    public async Task A_request_at_the_edges_of_the_bounds_is_answered(long iatFromNow, long lifetime)
    {
        await _world.IssueSdJwtBatchAsync();
        var verifier = _world.Registered("Tax Office", "tax");
        var request = await HandWrittenAsync(verifier.Key, verifier.Certificate, verifier.ClientId, Now + iatFromNow, Now + iatFromNow + lifetime, "payment_amount");

        var plan = await _world.SdJwtHolder.PlanAsync(request);

        Assert.Empty(plan.Requester.Problems);
        Assert.Equal(ElementDecision.Disclose, plan.Documents[0].Elements[0].Decision);
    }

    [Theory]
    [InlineData("\"soon\"")]
    [InlineData("1e400")]
    [InlineData("-1")]
    [InlineData("null")]
    public async Task A_request_whose_time_is_not_a_numeric_date_is_a_typed_format_error(string iat)
    {
        var verifier = _world.Registered("Tax Office", "tax");
        var header = new JsonObject { ["typ"] = SdJwtPresentationRequest.MediaType, ["x5c"] = new JsonArray(Convert.ToBase64String(verifier.Certificate)) };
        var payload = $$"""{"aud":"{{verifier.ClientId}}","nonce":"n","vct":"{{SlipVct}}","claims":["payment_amount"],"retain":[],"iat":{{iat}},"exp":{{Now + 300}}}""";
        var jws = await CompactJws.CreateAsync(header, System.Text.Encoding.UTF8.GetBytes(payload), verifier.Key);

        var error = Assert.Throws<CredentialFormatException>(() => SdJwtPresentationRequest.Parse(jws.Text));
        Assert.Equal(SdJwtFailureCodes.Malformed, error.Code);
    }

    [Theory]
    [InlineData(60, 5)]        // readerAuth made an hour in the future
    [InlineData(0, 60 * 24)]   // declares a day's lifetime
    [InlineData(-30, 5)]       // expired
    public async Task Mdoc_a_proximity_session_does_not_excuse_times_that_readerAuth_does_carry(int minutesFromNow, int lifetimeMinutes)
    {
        await _world.IssueMdocBatchAsync();
        var verifier = _world.Registered("Tax Office", "tax");
        var session = SessionTranscript.ForQrHandover(new byte[] { 0xA1, 0x00, 0x61, 0x31 }, new byte[] { 0xA1, 0x01, 0x02 });
        var request = await new DeviceRequestBuilder()
            .Request(Slip, PseudonymNs, "dp_tax", IntentToRetain.DoNotRetain)
            .BuildAsync(session, verifier.Key, verifier.Chain, _world.Clock.GetUtcNow().AddMinutes(minutesFromNow), TimeSpan.FromMinutes(lifetimeMinutes));

        var plan = await _world.MdocHolder.PlanAsync(request, session);

        Assert.Contains(RequesterProblem.RequestNotFresh, plan.Requester.Problems);
        Assert.Empty((await _world.MdocHolder.RespondAsync(plan)).Documents);
    }

    [Theory]
    [InlineData("x509_san_dns:tax.example.jp.")]
    [InlineData("x509_san_dns:*.example.jp")]
    [InlineData("x509_san_dns: tax.example.jp")]
    [InlineData("x509_san_dns:tax.example.jp\u0000")]
    [InlineData("x509_san_dns:t\u0430x.example.jp")]
    [InlineData("x509_san_dns:tax.example.jp,victim.example.jp")]
    [InlineData("X509_SAN_DNS:tax.example.jp")]
    [InlineData("x509_san_uri:https://tax.example.jp")]
    [InlineData("tax.example.jp")]
    [InlineData("x509_san_dns:victim.example.jp")]
    public async Task An_audience_that_only_resembles_the_certificates_name_is_not_bound(string audience)
    {
        await _world.IssueSdJwtBatchAsync();
        var verifier = WithDnsName("tax.example.jp");
        var request = await _world.SdJwtRequestAsync(verifier, ["payment_amount"], audience: audience);

        var plan = await _world.SdJwtHolder.PlanAsync(request);

        Assert.Contains(RequesterProblem.RequestNotBound, plan.Requester.Problems);
        Assert.Null(await _world.SdJwtHolder.RespondAsync(plan, request));
    }

    [Fact]
    public async Task An_x509_hash_written_in_another_base64_form_is_not_bound()
    {
        await _world.IssueSdJwtBatchAsync();
        var verifier = _world.Registered("Tax Office", "tax");
        var hash = SHA256.HashData(verifier.Certificate);
        foreach (var audience in new[] { "x509_hash:" + Convert.ToBase64String(hash), "x509_hash:" + Convert.ToHexString(hash), "x509_hash:" + System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData([.. verifier.Certificate, 0])) })
        {
            if (audience == verifier.ClientId)
            {
                continue;
            }

            var plan = await _world.SdJwtHolder.PlanAsync(await _world.SdJwtRequestAsync(verifier, ["payment_amount"], audience: audience));

            Assert.Contains(RequesterProblem.RequestNotBound, plan.Requester.Problems);
        }
    }

    [Fact]
    public async Task A_wildcard_dns_name_in_the_certificate_binds_no_particular_host()
    {
        await _world.IssueSdJwtBatchAsync();
        var verifier = WithDnsName("*.example.jp");

        var plan = await _world.SdJwtHolder.PlanAsync(await _world.SdJwtRequestAsync(verifier, ["payment_amount"], audience: "x509_san_dns:tax.example.jp"));

        Assert.Contains(RequesterProblem.RequestNotBound, plan.Requester.Problems);
    }

    [Fact]
    public async Task The_certificates_own_name_in_another_case_binds_the_response_to_that_spelling_of_the_same_name()
    {
        await _world.IssueSdJwtBatchAsync();
        var verifier = WithDnsName("tax.example.jp");
        var request = await _world.SdJwtRequestAsync(verifier, ["payment_amount"], audience: "x509_san_dns:TAX.Example.JP");

        var plan = await _world.SdJwtHolder.PlanAsync(request);
        var presentation = await _world.SdJwtHolder.RespondAsync(plan, request);

        Assert.Empty(plan.Requester.Problems);
        Assert.Equal("x509_san_dns:TAX.Example.JP", SelectiveDisclosureJwt.Parse(presentation!).KeyBinding!.Audience);
    }

    [Fact]
    public async Task Mdoc_an_openid4vp_client_id_the_reader_certificate_does_not_carry_releases_nothing()
    {
        await _world.IssueMdocBatchAsync();
        var verifier = WithDnsName("attacker.example.jp");
        var victimSession = SessionTranscript.ForOpenId4Vp("x509_san_dns:tax.example.jp", "n-1", null, "https://tax.example.jp/response");
        var request = await _world.MdocRequestAsync(verifier, victimSession, [(Slip, "payment_amount"), (PseudonymNs, "dp_tax")]);

        var plan = await _world.MdocHolder.PlanOpenId4VpAsync(request, "n-1", "https://tax.example.jp/response", clientId: "x509_san_dns:tax.example.jp");

        Assert.Contains(RequesterProblem.RequestNotBound, plan.Requester.Problems);
        Assert.Empty((await _world.MdocHolder.RespondAsync(plan)).Documents);
    }

    [Fact]
    public async Task An_unverified_requester_never_reaches_more_than_a_registered_one_even_when_the_person_confirms_everything()
    {
        await _world.IssueSdJwtBatchAsync(4);
        string[] claims = ["payment_amount", "family_name", "given_name", "remarks", "pseudonyms", "pseudonyms.tax", "dependents_list"];
        var registered = _world.Registered("Tax Office", "tax");
        using var anyKey = SoftwareSigner.Generate(Crypto.CoseAlgorithm.ES256);
        var requesters = new Dictionary<string, Func<Task<SdJwtPresentationRequest>>>
        {
            ["registered"] = () => _world.SdJwtRequestAsync(registered, claims),
            ["untrusted"] = () => _world.SdJwtRequestAsync(_world.Untrusted("Anyone", "tax"), claims),
            ["self-registered"] = () => _world.SdJwtRequestAsync(_world.SelfRegistered("Reader CA customer", "tax"), claims),
            ["unsigned"] = () => HandWrittenAsync(anyKey, null, "https://anyone.example", Now, Now + 300, claims),
        };

        var reachable = new Dictionary<string, HashSet<string>>();
        foreach (var (name, make) in requesters)
        {
            var plan = await _world.SdJwtHolder.PlanAsync(await make());
            if (name != "registered")
            {
                Assert.Empty(plan.Disclosed);
            }

            foreach (var element in plan.Documents[0].Elements.Where(e => e.Decision is ElementDecision.Excluded or ElementDecision.NeedsConfirmation).ToList())
            {
                plan = plan.Confirm(element.NameSpace, element.Identifier);
            }

            reachable[name] = [.. plan.Disclosed.Select(d => d.Element.NameSpace + "/" + d.Element.Identifier)];
        }

        Assert.Contains(PseudonymNs + "/dp_tax", reachable["registered"]);
        foreach (var name in new[] { "untrusted", "self-registered", "unsigned" })
        {
            Assert.Subset(reachable["registered"], reachable[name]);
            Assert.DoesNotContain(reachable[name], e => e.StartsWith(PseudonymNs, StringComparison.Ordinal));
        }
    }

    public void Dispose() => _world.Dispose();
}
