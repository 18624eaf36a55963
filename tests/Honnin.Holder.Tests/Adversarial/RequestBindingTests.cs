using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Holder.Presentation;
using Honnin.Jose;
using Honnin.Mdoc;
using Honnin.Pseudonyms;
using Honnin.SdJwt;
using static Honnin.Holder.Tests.Adversarial.WalletWorld;

namespace Honnin.Holder.Tests.Adversarial;

/// <summary>
/// A request is bound to its signer and to a time: a registered verifier cannot sign a request that makes the wallet
/// answer for another verifier (relay), and a captured request stops working (replay).
/// </summary>
public sealed class RequestBindingTests : IDisposable
{
    private readonly WalletWorld _world = new();

    [Fact]
    public async Task A_signed_request_naming_another_verifiers_audience_is_refused_whole()
    {
        await _world.IssueSdJwtBatchAsync();
        var attacker = _world.Registered("Attacker", "tax");
        var victim = _world.Registered("Tax Office", "tax");
        var relayed = await _world.SdJwtRequestAsync(attacker, ["payment_amount", "pseudonyms.tax"], audience: victim.ClientId);

        var plan = await _world.SdJwtHolder.PlanAsync(relayed);

        Assert.Contains(RequesterProblem.RequestNotBound, plan.Requester.Problems);
        Assert.All(plan.Documents[0].Elements, e => Assert.Equal((ElementDecision.Refused, ElementReason.RequestNotBound), (e.Decision, e.Reason)));
        Assert.Null(await _world.SdJwtHolder.RespondAsync(plan, relayed));
    }

    [Theory]
    [InlineData("https://tax.example.jp")]
    [InlineData("x509_san_dns:tax.example.jp")]
    public async Task An_audience_that_the_signing_certificate_does_not_carry_is_not_bound(string audience)
    {
        await _world.IssueSdJwtBatchAsync();
        var request = await _world.SdJwtRequestAsync(_world.Registered("Tax Office", "tax"), ["payment_amount"], audience: audience);

        var plan = await _world.SdJwtHolder.PlanAsync(request);

        Assert.True(plan.Requester.IsRejected);
        Assert.Null(await _world.SdJwtHolder.RespondAsync(plan, request));
    }

    [Fact]
    public async Task The_key_binding_jwt_names_the_signers_client_id()
    {
        await _world.IssueSdJwtBatchAsync();
        var verifier = _world.Registered("Tax Office", "tax");
        var request = await _world.SdJwtRequestAsync(verifier, ["payment_amount"]);

        var presentation = await _world.SdJwtHolder.RespondAsync(await _world.SdJwtHolder.PlanAsync(request), request);

        var kb = SelectiveDisclosureJwt.Parse(presentation!).KeyBinding!;
        Assert.Equal(verifier.ClientId, kb.Audience);
        Assert.Equal(request.Nonce, kb.Nonce);
    }

