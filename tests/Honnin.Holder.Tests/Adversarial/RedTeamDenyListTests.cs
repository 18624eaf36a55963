using System.Text.Json.Nodes;
using Honnin.Holder.Presentation;
using Honnin.Mdoc;
using static Honnin.Holder.Tests.Adversarial.WalletWorld;

namespace Honnin.Holder.Tests.Adversarial;

/// <summary>
/// The person's deny list holds whatever path or spelling a verifier's request uses: a parent or a wildcard that would
/// carry a denied child out, a deny entry written with a wildcard, element names in other cases or Unicode forms.
/// </summary>
public sealed class RedTeamDenyListTests
{
    private static readonly JsonObject TwoDependents = new()
    {
        ["payment_amount"] = 5_000_000,
        ["dependents_list"] = new JsonArray(
            new JsonObject { ["full_name"] = "山田 花子", ["category"] = "spouse" },
            new JsonObject { ["full_name"] = "山田 太郎", ["category"] = "child" }),
    };

    private static async Task<(PresentationPlan Plan, string? Presentation)> AnswerAsync(WalletWorld world, params string[] claims)
    {
        var request = await world.SdJwtRequestAsync(world.Registered("Tax Office", "tax"), claims);
        var plan = await world.SdJwtHolder.PlanAsync(request);
        foreach (var element in plan.Documents[0].Elements.Where(e => e.Decision is ElementDecision.Excluded or ElementDecision.NeedsConfirmation).ToList())
        {
            plan = plan.Confirm(element.NameSpace, element.Identifier);
        }

        return (plan, await world.SdJwtHolder.RespondAsync(plan, request));
    }

    private static string DisclosedText(string? presentation) =>
        presentation is null ? string.Empty : string.Join("\n", Honnin.SdJwt.SelectiveDisclosureJwt.Parse(presentation).Disclosures.Select(d => d.GetValue()?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? string.Empty));

    private static async Task<WalletWorld> WorldWithTwoDependentsAsync(string denied)
    {
        var world = new WalletWorld(o => o with { DenyList = new HashSet<string> { denied } });
        await world.StoreCustomSdJwtAsync(TwoDependents.DeepClone().AsObject(), b => b
            .MakeDisclosable("payment_amount").MakeDisclosable("dependents_list[0]").MakeDisclosable("dependents_list[1]").MakeDisclosable("dependents_list"));
        return world;
    }

