using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Holder.Presentation;
using Honnin.Mdoc;
using Honnin.SdJwt;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using static Honnin.Holder.Tests.Adversarial.WalletWorld;

namespace Honnin.Holder.Tests.Adversarial;

/// <summary>
/// Requests written to get a pseudonym for a domain the verifier is not registered for: the domain or the pseudonym
/// object spelled in other cases and Unicode forms, the same pseudonym named twice, paths through other claims, a
/// namespace or identifier that only resembles the pseudonym namespace, document requests signed by someone else, and
/// intent-to-retain written so the person would not see it.
/// </summary>
public sealed class RedTeamPseudonymTests : IDisposable
{
    private readonly WalletWorld _world = new();

    private async Task<(PresentationPlan Plan, string? Presentation)> AnswerAsync(Requester verifier, string[] claims, string[]? retain = null)
    {
        var request = await SdJwtPresentationRequestBuilder.CreateAsync(
            SlipVct, [.. claims.Select(ClaimPath.Parse)], [.. (retain ?? []).Select(ClaimPath.Parse)], verifier.ClientId, "n-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), verifier.Key, verifier.Chain, _world.Clock.GetUtcNow());
        var plan = await _world.SdJwtHolder.PlanAsync(request);
        foreach (var element in plan.Documents[0].Elements.Where(e => e.Decision is ElementDecision.Excluded or ElementDecision.NeedsConfirmation).ToList())
        {
            plan = plan.Confirm(element.NameSpace, element.Identifier);
        }

        return (plan, await _world.SdJwtHolder.RespondAsync(plan, request));
    }

    private async Task<DeviceResponse> AnswerMdocAsync(DeviceRequest request, SessionTranscript session)
    {
        var plan = await _world.MdocHolder.PlanAsync(request, session);
        foreach (var (_, element) in plan.Documents.SelectMany(d => d.Elements.Select(e => (d, e))).Where(x => x.e.Decision is ElementDecision.Excluded or ElementDecision.NeedsConfirmation).ToList())
        {
            plan = plan.Confirm(element.NameSpace, element.Identifier);
        }

        return await _world.MdocHolder.RespondAsync(plan);
    }

    [Theory]
    [InlineData("pseudonyms.Tax")]
    [InlineData("pseudonyms.TAX")]
    [InlineData("pseudonyms.ｔａｘ")]
    [InlineData("pseudonyms.tax\u200B")]
    [InlineData("pseudonyms.tax ")]
    [InlineData("pseudonyms.dp_tax")]
    [InlineData("Pseudonyms.tax")]
    [InlineData("ｐｓｅｕｄｏｎｙｍｓ.tax")]
    [InlineData("pseudonyms\u200B.tax")]
    [InlineData("pseudonyms[*].tax")]
    [InlineData("pseudonyms[0]")]
    [InlineData("pseudonyms.*")]
    [InlineData("dp_tax")]
    [InlineData("jp.honnin.pseudonym.1/dp_tax")]
    public async Task A_spelling_of_the_pseudonym_path_other_than_its_own_gets_no_pseudonym(string path)
    {
        await _world.IssueSdJwtBatchAsync();

        var (plan, presentation) = await AnswerAsync(_world.Registered("Welfare Office", "welfare"), [path, "payment_amount"]);

        Assert.DoesNotContain(plan.Documents[0].Elements, e => e.NameSpace == PseudonymNs && e.Decision == ElementDecision.Disclose);
        Assert.Empty(PseudonymValuesIn(presentation!));
    }

    [Fact]
    public async Task Naming_the_same_foreign_pseudonym_many_ways_at_once_still_gets_only_the_registered_domain()
    {
        await _world.IssueSdJwtBatchAsync();

        var (plan, presentation) = await AnswerAsync(
            _world.Registered("Welfare Office", "welfare"), ["pseudonyms.tax", "pseudonyms.tax.value", "pseudonyms", "pseudonyms.tax[0]", "pseudonyms.employment", "pseudonyms.welfare", "payment_amount"]);

        var tax = plan.Documents[0].Elements.Where(e => e.Identifier == "dp_tax").ToList();
        Assert.Contains(tax, e => (e.Decision, e.Reason) == (ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered));
        Assert.All(tax, e => Assert.NotEqual(ElementDecision.Disclose, e.Decision));
        Assert.Equal(["welfare"], PseudonymValuesIn(presentation!));
        Assert.Equal(["welfare"], PseudonymDomainsIn(presentation!));
    }

    [Theory]
    [InlineData("payment_amount.pseudonyms.tax")]
    [InlineData("dependents_list[0].pseudonyms")]
    [InlineData("dependents_list[*].pseudonyms.tax")]
    [InlineData("cnf.pseudonyms")]
    [InlineData("_sd")]
    [InlineData("vct.pseudonyms")]
    public async Task A_path_through_another_claim_carries_no_pseudonym(string path)
    {
        await _world.IssueSdJwtBatchAsync();

        var (plan, presentation) = await AnswerAsync(_world.Registered("Welfare Office", "welfare"), [path, "payment_amount"]);

        Assert.DoesNotContain(plan.Documents[0].Elements, e => e.NameSpace == PseudonymNs);
        Assert.Empty(PseudonymValuesIn(presentation!));
    }

    [Fact]
    public async Task Retention_declared_on_the_parent_shows_on_each_pseudonym_it_reaches()
    {
        await _world.IssueSdJwtBatchAsync();

        // The verifier asks for its own pseudonym "not retained", and retains it through the parent.
        var (plan, _) = await AnswerAsync(_world.Registered("Welfare Office", "welfare"), ["pseudonyms.welfare", "pseudonyms"], retain: ["pseudonyms"]);

        var welfare = plan.Documents[0].Elements.Single(e => e.Identifier == "dp_welfare");
        Assert.Equal(ElementDecision.Disclose, welfare.Decision);
        Assert.True(welfare.IntentToRetain);
        Assert.Contains(plan.Retained, r => r.Element.Identifier == "dp_welfare");
    }

    [Theory]
    [InlineData("JP.HONNIN.PSEUDONYM.1", "dp_tax")]
    [InlineData("jp.honnin.pseudonym.1 ", "dp_tax")]
    [InlineData("ｊｐ.honnin.pseudonym.1", "dp_tax")]
    [InlineData("jp.honnin.pseudonym.2", "dp_tax")]
    [InlineData(Slip, "dp_tax")]
    [InlineData(Slip, "pseudonyms.tax")]
    [InlineData(PseudonymNs, "dp_Tax")]
    [InlineData(PseudonymNs, "DP_tax")]
    [InlineData(PseudonymNs, "dp_ｔａｘ")]
    [InlineData(PseudonymNs, "dp_tax\u200B")]
    [InlineData(PseudonymNs, "dp_*")]
    [InlineData(PseudonymNs, "*")]
    [InlineData(PseudonymNs, "dp_")]
    [InlineData(PseudonymNs, "pseudonyms")]
    public async Task Mdoc_a_namespace_or_identifier_that_resembles_the_pseudonyms_gets_none(string nameSpace, string identifier)
    {
        await _world.IssueMdocBatchAsync();
        var session = SessionTranscript.ForOpenId4VpDcApi("https://welfare.example.jp", "n", null);
        var request = await _world.MdocRequestAsync(_world.Registered("Welfare Office", "welfare"), session, [(nameSpace, identifier), (Slip, "payment_amount")]);

        var response = await AnswerMdocAsync(request, session);

        Assert.Empty(PseudonymDomainsIn(response));
    }

    [Fact]
    public async Task Mdoc_a_second_document_request_unsigned_or_signed_under_a_reader_root_gets_no_pseudonym()
    {
        await _world.IssueMdocBatchAsync(3);
        var session = SessionTranscript.ForOpenId4VpDcApi("https://welfare.example.jp", "n", null);
        var welfare = _world.Registered("Welfare Office", "welfare");
        var selfRegistered = _world.SelfRegistered("Reader CA customer", "tax");
        var signed = await _world.MdocRequestAsync(welfare, session, [(PseudonymNs, "dp_welfare")]);
        var claimsTax = await _world.MdocRequestAsync(selfRegistered, session, [(PseudonymNs, "dp_tax")]);
        var unsigned = new DeviceRequestBuilder().Request(Slip, PseudonymNs, "dp_employment", IntentToRetain.DoNotRetain).Build();
        var combined = DeviceRequest.Create([signed.DocRequests[0], claimsTax.DocRequests[0], unsigned.DocRequests[0]]);

        var plan = await _world.MdocHolder.PlanAsync(combined, session);
        var response = await AnswerMdocAsync(combined, session);

        Assert.Equal(3, plan.Documents.Count);
        Assert.Equal(ElementDecision.Disclose, plan.Documents[0].Elements[0].Decision);
        Assert.Equal((ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered), (plan.Documents[1].Elements[0].Decision, plan.Documents[1].Elements[0].Reason));
        Assert.Equal((ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered), (plan.Documents[2].Elements[0].Decision, plan.Documents[2].Elements[0].Reason));
        Assert.Equal(["dp_welfare"], PseudonymDomainsIn(response));
    }

    [Fact]
    public void Mdoc_an_intent_to_retain_that_is_not_a_boolean_is_a_typed_format_error()
    {
        var items = CborMap.FromText(
            ("docType", new CborTextString(Slip)),
            ("nameSpaces", CborMap.FromText((PseudonymNs, CborMap.FromText(("dp_tax", new CborInteger(0)))))));

        var error = Assert.Throws<CredentialFormatException>(() => ItemsRequest.Decode(CborEncodedItem.Wrap(items)));
        Assert.Equal(MdocFormatCodes.Malformed, error.Code);
    }

    public void Dispose() => _world.Dispose();
}
