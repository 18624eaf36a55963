using System.Text.Json.Nodes;
using Honnin.Holder.Presentation;
using Honnin.Mdoc;
using static Honnin.Holder.Tests.Adversarial.WalletWorld;

namespace Honnin.Holder.Tests.Adversarial;

/// <summary>
/// A domain's pseudonym goes only to a verifier a registrar registered for that domain, whatever path the request
/// uses: the parent claim, the parent beside a child, a path that does not resolve, a whole namespace, an element of
/// the pseudonym namespace that is not a domain — and whatever shape the issuer gave the Disclosures.
/// </summary>
public sealed class PseudonymReleaseTests : IDisposable
{
    private readonly WalletWorld _world = new();

    private async Task<(PresentationPlan Plan, string? Presentation)> AnswerAsync(Requester verifier, params string[] claims)
    {
        var request = await _world.SdJwtRequestAsync(verifier, claims);
        var plan = await _world.SdJwtHolder.PlanAsync(request);
        foreach (var element in plan.Documents[0].Elements.Where(e => e.Decision is ElementDecision.Excluded or ElementDecision.NeedsConfirmation).ToList())
        {
            // The person adds everything the plan lets them add: the attacker's best case.
            plan = plan.Confirm(element.NameSpace, element.Identifier);
        }

        return (plan, await _world.SdJwtHolder.RespondAsync(plan, request));
    }

    [Fact]
    public async Task The_parent_claim_pseudonyms_releases_only_the_registered_domain()
    {
        await _world.IssueSdJwtBatchAsync();
        var (plan, presentation) = await AnswerAsync(_world.Registered("Tax Office", "tax"), "pseudonyms", "payment_amount");

        var pseudonyms = plan.Documents[0].Elements.Where(e => e.NameSpace == PseudonymNs).ToDictionary(e => e.Identifier);
        Assert.Equal(["dp_employment", "dp_tax", "dp_welfare"], pseudonyms.Keys.Order());
        Assert.Equal(ElementDecision.Disclose, pseudonyms["dp_tax"].Decision);
        Assert.Equal(ElementReason.PseudonymDomainNotRegistered, pseudonyms["dp_employment"].Reason);
        Assert.Equal(ElementReason.PseudonymDomainNotRegistered, pseudonyms["dp_welfare"].Reason);
        Assert.Equal(["tax"], PseudonymDomainsIn(presentation!));
        Assert.Equal(["tax"], PseudonymValuesIn(presentation!));
    }

    [Fact]
    public async Task The_parent_claim_gives_a_verifier_registered_for_another_domain_none_of_the_others()
    {
        await _world.IssueSdJwtBatchAsync();
        var (_, presentation) = await AnswerAsync(_world.Registered("Welfare Office", "welfare"), "pseudonyms", "pseudonyms.tax", "pseudonyms.employment");

        Assert.Equal(["welfare"], PseudonymValuesIn(presentation!));
    }

    [Fact]
    public async Task The_parent_claim_gives_an_unverified_or_self_registered_requester_no_pseudonym_even_when_the_person_adds_everything()
    {
        await _world.IssueSdJwtBatchAsync();
        foreach (var verifier in new[] { _world.Untrusted("Anyone", "tax", "employment", "welfare"), _world.SelfRegistered("Self-registered", "tax", "employment", "welfare") })
        {
            var (plan, presentation) = await AnswerAsync(verifier, "pseudonyms", "payment_amount");

            Assert.All(plan.Documents[0].Elements.Where(e => e.NameSpace == PseudonymNs), e => Assert.Equal(ElementDecision.Refused, e.Decision));
            Assert.Empty(PseudonymValuesIn(presentation!));
        }
    }

    [Fact]
    public async Task The_parent_claim_does_not_pass_the_persons_deny_list()
    {
        using var world = new WalletWorld(o => o with { DenyList = new HashSet<string> { "pseudonyms.tax" } });
        await world.IssueSdJwtBatchAsync();
        var request = await world.SdJwtRequestAsync(world.Registered("Tax Office", "tax", "employment"), ["pseudonyms"]);
        var plan = await world.SdJwtHolder.PlanAsync(request);
        var presentation = await world.SdJwtHolder.RespondAsync(plan, request);

        Assert.Equal(ElementReason.OnDenyList, plan.Documents[0].Elements.Single(e => e.Identifier == "dp_tax").Reason);
        Assert.Equal(["employment"], PseudonymValuesIn(presentation!));
    }

    [Theory]
    [InlineData("pseudonyms")]
    [InlineData("dp_tax")]
    [InlineData("jp.honnin.pseudonym.1")]
    public async Task A_deny_list_entry_for_the_whole_pseudonym_object_or_namespace_refuses_every_domain(string entry)
    {
        using var world = new WalletWorld(o => o with { DenyList = new HashSet<string> { entry } });
        await world.IssueSdJwtBatchAsync();
        var request = await world.SdJwtRequestAsync(world.Registered("Tax Office", "tax"), ["pseudonyms", "payment_amount"]);
        var plan = await world.SdJwtHolder.PlanAsync(request);

        Assert.Equal(ElementDecision.Refused, plan.Documents[0].Elements.Single(e => e.Identifier == "dp_tax").Decision);
        Assert.Empty(PseudonymValuesIn((await world.SdJwtHolder.RespondAsync(plan, request))!));
    }

