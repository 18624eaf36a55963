using Honnin.Holder.Presentation;
using Honnin.Mdoc;
using static Honnin.Holder.Tests.Adversarial.WalletWorld;

namespace Honnin.Holder.Tests.Adversarial;

/// <summary>
/// A single-use credential is presented once, whichever way the API is driven: one plan answered through both response
/// overloads, concurrently, or handed to the holder of the other format.
/// </summary>
public sealed class RedTeamBatchTests : IDisposable
{
    private readonly WalletWorld _world = new();

    [Fact]
    public async Task One_sd_jwt_plan_answered_through_both_overloads_uses_its_single_use_credential_once()
    {
        await _world.IssueSdJwtBatchAsync(1);
        var verifier = _world.Registered("Employer", "employment");
        var request = await _world.SdJwtRequestAsync(verifier, ["payment_amount"]);
        var plan = await _world.SdJwtHolder.PlanAsync(request);

        Assert.NotNull(await _world.SdJwtHolder.RespondAsync(plan, request));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.SdJwtHolder.RespondAsync(plan, verifier.ClientId, request.Nonce));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.SdJwtHolder.RespondAsync(plan, request));

        Assert.Single(await _world.Log.ListAsync());
        Assert.Equal(1, (await _world.Store.ListAsync()).Single().UseCount);
    }

    [Fact]
    public async Task One_mdoc_plan_answered_through_both_overloads_uses_its_single_use_credential_once()
    {
        await _world.IssueMdocBatchAsync(1);
        var session = SessionTranscript.ForOpenId4VpDcApi("https://employer.example.jp", "n", null);
        var plan = await _world.MdocHolder.PlanAsync(await _world.MdocRequestAsync(_world.Registered("Employer", "employment"), session, [(Slip, "payment_amount")]), session);

        Assert.Single((await _world.MdocHolder.RespondAsync(plan)).Documents);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.MdocHolder.RespondAsync(plan, session));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.MdocHolder.RespondAsync(plan));

        Assert.Single(await _world.Log.ListAsync());
    }

    [Fact]
    public async Task Concurrent_answers_through_both_sd_jwt_overloads_never_share_a_credential()
    {
        const int BatchSize = 5;
        await _world.IssueSdJwtBatchAsync(BatchSize);
        var verifier = _world.Registered("Employer", "employment");
        var request = await _world.SdJwtRequestAsync(verifier, ["payment_amount"]);
        var plan = await _world.SdJwtHolder.PlanAsync(request);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            try
            {
                return i % 2 == 0 ? await _world.SdJwtHolder.RespondAsync(plan, request) : await _world.SdJwtHolder.RespondAsync(plan, verifier.ClientId, request.Nonce);
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        })));

        Assert.Equal(BatchSize, outcomes.Count(o => o is not null));
        var used = (await _world.Log.ListAsync()).Select(r => r.CredentialId).ToList();
        Assert.Equal(BatchSize, used.Distinct().Count());
        Assert.Equal(BatchSize, used.Count);
    }

    [Fact]
    public async Task An_sd_jwt_plan_handed_to_the_mdoc_holder_is_refused_without_spending_the_credential()
    {
        await _world.IssueSdJwtBatchAsync(1);
        var request = await _world.SdJwtRequestAsync(_world.Registered("Employer", "employment"), ["payment_amount"]);
        var plan = await _world.SdJwtHolder.PlanAsync(request);
        var selection = await _world.SdJwtHolder.PlanSelectionAsync(SlipVct, [Honnin.SdJwt.ClaimPath.Parse("payment_amount")]);
        var session = SessionTranscript.ForOpenId4VpDcApi("https://elsewhere.example", "n", null);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.MdocHolder.RespondAsync(plan, session));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.MdocHolder.RespondAsync(selection, session));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.MdocHolder.RespondAsync(plan));

        Assert.Equal(0, (await _world.Store.ListAsync()).Single().UseCount);
        Assert.Empty(await _world.Log.ListAsync());
        Assert.NotNull(await _world.SdJwtHolder.RespondAsync(plan, request));
    }

    [Fact]
    public async Task An_mdoc_plan_handed_to_the_sd_jwt_holder_is_refused_without_spending_the_credential()
    {
        await _world.IssueMdocBatchAsync(1);
        var session = SessionTranscript.ForOpenId4VpDcApi("https://employer.example.jp", "n", null);
        var plan = await _world.MdocHolder.PlanAsync(await _world.MdocRequestAsync(_world.Registered("Employer", "employment"), session, [(Slip, "payment_amount")]), session);
        var selection = await _world.MdocHolder.PlanSelectionAsync(Slip, [(Slip, "payment_amount")]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.SdJwtHolder.RespondAsync(plan, "https://elsewhere.example", "n"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.SdJwtHolder.RespondAsync(selection, "https://elsewhere.example", "n"));

        Assert.Equal(0, (await _world.Store.ListAsync()).Single().UseCount);
        Assert.Single((await _world.MdocHolder.RespondAsync(plan)).Documents);
    }

    [Fact]
    public async Task Two_document_requests_for_one_type_take_two_credentials_and_spend_each_once()
    {
        await _world.IssueMdocBatchAsync(2);
        var session = SessionTranscript.ForOpenId4VpDcApi("https://employer.example.jp", "n", null);
        var verifier = _world.Registered("Employer", "employment");
        var first = await _world.MdocRequestAsync(verifier, session, [(Slip, "payment_amount")]);
        var second = await _world.MdocRequestAsync(verifier, session, [(Slip, "withholding_tax_amount")]);
        var plan = await _world.MdocHolder.PlanAsync(DeviceRequest.Create([first.DocRequests[0], second.DocRequests[0]]), session);

        var response = await _world.MdocHolder.RespondAsync(plan);

        Assert.Equal(2, response.Documents.Count);
        Assert.All(await _world.Store.ListAsync(), c => Assert.Equal(1, c.UseCount));
        Assert.Equal(2, (await _world.Log.ListAsync()).Select(r => r.CredentialId).Distinct().Count());
    }

    public void Dispose() => _world.Dispose();
}
