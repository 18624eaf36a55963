using Honnin.Issuer.State;

namespace Honnin.Tests.Contracts;

/// <summary>What every <see cref="IPreAuthorizedCodeStore"/> must do: redeem once, count wrong transaction codes, expire.</summary>
public abstract class PreAuthorizedCodeStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    protected abstract Task<IPreAuthorizedCodeStore> CreateAsync();

    [Fact]
    public async Task A_code_is_redeemed_once_and_names_its_offer()
    {
        var store = await CreateAsync();
        var code = PreAuthorizedCodeGrant.NewCode();
        await store.AddAsync(new PreAuthorizedCodeGrant(code, "offer-1", null, Now.AddMinutes(10)));

        Assert.Equal(new CodeRedemption(CodeRedemptionOutcome.Redeemed, "offer-1", 5), await store.RedeemAsync(code, null, Now));
        Assert.Equal(CodeRedemptionOutcome.AlreadyRedeemed, (await store.RedeemAsync(code, null, Now)).Outcome);
        Assert.Null((await store.RedeemAsync(code, null, Now)).OfferId);
    }

    [Fact]
    public async Task A_transaction_code_for_a_code_that_needs_none_is_refused_and_the_code_still_works()
    {
        var store = await CreateAsync();
        var code = PreAuthorizedCodeGrant.NewCode();
        await store.AddAsync(new PreAuthorizedCodeGrant(code, "offer-1", null, Now.AddMinutes(10)));

        Assert.Equal(CodeRedemptionOutcome.UnexpectedTransactionCode, (await store.RedeemAsync(code, "123456", Now)).Outcome);
        Assert.Equal(CodeRedemptionOutcome.Redeemed, (await store.RedeemAsync(code, null, Now)).Outcome);
    }

    [Fact]
    public async Task An_unknown_or_expired_code_is_refused()
    {
        var store = await CreateAsync();
        var code = PreAuthorizedCodeGrant.NewCode();
        await store.AddAsync(new PreAuthorizedCodeGrant(code, "offer-1", null, Now.AddMinutes(10)));

        Assert.Equal(CodeRedemptionOutcome.Unknown, (await store.RedeemAsync(PreAuthorizedCodeGrant.NewCode(), null, Now)).Outcome);
        Assert.Equal(CodeRedemptionOutcome.Expired, (await store.RedeemAsync(code, null, Now.AddMinutes(10))).Outcome);
    }

    [Fact]
    public async Task Wrong_transaction_codes_are_counted_and_the_last_allowed_one_invalidates_the_code()
    {
        var store = await CreateAsync();
        var code = PreAuthorizedCodeGrant.NewCode();
        await store.AddAsync(new PreAuthorizedCodeGrant(code, "offer-1", "493536", Now.AddMinutes(10), MaxTransactionCodeAttempts: 3));

        Assert.Equal(new CodeRedemption(CodeRedemptionOutcome.WrongTransactionCode, null, 2), await store.RedeemAsync(code, "000000", Now));
        Assert.Equal(new CodeRedemption(CodeRedemptionOutcome.WrongTransactionCode, null, 1), await store.RedeemAsync(code, null, Now));
        Assert.Equal(CodeRedemptionOutcome.Invalidated, (await store.RedeemAsync(code, "111111", Now)).Outcome);
        Assert.Equal(CodeRedemptionOutcome.Invalidated, (await store.RedeemAsync(code, "493536", Now)).Outcome);
    }

    [Fact]
    public async Task The_right_transaction_code_redeems_after_a_wrong_one()
    {
        var store = await CreateAsync();
        var code = PreAuthorizedCodeGrant.NewCode();
        await store.AddAsync(new PreAuthorizedCodeGrant(code, "offer-1", "493536", Now.AddMinutes(10)));

        Assert.Equal(CodeRedemptionOutcome.WrongTransactionCode, (await store.RedeemAsync(code, "4935361", Now)).Outcome);
        Assert.Equal(CodeRedemptionOutcome.Redeemed, (await store.RedeemAsync(code, "493536", Now)).Outcome);
    }

    [Fact]
    public async Task A_code_added_twice_is_refused()
    {
        var store = await CreateAsync();
        var code = PreAuthorizedCodeGrant.NewCode();
        await store.AddAsync(new PreAuthorizedCodeGrant(code, "offer-1", null, Now.AddMinutes(10)));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AddAsync(new PreAuthorizedCodeGrant(code, "offer-2", null, Now.AddMinutes(10))));
        Assert.Equal("offer-1", (await store.RedeemAsync(code, null, Now)).OfferId);
    }

    [Fact]
    public async Task Concurrent_redemptions_of_one_code_let_exactly_one_win()
    {
        var store = await CreateAsync();
        var code = PreAuthorizedCodeGrant.NewCode();
        await store.AddAsync(new PreAuthorizedCodeGrant(code, "offer-1", "1234", Now.AddMinutes(10)));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.RedeemAsync(code, "1234", Now))));

        Assert.Single(results, r => r.Outcome == CodeRedemptionOutcome.Redeemed);
        Assert.All(results.Where(r => r.Outcome != CodeRedemptionOutcome.Redeemed), r => Assert.Equal(CodeRedemptionOutcome.AlreadyRedeemed, r.Outcome));
    }
}

