using Honnin.Holder.Presentation;
using Honnin.Mdoc;
using static Honnin.Holder.Tests.Adversarial.WalletWorld;

namespace Honnin.Holder.Tests.Adversarial;

/// <summary>
/// "Stop sharing with V" holds whatever V sends: a registered, authenticated verifier is refused everything in both
/// formats, under its client id, its subject or its common name, and a plan made before the person stopped is not
/// answered after.
/// </summary>
public sealed class RedTeamStopSharingTests : IDisposable
{
    private readonly WalletWorld _world = new();

    [Theory]
    [InlineData("client_id")]
    [InlineData("subject")]
    [InlineData("common_name")]
    public async Task A_stopped_verifier_is_refused_every_sd_jwt_element_whatever_its_registration_allows(string name)
    {
        await _world.IssueSdJwtBatchAsync(2);
        var verifier = _world.Registered("Employer", "employment");
        var request = await _world.SdJwtRequestAsync(verifier, ["payment_amount", "pseudonyms.employment"]);
        var before = await _world.SdJwtHolder.PlanAsync(request);
        Assert.Contains(before.Documents[0].Elements, e => e.Decision == ElementDecision.Disclose);

        await _world.Store.Consents.StopAsync(Name(before.Requester, name), _world.Clock.GetUtcNow());
        var plan = await _world.SdJwtHolder.PlanAsync(request);

        Assert.Contains(RequesterProblem.SharingStopped, plan.Requester.Problems);
        Assert.All(plan.Documents[0].Elements, e => Assert.Equal((ElementDecision.Refused, ElementReason.SharingStopped), (e.Decision, e.Reason)));
        Assert.Throws<InvalidOperationException>(() => plan.Confirm(Slip, "payment_amount"));
        Assert.Null(await _world.SdJwtHolder.RespondAsync(plan, request));

        // Nothing presented; the person's log says the verifier was refused.
        var refusal = Assert.Single(await _world.Log.ListAsync());
        Assert.True(refusal.IsRefusal);
        Assert.Empty(refusal.Elements);
        Assert.Contains(RequesterProblem.SharingStopped, refusal.Requester.Problems);
    }

    [Fact]
    public async Task A_stopped_mdoc_reader_is_refused_everything()
    {
        await _world.IssueMdocBatchAsync(1);
        var session = SessionTranscript.ForOpenId4VpDcApi("https://employer.example.jp", "n", null);
        var verifier = _world.Registered("Employer", "employment");
        var request = await _world.MdocRequestAsync(verifier, session, [(Slip, "payment_amount")]);
        await _world.Store.Consents.StopAsync(verifier.ClientId, _world.Clock.GetUtcNow());

        var plan = await _world.MdocHolder.PlanAsync(request, session);

        Assert.All(plan.Documents.SelectMany(d => d.Elements), e => Assert.Equal(ElementDecision.Refused, e.Decision));
        Assert.Empty((await _world.MdocHolder.RespondAsync(plan)).Documents);
        Assert.Equal(0, Assert.Single(await _world.Store.ListAsync()).UseCount);
        Assert.True(Assert.Single(await _world.Log.ListAsync()).IsRefusal);
    }

    [Fact]
    public async Task A_plan_made_before_the_person_stopped_is_not_answered_and_spends_nothing()
    {
        await _world.IssueSdJwtBatchAsync(1);
        var verifier = _world.Registered("Employer", "employment");
        var request = await _world.SdJwtRequestAsync(verifier, ["payment_amount"]);
        var plan = await _world.SdJwtHolder.PlanAsync(request);

        await _world.Store.Consents.StopAsync(verifier.ClientId, _world.Clock.GetUtcNow());

        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.SdJwtHolder.RespondAsync(plan, request));
        Assert.Equal(0, Assert.Single(await _world.Store.ListAsync()).UseCount);
        Assert.Empty(await _world.Log.ListAsync());
    }

    [Fact]
    public async Task Resuming_lets_the_verifier_be_answered_again_and_another_verifier_is_unaffected()
    {
        await _world.IssueSdJwtBatchAsync(2);
        var stopped = _world.Registered("Employer", "employment");
        var other = _world.Registered("Agency", "employment");
        await _world.Store.Consents.StopAsync(stopped.ClientId, _world.Clock.GetUtcNow());

        var otherRequest = await _world.SdJwtRequestAsync(other, ["payment_amount"]);
        Assert.NotNull(await _world.SdJwtHolder.RespondAsync(await _world.SdJwtHolder.PlanAsync(otherRequest), otherRequest));

        Assert.True(await _world.Store.Consents.ResumeAsync(stopped.ClientId));
        var request = await _world.SdJwtRequestAsync(stopped, ["payment_amount"]);
        Assert.NotNull(await _world.SdJwtHolder.RespondAsync(await _world.SdJwtHolder.PlanAsync(request), request));
        Assert.Equal(2, (await _world.Log.ListAsync()).Count);
    }

    public void Dispose() => _world.Dispose();

    private static string Name(RequesterIdentity requester, string form) => form switch
    {
        "client_id" => requester.ClientId!.Value,
        "subject" => requester.Subject!,
        _ => new System.Security.Cryptography.X509Certificates.X500DistinguishedName(requester.Subject!).EnumerateRelativeDistinguishedNames()
            .First(n => n.GetSingleElementType().Value == "2.5.4.3").GetSingleElementValue()!,
    };
}
