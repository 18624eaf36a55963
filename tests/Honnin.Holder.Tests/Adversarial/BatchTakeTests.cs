using Honnin.Holder.Credentials;
using Honnin.Holder.Presentation;
using static Honnin.Holder.Tests.Adversarial.WalletWorld;

namespace Honnin.Holder.Tests.Adversarial;

/// <summary>Each single-use credential of a batch is presented once, even under concurrent presentations.</summary>
public sealed class BatchTakeTests : IDisposable
{
    private readonly WalletWorld _world = new();

    [Fact]
    public async Task Concurrent_presentations_never_share_a_single_use_credential()
    {
        const int BatchSize = 20;
        const int Presentations = 40;
        await _world.IssueSdJwtBatchAsync(BatchSize);
        var verifier = _world.Registered("Employer", "employment");
        var request = await _world.SdJwtRequestAsync(verifier, ["payment_amount"]);

        // Every plan is made before any answer, so all of them chose the same unused credential.
        var plans = new List<PresentationPlan>();
        for (var i = 0; i < Presentations; i++)
        {
            plans.Add(await _world.SdJwtHolder.PlanAsync(request));
        }

        Assert.Single(plans.Select(p => p.Documents[0].CredentialId).Distinct());
        var outcomes = await Task.WhenAll(plans.Select(plan => Task.Run(async () =>
        {
            try
            {
                return await _world.SdJwtHolder.RespondAsync(plan, request);
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        })));

        var made = outcomes.Where(o => o is not null).ToList();
        Assert.Equal(BatchSize, made.Count);
        var used = (await _world.Log.ListAsync()).Select(r => r.CredentialId).ToList();
        Assert.Equal(BatchSize, used.Count);
        Assert.Equal(BatchSize, used.Distinct().Count());
        Assert.Equal(BatchSize, made.Select(p => Honnin.SdJwt.SelectiveDisclosureJwt.Parse(p!).IssuerSigned.EncodedSignature).Distinct().Count());
        Assert.All(await _world.Store.ListAsync(), c => Assert.Equal(1, c.UseCount));
    }

    [Fact]
    public async Task A_presentation_that_fails_while_it_is_built_spends_nothing_and_logs_nothing()
    {
        var key = Honnin.Tests.Issuance.TestIssuer.NewDeviceKey(out var signer);
        signer.Dispose();
        var issued = await _world.Pki.Issuer.IssueAsync(new Honnin.Issuer.Mdoc.MdocIssuanceRequest("withholding-slip", Honnin.Tests.Issuance.TestIssuer.SlipClaims(), key));
        await _world.MdocHolder.StoreAsync(issued.Encode());
        var plan = await _world.MdocHolder.PlanSelectionAsync(Slip, [(Slip, "payment_amount")]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.MdocHolder.RespondAsync(plan, Honnin.Mdoc.SessionTranscript.ForOpenId4VpDcApi("https://e.example", "n", null)));

        Assert.Equal(0, Assert.Single(await _world.Store.ListAsync()).UseCount);
        Assert.Empty(await _world.Log.ListAsync());
    }

    [Fact]
    public async Task A_batch_with_one_malformed_credential_is_not_stored_at_all()
    {
        var keys = new[] { Honnin.Tests.Issuance.TestIssuer.NewDeviceKey(out var signer) };
        signer.Dispose();
        var issued = await _world.Pki.Issuer.IssueAsync(new Honnin.Issuer.Mdoc.MdocIssuanceRequest("withholding-slip", Honnin.Tests.Issuance.TestIssuer.SlipClaims(), keys[0]));

        await Assert.ThrowsAnyAsync<CredentialFormatException>(() => _world.MdocHolder.StoreBatchAsync([issued.Encode(), new byte[] { 0xA0 }]));

        Assert.Empty(await _world.Store.ListAsync());
    }

    [Fact]
    public async Task A_stored_batch_shares_one_fresh_batch_id()
    {
        await _world.IssueMdocBatchAsync(3);

        var stored = await _world.Store.ListAsync();
        Assert.Equal(3, stored.Count);
        Assert.Single(stored.Select(c => c.BatchId).Distinct());
        Assert.NotNull(stored[0].BatchId);
    }

    [Fact]
    public async Task A_spent_batch_is_reused_only_when_a_new_plan_says_so()
    {
        await _world.IssueMdocBatchAsync(1);
        var plan = await _world.MdocHolder.PlanSelectionAsync(Slip, [(Slip, "payment_amount")]);
        var transcript = Honnin.Mdoc.SessionTranscript.ForOpenId4VpDcApi("https://e.example", "n", null);
        await _world.MdocHolder.RespondAsync(plan, transcript);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _world.MdocHolder.RespondAsync(plan, transcript));
        var again = await _world.MdocHolder.PlanSelectionAsync(Slip, [(Slip, "payment_amount")]);
        Assert.True(again.Documents[0].ReusesCredential);
        Assert.Single((await _world.MdocHolder.RespondAsync(again, transcript)).Documents);
    }

    public void Dispose() => _world.Dispose();
}