/// <summary>What every <see cref="IStatusListStore"/> must do: unique random indices, statuses that stick, a full list said so.</summary>
public abstract class StatusListStoreContract
{
    protected abstract Task<IStatusListStore> CreateAsync();

    [Fact]
    public async Task Indices_are_distinct_in_range_and_start_valid()
    {
        var store = await CreateAsync();

        var indices = new List<int>();
        for (var i = 0; i < 100; i++)
        {
            indices.Add(await store.AllocateAsync("https://issuer.example.jp/status/1", 1024, $"cred-{i}"));
        }

        Assert.Equal(100, indices.Distinct().Count());
        Assert.All(indices, i => Assert.InRange(i, 0, 1023));
        var entries = await store.ReadAsync("https://issuer.example.jp/status/1");
        Assert.Equal(100, entries.Count);
        Assert.All(entries.Values, e => Assert.Equal(0, e.Status));
        Assert.Equal("cred-7", entries[indices[7]].CredentialId);
    }

    [Fact]
    public async Task Indices_are_not_handed_out_in_order()
    {
        var store = await CreateAsync();

        var indices = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            indices.Add(await store.AllocateAsync("list", 1 << 16, $"cred-{i}"));
        }

        Assert.NotEqual(indices.Order(), indices);
        Assert.True(indices.Max() > 20, "indices cluster at the start of the list");
    }

    [Fact]
    public async Task A_full_list_is_said_to_be_full_and_every_index_was_used_once()
    {
        var store = await CreateAsync();

        var indices = new List<int>();
        for (var i = 0; i < 16; i++)
        {
            indices.Add(await store.AllocateAsync("small", 16, $"cred-{i}"));
        }

        Assert.Equal(Enumerable.Range(0, 16), indices.Order());
        await Assert.ThrowsAsync<StatusListFullException>(() => store.AllocateAsync("small", 16, "one-too-many"));
        Assert.Equal(0, await store.AllocateAsync("other", 1, "other-list"));
    }

    [Fact]
    public async Task A_status_is_set_on_an_allocated_entry_only()
    {
        var store = await CreateAsync();
        var index = await store.AllocateAsync("list", 8, "cred-1");

        Assert.True(await store.SetStatusAsync("list", index, 1));
        Assert.False(await store.SetStatusAsync("list", (index + 1) % 8, 1));
        Assert.False(await store.SetStatusAsync("another", index, 1));
        Assert.Equal(new StatusEntry("cred-1", 1), (await store.ReadAsync("list"))[index]);
        Assert.True(await store.SetStatusAsync("list", index, 2));
        Assert.Equal(2, (await store.ReadAsync("list"))[index].Status);
        Assert.Empty(await store.ReadAsync("unknown"));
    }

    [Fact]
    public async Task A_batch_gets_distinct_indices_or_none_when_the_list_cannot_hold_it()
    {
        var store = await CreateAsync();
        var first = await store.AllocateAsync("list", 12, [.. Enumerable.Range(0, 8).Select(i => $"a-{i}")]);

        Assert.Equal(8, first.Distinct().Count());
        await Assert.ThrowsAsync<StatusListFullException>(() => store.AllocateAsync("list", 12, [.. Enumerable.Range(0, 5).Select(i => $"b-{i}")]));
        Assert.Equal(8, (await store.ReadAsync("list")).Count);
        var rest = await store.AllocateAsync("list", 12, [.. Enumerable.Range(0, 4).Select(i => $"c-{i}")]);
        Assert.Equal(Enumerable.Range(0, 12), first.Concat(rest).Order());
        Assert.Equal("c-2", (await store.ReadAsync("list"))[rest[2]].CredentialId);
    }

    [Fact]
    public async Task Concurrent_batches_never_share_an_index()
    {
        var store = await CreateAsync();

        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(b => Task.Run(() => store.AllocateAsync("crowded", 64, [.. Enumerable.Range(0, 8).Select(i => $"cred-{b}-{i}")]))));

        Assert.Equal(Enumerable.Range(0, 64), batches.SelectMany(b => b).Order());
    }

    [Fact]
    public async Task Concurrent_allocations_never_share_an_index()
    {
        var store = await CreateAsync();

        var indices = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => store.AllocateAsync("crowded", 64, $"cred-{i}"))));

        Assert.Equal(Enumerable.Range(0, 64), indices.Order());
    }
}

