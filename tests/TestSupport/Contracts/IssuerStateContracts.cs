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
