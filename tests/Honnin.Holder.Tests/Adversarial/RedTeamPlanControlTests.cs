using Honnin.Holder.Presentation;
using Honnin.Mdoc;
using Honnin.Verifier.Mdoc;
using static Honnin.Holder.Tests.Adversarial.WalletWorld;

namespace Honnin.Holder.Tests.Adversarial;

/// <summary>
/// A request written so that the person cannot narrow the plan: the same element named a second time in a form the
/// wallet does not hold or refuses, so that leaving the element out would fail and the person's only choices are to
/// release it or to give up.
/// </summary>
public sealed class RedTeamPlanControlTests : IDisposable
{
    private readonly WalletWorld _world = new();

    [Theory]
    [InlineData("payment_amount.value")]
    [InlineData("payment_amount[0]")]
    public async Task The_person_can_exclude_an_element_the_request_also_names_by_a_path_the_wallet_does_not_hold(string decoy)
    {
        await _world.IssueSdJwtBatchAsync();
        var request = await _world.SdJwtRequestAsync(_world.Registered("Employer", "employment"), ["payment_amount", decoy, "family_name"]);
        var plan = await _world.SdJwtHolder.PlanAsync(request);
        Assert.Contains(plan.Disclosed, d => d.Element.Identifier == "payment_amount");

        var narrowed = plan.Exclude(Slip, "payment_amount");
        var presentation = await _world.SdJwtHolder.RespondAsync(narrowed, request);

        Assert.DoesNotContain(narrowed.Disclosed, d => d.Element.Identifier == "payment_amount");
        var claims = Honnin.SdJwt.SelectiveDisclosureJwt.Parse(presentation!).Process().GetPayload()!;
        Assert.False(claims.ContainsKey("payment_amount"));
        Assert.True(claims.ContainsKey("family_name"));
    }

    [Theory]
    [InlineData("payment_amount.value")]
    [InlineData("payment_amount[0]")]
    public async Task A_path_the_wallet_does_not_hold_does_not_hide_the_element_the_request_names_too(string decoy)
    {
        await _world.IssueSdJwtBatchAsync();
        var request = await _world.SdJwtRequestAsync(_world.Registered("Employer", "employment"), [decoy, "payment_amount"]);

        var plan = await _world.SdJwtHolder.PlanAsync(request);

        Assert.Contains(plan.Disclosed, d => d.Element.ClaimPath == "payment_amount");
    }

    [Fact]
    public async Task Mdoc_the_person_can_exclude_an_element_a_second_document_request_names_for_a_document_the_wallet_lacks()
    {
        await _world.IssueMdocBatchAsync();
        var session = SessionTranscript.ForOpenId4VpDcApi("https://employer.example.jp", "n", null);
        var signed = await _world.MdocRequestAsync(_world.Registered("Employer", "employment"), session, [(Slip, "payment_amount"), (Iso, "family_name")]);
        var decoy = new DeviceRequestBuilder().Request("org.example.not-held", Slip, "payment_amount", IntentToRetain.DoNotRetain).Build();
        var plan = await _world.MdocHolder.PlanAsync(DeviceRequest.Create([signed.DocRequests[0], decoy.DocRequests[0]]), session);
        Assert.Contains(plan.Disclosed, d => d.Element.Identifier == "payment_amount");

        var narrowed = plan.Exclude(Slip, "payment_amount");
        var response = await _world.MdocHolder.RespondAsync(narrowed);

        Assert.Equal(["family_name"], response.Documents.Single().IssuerSigned.NameSpaces.SelectMany(ns => ns.Value.Select(i => i.ElementIdentifier)));
    }

    [Fact]
    public async Task Excluding_or_confirming_an_element_that_nothing_in_the_plan_can_change_still_fails()
    {
        await _world.IssueSdJwtBatchAsync();
        var plan = await _world.SdJwtHolder.PlanAsync(await _world.SdJwtRequestAsync(_world.Registered("Welfare Office", "welfare"), ["pseudonyms.tax", "payment_amount"]));

        Assert.Throws<InvalidOperationException>(() => plan.Confirm(PseudonymNs, "dp_tax"));
        Assert.Throws<InvalidOperationException>(() => plan.Exclude(PseudonymNs, "dp_tax"));
        Assert.Throws<InvalidOperationException>(() => plan.Exclude(Slip, "remarks"));
    }

    public void Dispose() => _world.Dispose();
}