    [Fact]
    public async Task A_plan_from_a_request_cannot_be_answered_for_another_audience()
    {
        await _world.IssueSdJwtBatchAsync();
        var request = await _world.SdJwtRequestAsync(_world.Registered("Tax Office", "tax"), ["payment_amount"]);
        var plan = await _world.SdJwtHolder.PlanAsync(request);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.SdJwtHolder.RespondAsync(plan, "https://elsewhere.example", request.Nonce));
    }

    [Theory]
    [InlineData(-11, 5)]   // made 11 minutes ago, answerable for 5: expired
    [InlineData(3, 5)]     // made 3 minutes in the future (beyond the 1-minute skew)
    [InlineData(0, 60 * 24)] // declares a day's lifetime
    public async Task A_stale_future_or_long_lived_request_is_refused(int minutesFromNow, int lifetimeMinutes)
    {
        await _world.IssueSdJwtBatchAsync();
        var request = await _world.SdJwtRequestAsync(
            _world.Registered("Tax Office", "tax"), ["payment_amount"], issuedAt: _world.Clock.GetUtcNow().AddMinutes(minutesFromNow), lifetime: TimeSpan.FromMinutes(lifetimeMinutes));

        var plan = await _world.SdJwtHolder.PlanAsync(request);

        Assert.Contains(RequesterProblem.RequestNotFresh, plan.Requester.Problems);
        Assert.All(plan.Documents[0].Elements, e => Assert.Equal(ElementReason.RequestNotFresh, e.Reason));
    }

    [Fact]
    public async Task A_captured_request_stops_working_once_its_lifetime_is_over()
    {
        await _world.IssueSdJwtBatchAsync(2);
        var request = await _world.SdJwtRequestAsync(_world.Registered("Tax Office", "tax"), ["payment_amount"]);
        Assert.False((await _world.SdJwtHolder.PlanAsync(request)).Requester.IsRejected);

        _world.Clock.Advance(TimeSpan.FromMinutes(7));

        Assert.Contains(RequesterProblem.RequestNotFresh, (await _world.SdJwtHolder.PlanAsync(SdJwtPresentationRequest.Parse(request.ToString()))).Requester.Problems);
    }

    [Fact]
    public async Task A_signed_request_without_iat_and_exp_is_refused()
    {
        await _world.IssueSdJwtBatchAsync();
        var verifier = _world.Registered("Tax Office", "tax");
        var header = new JsonObject { ["typ"] = SdJwtPresentationRequest.MediaType, ["x5c"] = new JsonArray(Convert.ToBase64String(verifier.Certificate)) };
        var payload = new JsonObject { ["aud"] = verifier.ClientId, ["nonce"] = "n", ["vct"] = SlipVct, ["claims"] = new JsonArray("payment_amount"), ["retain"] = new JsonArray() };
        var jws = await CompactJws.CreateAsync(header, payload, verifier.Key);

        var plan = await _world.SdJwtHolder.PlanAsync(SdJwtPresentationRequest.Parse(jws.Text));

        Assert.Contains(RequesterProblem.RequestTimeMissing, plan.Requester.Problems);
        Assert.Equal(ElementDecision.Refused, plan.Documents[0].Elements[0].Decision);
    }

    [Fact]
    public async Task Mdoc_a_reader_cannot_sign_for_another_verifiers_openid4vp_session()
    {
        await _world.IssueMdocBatchAsync();
        var attacker = _world.Registered("Attacker", "tax");
        var victim = _world.Registered("Tax Office", "tax");
        var victimSession = SessionTranscript.ForOpenId4Vp(victim.ClientId, "victim-nonce", null, "https://tax.example.jp/response");
        var relayed = await _world.MdocRequestAsync(attacker, victimSession, [(Slip, "payment_amount"), (PseudonymNs, "dp_tax")]);

        // The wallet builds the transcript from the identity of whoever signed: the attacker's signature over the
        // victim's session does not verify, and nothing is released.
        var plan = await _world.MdocHolder.PlanOpenId4VpAsync(relayed, "victim-nonce", "https://tax.example.jp/response");

        Assert.Contains(RequesterProblem.SignatureInvalid, plan.Requester.Problems);
        Assert.Empty((await _world.MdocHolder.RespondAsync(plan)).Documents);
    }

    [Fact]
    public async Task Mdoc_an_honest_openid4vp_request_is_answered_over_the_transcript_of_its_signer()
    {
        await _world.IssueMdocBatchAsync();
        var verifier = _world.Registered("Tax Office", "tax");
        var session = SessionTranscript.ForOpenId4Vp(verifier.ClientId, "n-1", null, "https://tax.example.jp/response");
        var request = await _world.MdocRequestAsync(verifier, session, [(Slip, "payment_amount"), (PseudonymNs, "dp_tax")]);

        var plan = await _world.MdocHolder.PlanOpenId4VpAsync(request, "n-1", "https://tax.example.jp/response");
        var response = await _world.MdocHolder.RespondAsync(plan);

        Assert.True(plan.Requester.Authenticated);
        Assert.Equal(verifier.ClientId, plan.Requester.ClientId?.Value);
        var result = new Honnin.Verifier.Mdoc.MdocVerifier(new Honnin.Verifier.Mdoc.MdocVerifierOptions { TrustAnchors = _world.Pki.TrustAnchors, PseudonymDomains = new HashSet<PseudonymDomain> { PseudonymDomain.Tax } }, _world.Clock)
            .Verify(response.Encoded.EncodedBytes, new Honnin.Verifier.Mdoc.MdocSession(session));
        Assert.True(result.IsValid, string.Join(", ", result.Failures.Select(f => f.Code)));
    }

    [Fact]
    public async Task Mdoc_a_signed_request_over_a_redirect_transcript_the_wallet_did_not_build_is_refused()
    {
        await _world.IssueMdocBatchAsync();
        var verifier = _world.Registered("Tax Office", "tax");
        var session = SessionTranscript.ForOpenId4Vp("x509_san_dns:someone.example", "n", null, "https://someone.example/response");
        var request = await _world.MdocRequestAsync(verifier, session, [(Slip, "payment_amount")]);

        var plan = await _world.MdocHolder.PlanAsync(request, session);

        Assert.Contains(RequesterProblem.RequestNotBound, plan.Requester.Problems);
        Assert.Empty((await _world.MdocHolder.RespondAsync(plan)).Documents);
    }

    [Fact]
    public async Task Mdoc_readerAuth_outside_a_proximity_session_needs_a_time_and_a_fresh_one()
    {
        await _world.IssueMdocBatchAsync();
        var verifier = _world.Registered("Tax Office", "tax");
        var session = SessionTranscript.ForOpenId4VpDcApi("https://tax.example.jp", "n", null);

        var untimed = await _world.MdocHolder.PlanAsync(await _world.MdocRequestAsync(verifier, session, [(Slip, "payment_amount")], timed: false), session);
        var stale = await _world.MdocHolder.PlanAsync(await _world.MdocRequestAsync(verifier, session, [(Slip, "payment_amount")], issuedAt: _world.Clock.GetUtcNow().AddHours(-1)), session);
        var fresh = await _world.MdocHolder.PlanAsync(await _world.MdocRequestAsync(verifier, session, [(Slip, "payment_amount")]), session);

        Assert.Contains(RequesterProblem.RequestTimeMissing, untimed.Requester.Problems);
        Assert.Contains(RequesterProblem.RequestNotFresh, stale.Requester.Problems);
        Assert.Empty(fresh.Requester.Problems);
        Assert.Equal(ElementDecision.Disclose, fresh.Documents[0].Elements[0].Decision);
    }

    public void Dispose() => _world.Dispose();
}
