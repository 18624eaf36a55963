using Honnin.Holder.Presentation;
using Honnin.Mdoc;
using static Honnin.Holder.Tests.Adversarial.WalletWorld;

namespace Honnin.Holder.Tests.Adversarial;

/// <summary>
/// Reader roots authenticate, registrar roots register; and an unverified or unregistered requester never receives
/// more than a registered one would — at most what the person confirms element by element.
/// </summary>
public sealed class RequesterTrustTests : IDisposable
{
    private readonly WalletWorld _world = new();

    [Fact]
    public async Task A_registration_minted_by_a_reader_root_is_not_believed()
    {
        await _world.IssueSdJwtBatchAsync();
        var request = await _world.SdJwtRequestAsync(_world.SelfRegistered("Reader CA customer", "tax"), ["payment_amount", "pseudonyms.tax"]);

        var plan = await _world.SdJwtHolder.PlanAsync(request);

        Assert.True(plan.Requester.Authenticated);
        Assert.Null(plan.Requester.Registration);
        var byPath = plan.Documents[0].Elements.ToDictionary(e => e.ClaimPath!);
        Assert.Equal((ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered), (byPath["pseudonyms.tax"].Decision, byPath["pseudonyms.tax"].Reason));
        Assert.Equal((ElementDecision.Excluded, ElementReason.VerifierNotRegistered), (byPath["payment_amount"].Decision, byPath["payment_amount"].Reason));
    }

    [Fact]
    public async Task Mdoc_a_registration_minted_by_a_reader_root_is_not_believed()
    {
        await _world.IssueMdocBatchAsync();
        var session = SessionTranscript.ForOpenId4VpDcApi("https://reader.example.jp", "n", null);
        var plan = await _world.MdocHolder.PlanAsync(await _world.MdocRequestAsync(_world.SelfRegistered("Reader CA customer", "tax"), session, [(PseudonymNs, "dp_tax")]), session);

        Assert.True(plan.Requester.Authenticated);
        Assert.Null(plan.Requester.Registration);
        Assert.Equal(ElementReason.PseudonymDomainNotRegistered, plan.Documents[0].Elements[0].Reason);
    }

    [Fact]
    public async Task A_registered_verifier_gets_what_its_registration_covers_and_an_unverified_one_gets_nothing_unconfirmed()
    {
        await _world.IssueSdJwtBatchAsync(3);
        string[] claims = ["payment_amount", "family_name", "given_name"];
        var registered = await _world.SdJwtHolder.PlanAsync(await _world.SdJwtRequestAsync(_world.Registered("Employer", "employment"), claims));
        var unverified = await _world.SdJwtHolder.PlanAsync(await _world.SdJwtRequestAsync(_world.Untrusted("Anyone"), claims));

        Assert.Equal(["family_name", "payment_amount"], registered.Disclosed.Select(d => d.Element.ClaimPath).Order());
        Assert.Equal(ElementReason.OutsideRegistration, registered.Documents[0].Elements.Single(e => e.ClaimPath == "given_name").Reason);
        Assert.Empty(unverified.Disclosed);
        Assert.All(unverified.Documents[0].Elements, e => Assert.Equal((ElementDecision.Excluded, ElementReason.VerifierNotAuthenticated), (e.Decision, e.Reason)));
    }

    [Fact]
    public async Task An_unsigned_mdoc_request_gets_nothing_until_the_person_adds_each_element()
    {
        await _world.IssueMdocBatchAsync();
        var session = SessionTranscript.ForOpenId4VpDcApi("https://anyone.example", "n", null);
        var request = new Honnin.Verifier.Mdoc.DeviceRequestBuilder()
            .Request(Slip, Slip, "payment_amount", Honnin.Verifier.Mdoc.IntentToRetain.Retain)
            .Request(Slip, Slip, "remarks", Honnin.Verifier.Mdoc.IntentToRetain.Retain)
            .Build();

        var plan = await _world.MdocHolder.PlanAsync(request, session);
        Assert.Empty(plan.Disclosed);

        var confirmed = plan.Confirm(Slip, "payment_amount");
        var response = await _world.MdocHolder.RespondAsync(confirmed);
        Assert.Equal(["payment_amount"], response.Documents[0].IssuerSigned.NameSpaces[Slip].Select(i => i.ElementIdentifier));
    }

    [Fact]
    public async Task A_verifier_under_an_unknown_root_is_not_authenticated_and_carries_no_registration()
    {
        await _world.IssueSdJwtBatchAsync();
        var plan = await _world.SdJwtHolder.PlanAsync(await _world.SdJwtRequestAsync(_world.Untrusted("Unknown", "tax"), ["pseudonyms.tax"]));

        Assert.False(plan.Requester.Authenticated);
        Assert.Null(plan.Requester.Registration);
        Assert.Equal(ElementDecision.Refused, plan.Documents[0].Elements[0].Decision);
    }

    public void Dispose() => _world.Dispose();
}