    [Theory]
    [InlineData("dependents_list[0]", "dependents_list")]
    [InlineData("dependents_list[0]", "dependents_list[*]")]
    [InlineData("dependents_list[*]", "dependents_list[0]")]
    [InlineData("dependents_list[*]", "dependents_list")]
    [InlineData("dependents_list[0].full_name", "dependents_list[0]")]
    [InlineData("dependents_list[*].full_name", "dependents_list[1]")]
    public async Task A_request_for_a_parent_or_a_wildcard_does_not_carry_out_a_denied_path(string denied, string requested)
    {
        using var world = await WorldWithTwoDependentsAsync(denied);

        var (plan, presentation) = await AnswerAsync(world, requested, "payment_amount");

        var dependents = plan.Documents[0].Elements.Single(e => e.Identifier == "dependents_list");
        Assert.Equal((ElementDecision.Refused, ElementReason.OnDenyList), (dependents.Decision, dependents.Reason));
        var text = DisclosedText(presentation);
        Assert.DoesNotContain("山田", text, StringComparison.Ordinal);
        Assert.Contains("5000000", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_denied_array_element_leaves_its_sibling_releasable()
    {
        using var world = await WorldWithTwoDependentsAsync("dependents_list[0]");

        var (plan, presentation) = await AnswerAsync(world, "dependents_list[1]");

        Assert.Equal(ElementDecision.Disclose, plan.Documents[0].Elements.Single().Decision);
        var text = DisclosedText(presentation);
        Assert.Contains("山田 太郎", text, StringComparison.Ordinal);
        Assert.DoesNotContain("山田 花子", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_issuer_that_disclosed_the_array_whole_lets_no_element_out_when_one_is_denied()
    {
        using var world = new WalletWorld(o => o with { DenyList = new HashSet<string> { "dependents_list[0]" } });
        await world.StoreCustomSdJwtAsync(TwoDependents.DeepClone().AsObject(), b => b.MakeDisclosable("payment_amount").MakeDisclosable("dependents_list"));

        var (plan, presentation) = await AnswerAsync(world, "dependents_list[1]", "payment_amount");

        Assert.Equal((ElementDecision.Refused, ElementReason.OnDenyList), (plan.Documents[0].Elements.Single(e => e.Identifier == "dependents_list").Decision, plan.Documents[0].Elements.Single(e => e.Identifier == "dependents_list").Reason));
        Assert.DoesNotContain("山田", DisclosedText(presentation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mdoc_a_deny_entry_for_part_of_an_element_refuses_the_whole_element()
    {
        using var world = new WalletWorld(o => o with { DenyList = new HashSet<string> { "dependents_list[0]" } });
        await world.IssueMdocBatchAsync();
        var session = SessionTranscript.ForOpenId4VpDcApi("https://tax.example.jp", "n", null);

        var plan = await world.MdocHolder.PlanAsync(await world.MdocRequestAsync(world.Registered("Tax Office", "tax"), session, [(Slip, "dependents_list")]), session);

        Assert.Equal((ElementDecision.Refused, ElementReason.OnDenyList), (plan.Documents[0].Elements[0].Decision, plan.Documents[0].Elements[0].Reason));
    }

    [Theory]
    [InlineData("REMARKS")]
    [InlineData("Remarks")]
    [InlineData("ｒｅｍａｒｋｓ")]
    [InlineData("remarks\u200B")]
    [InlineData("re\u00ADmarks")]
    public async Task Mdoc_a_request_for_a_denied_element_under_another_spelling_gets_nothing(string spelling)
    {
        using var world = new WalletWorld(o => o with { DenyList = new HashSet<string> { "remarks" } });
        await world.IssueMdocBatchAsync();
        var session = SessionTranscript.ForOpenId4VpDcApi("https://tax.example.jp", "n", null);
        var request = await world.MdocRequestAsync(world.Registered("Tax Office", "tax"), session, [(Slip, spelling), (Slip, "remarks"), (Slip, "payment_amount")]);

        var plan = await world.MdocHolder.PlanAsync(request, session);
        var response = await world.MdocHolder.RespondAsync(plan);

        var byId = plan.Documents[0].Elements.ToDictionary(e => e.Identifier);
        Assert.Equal((ElementDecision.NotHeld, ElementReason.NotInCredential), (byId[spelling].Decision, byId[spelling].Reason));
        Assert.Equal((ElementDecision.Refused, ElementReason.OnDenyList), (byId["remarks"].Decision, byId["remarks"].Reason));
        Assert.Equal(["payment_amount"], response.Documents[0].IssuerSigned.NameSpaces[Slip].Select(i => i.ElementIdentifier));
    }

    [Theory]
    [InlineData("REMARKS")]
    [InlineData("ｒｅｍａｒｋｓ")]
    [InlineData("remarks\u200B")]
    public async Task A_sd_jwt_request_for_a_denied_claim_under_another_spelling_gets_nothing(string spelling)
    {
        using var world = new WalletWorld(o => o with { DenyList = new HashSet<string> { "remarks" } });
        await world.IssueSdJwtBatchAsync();

        var (plan, presentation) = await AnswerAsync(world, spelling, "remarks", "payment_amount");

        var byPath = plan.Documents[0].Elements.ToDictionary(e => e.ClaimPath!);
        Assert.Equal((ElementDecision.NotHeld, ElementReason.NotInCredential), (byPath[spelling].Decision, byPath[spelling].Reason));
        Assert.Equal((ElementDecision.Refused, ElementReason.OnDenyList), (byPath["remarks"].Decision, byPath["remarks"].Reason));
        Assert.DoesNotContain("前職分", DisclosedText(presentation), StringComparison.Ordinal);
        Assert.DoesNotContain("remarks", DisclosedText(presentation), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Remarks")]
    [InlineData("ｒｅｍａｒｋｓ")]
    [InlineData("PSEUDONYMS.TAX")]
    [InlineData("ｐｓｅｕｄｏｎｙｍｓ")]
    public async Task A_deny_entry_the_person_typed_in_another_case_or_in_full_width_still_denies(string entry)
    {
        using var world = new WalletWorld(o => o with { DenyList = new HashSet<string> { entry } });
        await world.IssueSdJwtBatchAsync();

        var (plan, _) = await AnswerAsync(world, "remarks", "pseudonyms.tax", "payment_amount");

        var denied = plan.Documents[0].Elements.Where(e => e.Reason == ElementReason.OnDenyList).Select(e => e.ClaimPath).ToList();
        Assert.Single(denied);
        Assert.Equal(entry.Contains('.', StringComparison.Ordinal) || entry.StartsWith('ｐ') ? "pseudonyms.tax" : "remarks", denied[0]);
    }
}