/// <summary>What every <see cref="IIssuedCredentialStore"/> must do: keep records as given, list them by offer, oldest first.</summary>
public abstract class IssuedCredentialStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    protected abstract Task<IIssuedCredentialStore> CreateAsync();

    [Fact]
    public async Task A_record_comes_back_with_every_field()
    {
        var store = await CreateAsync();
        var record = new IssuedCredentialRecord("c1", "jp.honnin.withholding_slip.1", CredentialFormat.SdJwtVc, Now, Now.AddDays(365), "offer-1", "https://issuer.example.jp/status/1", 4711);
        await store.AddAsync(record);

        Assert.Equal(record, await store.GetAsync("c1"));
        Assert.Null(await store.GetAsync("c2"));
    }

    [Fact]
    public async Task Records_are_listed_oldest_first_and_by_offer()
    {
        var store = await CreateAsync();
        await store.AddAsync(new IssuedCredentialRecord("b", "t", CredentialFormat.Mdoc, Now, OfferId: "o1"));
        await store.AddAsync(new IssuedCredentialRecord("a", "t", CredentialFormat.Mdoc, Now, OfferId: "o2"));
        await store.AddAsync(new IssuedCredentialRecord("c", "t", CredentialFormat.Mdoc, Now, OfferId: "o1"));

        Assert.Equal(["b", "a", "c"], (await store.ListAsync()).Select(r => r.Id));
        Assert.Equal(["b", "c"], (await store.ListAsync("o1")).Select(r => r.Id));
        Assert.Empty(await store.ListAsync("o3"));
    }

    [Fact]
    public async Task A_batch_of_records_is_kept_whole_or_not_at_all()
    {
        var store = await CreateAsync();
        await store.AddAsync(new IssuedCredentialRecord("c2", "t", CredentialFormat.Mdoc, Now));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AddRangeAsync([new("c1", "t", CredentialFormat.Mdoc, Now), new("c2", "t", CredentialFormat.Mdoc, Now)]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AddRangeAsync([new("c3", "t", CredentialFormat.Mdoc, Now), new("c3", "t", CredentialFormat.Mdoc, Now)]));
        Assert.Equal(["c2"], (await store.ListAsync()).Select(r => r.Id));

        await store.AddRangeAsync([new("c1", "t", CredentialFormat.Mdoc, Now), new("c3", "t", CredentialFormat.Mdoc, Now)]);
        Assert.Equal(["c2", "c1", "c3"], (await store.ListAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task An_id_kept_twice_is_refused_and_the_first_stays()
    {
        var store = await CreateAsync();
        await store.AddAsync(new IssuedCredentialRecord("c1", "first", CredentialFormat.Mdoc, Now));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AddAsync(new IssuedCredentialRecord("c1", "second", CredentialFormat.Mdoc, Now)));
        Assert.Equal("first", (await store.GetAsync("c1"))?.DocType);
    }
}

/// <summary>What every <see cref="IReplayStore"/> must do: first use wins per scope, until the value expires.</summary>
public abstract class ReplayStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    protected abstract Task<IReplayStore> CreateAsync();

    [Fact]
    public async Task Several_values_are_used_all_or_none()
    {
        var store = await CreateAsync();
        Assert.True(await store.TryUseAsync("proof_key", "k2", Now.AddMinutes(5), Now));

        Assert.False(await store.TryUseAllAsync("proof_key", ["k1", "k2", "k3"], Now.AddMinutes(5), Now));
        Assert.True(await store.TryUseAsync("proof_key", "k1", Now.AddMinutes(5), Now));
        Assert.True(await store.TryUseAllAsync("proof_key", ["k3", "k4"], Now.AddMinutes(5), Now));
        Assert.False(await store.TryUseAsync("proof_key", "k4", Now.AddMinutes(5), Now));
        Assert.True(await store.TryUseAllAsync("other", ["k3", "k4"], Now.AddMinutes(5), Now));
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryUseAllAsync("proof_key", ["k9", "k9"], Now.AddMinutes(5), Now));
        Assert.True(await store.TryUseAsync("proof_key", "k9", Now.AddMinutes(5), Now));
    }

    [Fact]
    public async Task Racing_batches_that_share_a_value_win_once()
    {
        var store = await CreateAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.TryUseAllAsync("proof_key", [$"own-{i}", "shared"], Now.AddMinutes(5), Now))));
        Assert.Single(results, r => r);
        var winner = Array.IndexOf(results, true);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(i != winner, await store.TryUseAsync("proof_key", $"own-{i}", Now.AddMinutes(5), Now));
        }
    }

    [Fact]
    public async Task A_value_is_used_once_per_scope()
    {
        var store = await CreateAsync();

        Assert.True(await store.TryUseAsync("dpop_jti", "j1", Now.AddMinutes(5), Now));
        Assert.False(await store.TryUseAsync("dpop_jti", "j1", Now.AddMinutes(5), Now.AddMinutes(1)));
        Assert.True(await store.TryUseAsync("c_nonce", "j1", Now.AddMinutes(5), Now));
    }

    [Fact]
    public async Task An_expired_value_may_be_forgotten()
    {
        var store = await CreateAsync();
        Assert.True(await store.TryUseAsync("dpop_jti", "j1", Now.AddMinutes(5), Now));

        Assert.True(await store.TryUseAsync("dpop_jti", "j1", Now.AddMinutes(15), Now.AddMinutes(5)));
    }

    [Fact]
    public async Task Concurrent_uses_of_one_value_let_exactly_one_win()
    {
        var store = await CreateAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.TryUseAsync("dpop_jti", "same", Now.AddMinutes(5), Now))));

        Assert.Single(results, r => r);
    }
}

