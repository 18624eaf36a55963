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
    public async Task The_store_takes_an_unused_credential_atomically_under_contention()
    {
        var store = new InMemoryCredentialStore();
        for (var i = 0; i < 50; i++)
        {
            await store.AddAsync(new StoredCredential { Id = $"c{i:D2}", Format = CredentialFormat.Mdoc, DocType = Slip, Data = new byte[] { 1 }, DeviceKey = Honnin.Tests.Issuance.TestIssuer.NewDeviceKey(out var signer), BatchId = "b" });
            signer.Dispose();
        }

        var taken = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => store.TakeUnusedAsync("c00", DateTimeOffset.UnixEpoch))));

        var ids = taken.Where(t => t is not null).Select(t => t!.Id).ToList();
        Assert.Equal(50, ids.Count);
        Assert.Equal(50, ids.Distinct().Count());
        Assert.Equal(150, taken.Count(t => t is null));
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