    [Fact]
    public async Task The_persons_own_selection_of_the_parent_claim_releases_no_pseudonym()
    {
        await _world.IssueSdJwtBatchAsync();
        var plan = await _world.SdJwtHolder.PlanSelectionAsync(SlipVct, [Honnin.SdJwt.ClaimPath.Parse("pseudonyms"), Honnin.SdJwt.ClaimPath.Parse("payment_amount")]);

        var presentation = await _world.SdJwtHolder.RespondAsync(plan, "https://anyone.example", "n");
        Assert.Empty(PseudonymValuesIn(presentation!));
    }

    [Theory]
    [InlineData("pseudonyms[0]")]
    [InlineData("pseudonyms[*]")]
    [InlineData("pseudonyms.tax[*]")]
    [InlineData("pseudonyms.TAX")]
    [InlineData("pseudonyms.tax.value")]
    public async Task Paths_under_pseudonyms_that_do_not_name_a_domain_release_nothing(string path)
    {
        await _world.IssueSdJwtBatchAsync();
        var (plan, presentation) = await AnswerAsync(_world.Registered("Welfare Office", "welfare"), path, "payment_amount");

        Assert.DoesNotContain(plan.Documents[0].Elements, e => e.NameSpace == PseudonymNs && e.Decision == ElementDecision.Disclose);
        Assert.Empty(PseudonymValuesIn(presentation!));
    }

    [Fact]
    public async Task An_issuer_that_put_all_pseudonyms_in_one_disclosure_lets_none_out_to_a_verifier_registered_for_one()
    {
        var claims = new JsonObject
        {
            ["payment_amount"] = 5_000_000,
            ["pseudonyms"] = new JsonObject { ["tax"] = PersonPseudonyms["tax"], ["welfare"] = PersonPseudonyms["welfare"] },
        };
        await _world.StoreCustomSdJwtAsync(claims, b => b.MakeDisclosable("payment_amount").MakeDisclosable("pseudonyms"));

        var (plan, presentation) = await AnswerAsync(_world.Registered("Tax Office", "tax"), "pseudonyms.tax", "payment_amount");

        var tax = plan.Documents[0].Elements.Single(e => e.Identifier == "dp_tax");
        Assert.Equal((ElementDecision.Refused, ElementReason.InseparableFromRefused), (tax.Decision, tax.Reason));
        Assert.Empty(PseudonymValuesIn(presentation!));
    }

    [Fact]
    public async Task A_pseudonym_nested_in_an_object_the_issuer_disclosed_whole_stays_in_the_wallet()
    {
        // An issuer that nested the pseudonyms inside another disclosed object: asking for the object must not carry them out.
        var claims = new JsonObject
        {
            ["payment_amount"] = 5_000_000,
            ["pseudonyms"] = new JsonObject { ["welfare"] = PersonPseudonyms["welfare"] },
        };
        await _world.StoreCustomSdJwtAsync(claims, b => b.MakeDisclosable("payment_amount").MakeDisclosable("pseudonyms.welfare").MakeDisclosable("pseudonyms"));

        var (_, presentation) = await AnswerAsync(_world.Registered("Tax Office", "tax"), "pseudonyms", "payment_amount");

        Assert.Empty(PseudonymValuesIn(presentation!));
    }

    [Fact]
    public async Task Mdoc_pseudonyms_of_other_domains_and_non_domain_pseudonym_elements_are_refused_to_any_requester()
    {
        await _world.IssueMdocBatchAsync();
        var transcript = SessionTranscript.ForOpenId4VpDcApi("https://tax.example.jp", "n", null);
        var elements = new[] { (PseudonymNs, "dp_tax"), (PseudonymNs, "dp_welfare"), (PseudonymNs, "dp_employment"), (PseudonymNs, "pseudonyms"), (PseudonymNs, "dp_TAX"), (Slip, "payment_amount") };
        foreach (var (verifier, expected) in new[] { (_world.Registered("Tax Office", "tax"), new[] { "dp_tax" }), (_world.SelfRegistered("Self", "tax", "welfare"), []), (_world.Untrusted("Anyone", "tax"), []) })
        {
            var plan = await _world.MdocHolder.PlanAsync(await _world.MdocRequestAsync(verifier, transcript, elements), transcript);
            foreach (var element in plan.Documents[0].Elements.Where(e => e.Decision is ElementDecision.Excluded or ElementDecision.NeedsConfirmation).ToList())
            {
                plan = plan.Confirm(element.NameSpace, element.Identifier);
            }

            var response = await _world.MdocHolder.RespondAsync(plan);
            Assert.Equal(expected, PseudonymDomainsIn(response));
        }
    }

    public void Dispose() => _world.Dispose();
}