/// <summary>
/// What every <see cref="IOfferStore"/> must do: keep offers as given, change their state only from the state a change
/// expects (one winner however many race), keep an offer's issued-credential records with its completion or not at all,
/// and erase the claim values and holder keys once it is issued or withdrawn.
/// </summary>
public abstract class OfferStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private const string Claims = """{"family_name":"山田","payment_amount":5123000}""";
    private const string HolderKey = """{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}""";

    /// <summary>A new, empty store: its offers, and the issued-credential records of the same state.</summary>
    protected abstract Task<(IOfferStore Offers, IIssuedCredentialStore Issued)> CreateAsync();

    [Fact]
    public async Task An_offer_comes_back_with_every_field()
    {
        var (store, _) = await CreateAsync();
        var offer = new OfferRecord("offer-1", "withholding_slip_sd_jwt", Claims, 3, Now, Now.AddDays(7))
        {
            RequiresApproval = true,
            ApprovedAt = Now.AddMinutes(1),
            TransactionId = "tx-1",
            HolderKeys = [HolderKey, "{\"kty\":\"OKP\"}"],
            ClosedAt = Now.AddMinutes(2),
            Notification = "credential_accepted",
        };
        await store.AddAsync(offer);

        AssertSame(offer, await store.GetAsync("offer-1"));
        AssertSame(offer, await store.FindByTransactionAsync("tx-1"));
        Assert.Null(await store.GetAsync("offer-2"));
        var plain = new OfferRecord("offer-2", "withholding_slip_mdoc", null, 1, Now, Now.AddDays(1));
        await store.AddAsync(plain);
        AssertSame(plain, await store.GetAsync("offer-2"));
        Assert.Empty((await store.GetAsync("offer-2"))!.HolderKeys);
    }

    [Fact]
    public async Task An_offer_is_added_once_and_only_as_offered()
    {
        var (store, _) = await CreateAsync();
        await store.AddAsync(Offer("offer-1", Now) with { TransactionId = "tx-1" });

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AddAsync(Offer("offer-1", Now) with { ConfigurationId = "other" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AddAsync(Offer("offer-2", Now) with { TransactionId = "tx-1" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AddAsync(Offer("offer-3", Now) with { State = OfferState.Issued }));
        Assert.Equal("withholding_slip_sd_jwt", (await store.GetAsync("offer-1"))!.ConfigurationId);
        Assert.Equal(["offer-1"], (await store.ListAsync()).Select(o => o.Id));
    }

    [Fact]
    public async Task Offers_are_listed_oldest_first_with_claims_only_while_they_have_them()
    {
        var (store, _) = await CreateAsync();
        await store.AddAsync(Offer("b", Now.AddMinutes(2)));
        await store.AddAsync(Offer("a", Now.AddMinutes(1)));
        await store.AddAsync(Offer("c", Now.AddMinutes(3)));
        Assert.True(await store.WithdrawAsync("c", Now.AddMinutes(4)));

        var offers = await store.ListAsync();

        Assert.Equal(["a", "b", "c"], offers.Select(o => o.Id));
        Assert.Equal([Claims, Claims, null], offers.Select(o => o.Claims));
    }

    [Fact]
    public async Task An_offer_is_found_by_its_transaction_id_once_deferred()
    {
        var (store, _) = await CreateAsync();
        await store.AddAsync(Offer("offer-1", Now));
        await store.AddAsync(Offer("offer-2", Now));
        Assert.Null(await store.FindByTransactionAsync("tx-1"));

        Assert.True(await store.DeferAsync("offer-2", "tx-1", [HolderKey]));

        var found = await store.FindByTransactionAsync("tx-1");
        Assert.Equal("offer-2", found?.Id);
        Assert.Equal(OfferState.Deferred, found?.State);
        Assert.Equal([HolderKey], found!.HolderKeys);
        Assert.Null(await store.FindByTransactionAsync("tx-2"));
    }

    [Fact]
    public async Task Approval_is_recorded_only_for_an_open_offer_that_needs_it()
    {
        var (store, issued) = await CreateAsync();
        await store.AddAsync(Offer("needs", Now) with { RequiresApproval = true });
        await store.AddAsync(Offer("free", Now));
        await store.AddAsync(Offer("withdrawn", Now) with { RequiresApproval = true });
        await store.AddAsync(Offer("issued", Now) with { RequiresApproval = true });
        Assert.True(await store.WithdrawAsync("withdrawn", Now));
        Assert.True(await store.CompleteAsync("issued", OfferState.Offered, [Record("issued", "c1")], Now));

        Assert.True(await store.ApproveAsync("needs", Now.AddMinutes(1)));
        Assert.True(await store.ApproveAsync("needs", Now.AddMinutes(2)));
        Assert.False(await store.ApproveAsync("free", Now.AddMinutes(1)));
        Assert.False(await store.ApproveAsync("withdrawn", Now.AddMinutes(1)));
        Assert.False(await store.ApproveAsync("issued", Now.AddMinutes(1)));
        Assert.False(await store.ApproveAsync("unknown", Now.AddMinutes(1)));

        Assert.Equal(Now.AddMinutes(1), (await store.GetAsync("needs"))!.ApprovedAt);
        Assert.Null((await store.GetAsync("free"))!.ApprovedAt);
        Assert.Null((await store.GetAsync("withdrawn"))!.ApprovedAt);
        Assert.Null((await store.GetAsync("issued"))!.ApprovedAt);
        Assert.Single(await issued.ListAsync("issued"));
    }

    [Fact]
    public async Task A_deferred_offer_can_still_be_approved()
    {
        var (store, _) = await CreateAsync();
        await store.AddAsync(Offer("offer-1", Now) with { RequiresApproval = true });
        Assert.True(await store.DeferAsync("offer-1", "tx-1", [HolderKey]));

        Assert.True(await store.ApproveAsync("offer-1", Now.AddHours(1)));

        var offer = await store.GetAsync("offer-1");
        Assert.Equal(Now.AddHours(1), offer?.ApprovedAt);
        Assert.Equal(OfferState.Deferred, offer?.State);
    }

    [Fact]
    public async Task An_offer_is_deferred_only_from_offered()
    {
        var (store, _) = await CreateAsync();
        await store.AddAsync(Offer("offer-1", Now));
        await store.AddAsync(Offer("withdrawn", Now));
        Assert.True(await store.WithdrawAsync("withdrawn", Now));

        Assert.True(await store.DeferAsync("offer-1", "tx-1", [HolderKey, HolderKey]));
        Assert.False(await store.DeferAsync("offer-1", "tx-2", [HolderKey]));
        Assert.False(await store.DeferAsync("withdrawn", "tx-3", [HolderKey]));
        Assert.False(await store.DeferAsync("unknown", "tx-4", [HolderKey]));

        var offer = await store.GetAsync("offer-1");
        Assert.Equal(OfferState.Deferred, offer?.State);
        Assert.Equal("tx-1", offer?.TransactionId);
        Assert.Equal([HolderKey, HolderKey], offer!.HolderKeys);
        Assert.Equal(Claims, offer.Claims);
        Assert.Null(await store.FindByTransactionAsync("tx-2"));
        Assert.Null((await store.GetAsync("withdrawn"))!.TransactionId);
    }

    [Fact]
    public async Task A_transaction_id_of_another_offer_is_refused_and_changes_nothing()
    {
        var (store, _) = await CreateAsync();
        await store.AddAsync(Offer("offer-1", Now));
        await store.AddAsync(Offer("offer-2", Now));
        Assert.True(await store.DeferAsync("offer-1", "tx-1", [HolderKey]));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.DeferAsync("offer-2", "tx-1", [HolderKey]));

        Assert.Equal(OfferState.Offered, (await store.GetAsync("offer-2"))!.State);
        Assert.Equal("offer-1", (await store.FindByTransactionAsync("tx-1"))?.Id);
        Assert.True(await store.DeferAsync("offer-2", "tx-2", [HolderKey]));
    }

    [Fact]
    public async Task Completing_erases_the_claims_and_holder_keys_and_keeps_the_records()
    {
        var (store, issued) = await CreateAsync();
        await store.AddAsync(Offer("offer-1", Now));
        await store.AddAsync(Offer("offer-2", Now));
        Assert.True(await store.DeferAsync("offer-1", "tx-1", [HolderKey, HolderKey]));
        IssuedCredentialRecord[] records = [Record("offer-1", "c1") with { StatusListId = "https://issuer.example.jp/status/1", StatusIndex = 7 }, Record("offer-1", "c2")];

        Assert.True(await store.CompleteAsync("offer-1", OfferState.Deferred, records, Now.AddHours(2)));

        var offer = await store.GetAsync("offer-1");
        Assert.Equal(OfferState.Issued, offer?.State);
        Assert.Null(offer?.Claims);
        Assert.Empty(offer!.HolderKeys);
        Assert.Equal(Now.AddHours(2), offer.ClosedAt);
        Assert.Equal(records, await issued.ListAsync("offer-1"));
        Assert.Equal(records[0], await issued.GetAsync("c1"));
        Assert.Equal(Claims, (await store.GetAsync("offer-2"))!.Claims);
        Assert.False(await store.CompleteAsync("offer-1", OfferState.Deferred, [Record("offer-1", "c3")], Now.AddHours(3)));
        Assert.False(await store.WithdrawAsync("offer-1", Now.AddHours(3)));
        Assert.Equal(records, await issued.ListAsync("offer-1"));
        Assert.Equal(Now.AddHours(2), (await store.GetAsync("offer-1"))!.ClosedAt);
    }

    [Fact]
    public async Task Completing_from_the_wrong_state_changes_nothing_and_keeps_no_record()
    {
        var (store, issued) = await CreateAsync();
        await store.AddAsync(Offer("offered", Now));
        await store.AddAsync(Offer("deferred", Now));
        await store.AddAsync(Offer("withdrawn", Now));
        Assert.True(await store.DeferAsync("deferred", "tx-1", [HolderKey]));
        Assert.True(await store.WithdrawAsync("withdrawn", Now));

        Assert.False(await store.CompleteAsync("offered", OfferState.Deferred, [Record("offered", "c1")], Now));
        Assert.False(await store.CompleteAsync("deferred", OfferState.Offered, [Record("deferred", "c2")], Now));
        Assert.False(await store.CompleteAsync("withdrawn", OfferState.Offered, [Record("withdrawn", "c3")], Now));
        Assert.False(await store.CompleteAsync("unknown", OfferState.Offered, [Record("unknown", "c4")], Now));

        Assert.Empty(await issued.ListAsync());
        Assert.Equal(OfferState.Offered, (await store.GetAsync("offered"))!.State);
        var deferred = await store.GetAsync("deferred");
        Assert.Equal(OfferState.Deferred, deferred?.State);
        Assert.Equal(Claims, deferred?.Claims);
        Assert.Equal([HolderKey], deferred!.HolderKeys);
        Assert.Null(deferred.ClosedAt);
        Assert.Equal(OfferState.Withdrawn, (await store.GetAsync("withdrawn"))!.State);
    }

    [Fact]
    public async Task Completing_with_a_record_id_already_kept_changes_nothing()
    {
        var (store, issued) = await CreateAsync();
        await store.AddAsync(Offer("offer-1", Now));
        await store.AddAsync(Offer("offer-2", Now));
        Assert.True(await store.CompleteAsync("offer-1", OfferState.Offered, [Record("offer-1", "c1")], Now));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CompleteAsync("offer-2", OfferState.Offered, [Record("offer-2", "c2"), Record("offer-2", "c1")], Now));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CompleteAsync("offer-2", OfferState.Offered, [Record("offer-2", "c3"), Record("offer-2", "c3")], Now));

        var offer = await store.GetAsync("offer-2");
        Assert.Equal(OfferState.Offered, offer?.State);
        Assert.Equal(Claims, offer?.Claims);
        Assert.Null(offer?.ClosedAt);
        Assert.Equal(["c1"], (await issued.ListAsync()).Select(r => r.Id));
        Assert.Equal("offer-1", (await issued.GetAsync("c1"))?.OfferId);
        Assert.True(await store.CompleteAsync("offer-2", OfferState.Offered, [Record("offer-2", "c2")], Now));
    }

    [Fact]
    public async Task Completing_refuses_records_of_another_offer_and_a_closed_expected_state()
    {
        var (store, issued) = await CreateAsync();
        await store.AddAsync(Offer("offer-1", Now));
        await store.AddAsync(Offer("offer-2", Now));
        Assert.True(await store.CompleteAsync("offer-2", OfferState.Offered, [], Now));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CompleteAsync("offer-1", OfferState.Offered, [Record("offer-2", "c1")], Now));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CompleteAsync("offer-1", OfferState.Offered, [Record("offer-1", "c1") with { OfferId = null }], Now));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.CompleteAsync("offer-2", OfferState.Issued, [Record("offer-2", "c2")], Now));

        Assert.Equal(OfferState.Offered, (await store.GetAsync("offer-1"))!.State);
        Assert.Empty(await issued.ListAsync());
    }

    [Fact]
    public async Task Withdrawing_erases_the_claims_of_an_offer_not_yet_issued()
    {
        var (store, _) = await CreateAsync();
        await store.AddAsync(Offer("offered", Now));
        await store.AddAsync(Offer("deferred", Now));
        await store.AddAsync(Offer("issued", Now));
        Assert.True(await store.DeferAsync("deferred", "tx-1", [HolderKey]));
        Assert.True(await store.CompleteAsync("issued", OfferState.Offered, [Record("issued", "c1")], Now));

        Assert.True(await store.WithdrawAsync("offered", Now.AddMinutes(1)));
        Assert.True(await store.WithdrawAsync("deferred", Now.AddMinutes(2)));
        Assert.False(await store.WithdrawAsync("offered", Now.AddMinutes(3)));
        Assert.False(await store.WithdrawAsync("issued", Now.AddMinutes(3)));
        Assert.False(await store.WithdrawAsync("unknown", Now.AddMinutes(3)));

        var offered = await store.GetAsync("offered");
        Assert.Equal(OfferState.Withdrawn, offered?.State);
        Assert.Null(offered?.Claims);
        Assert.Equal(Now.AddMinutes(1), offered?.ClosedAt);
        var deferred = await store.GetAsync("deferred");
        Assert.Equal(OfferState.Withdrawn, deferred?.State);
        Assert.Null(deferred?.Claims);
        Assert.Empty(deferred!.HolderKeys);
        Assert.Equal(Now.AddMinutes(2), deferred.ClosedAt);
        Assert.Equal("tx-1", deferred.TransactionId);
        var issued = await store.GetAsync("issued");
        Assert.Equal(OfferState.Issued, issued?.State);
        Assert.Equal(Now, issued?.ClosedAt);
        Assert.False(await store.CompleteAsync("offered", OfferState.Offered, [Record("offered", "c2")], Now));
    }

    [Fact]
    public async Task A_notification_is_recorded_only_for_an_issued_offer()
    {
        var (store, _) = await CreateAsync();
        await store.AddAsync(Offer("issued", Now));
        await store.AddAsync(Offer("offered", Now));
        await store.AddAsync(Offer("withdrawn", Now));
        Assert.True(await store.CompleteAsync("issued", OfferState.Offered, [Record("issued", "c1")], Now));
        Assert.True(await store.WithdrawAsync("withdrawn", Now));

        Assert.True(await store.RecordNotificationAsync("issued", "credential_accepted", Now.AddMinutes(1)));
        Assert.True(await store.RecordNotificationAsync("issued", "credential_deleted", Now.AddMinutes(2)));
        Assert.False(await store.RecordNotificationAsync("offered", "credential_accepted", Now));
        Assert.False(await store.RecordNotificationAsync("withdrawn", "credential_accepted", Now));
        Assert.False(await store.RecordNotificationAsync("unknown", "credential_accepted", Now));

        Assert.Equal("credential_deleted", (await store.GetAsync("issued"))!.Notification);
        Assert.Null((await store.GetAsync("offered"))!.Notification);
        Assert.Null((await store.GetAsync("withdrawn"))!.Notification);
    }

    [Fact]
    public async Task Concurrent_completions_of_one_offer_let_exactly_one_win_and_keep_its_records_once()
    {
        var (store, issued) = await CreateAsync();
        await store.AddAsync(Offer("offer-1", Now));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
            (Racer: n, Won: await store.CompleteAsync("offer-1", OfferState.Offered, [Record("offer-1", $"c{n}-0"), Record("offer-1", $"c{n}-1")], Now)))));

        var winner = Assert.Single(results, r => r.Won).Racer;
        Assert.Equal([$"c{winner}-0", $"c{winner}-1"], (await issued.ListAsync()).Select(r => r.Id));
        Assert.Equal(OfferState.Issued, (await store.GetAsync("offer-1"))!.State);
    }

    private static OfferRecord Offer(string id, DateTimeOffset createdAt) => new(id, "withholding_slip_sd_jwt", Claims, 2, createdAt, createdAt.AddDays(7));

    private static IssuedCredentialRecord Record(string offerId, string id) => new(id, "jp.honnin.withholding_slip.1", CredentialFormat.SdJwtVc, Now, Now.AddDays(365), offerId);

    // Records compare their lists by reference; the holder keys are compared by value.
    private static void AssertSame(OfferRecord expected, OfferRecord? actual)
    {
        Assert.NotNull(actual);
        string[] none = [];
        Assert.Equal(expected with { HolderKeys = none }, actual with { HolderKeys = none });
        Assert.Equal(expected.HolderKeys, actual.HolderKeys);
    }
}
