using Honnin.Crypto;
using Honnin.Holder.Credentials;
using Honnin.Holder.Presentation;

namespace Honnin.Tests.Contracts;

/// <summary>
/// What every <see cref="ICredentialStore"/> must do, whatever keeps the data: a test class per implementation derives
/// from this and says how to make an empty store. The persistent stores run the same suite.
/// </summary>
public abstract class CredentialStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly CoseKey DeviceKey = SoftwareSigner.Generate(CoseAlgorithm.ES256).PublicKey;

    /// <summary>Makes a new, empty store.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<ICredentialStore> CreateStoreAsync();

    /// <summary>Opens the same store again, as a new process would; a store in memory gives itself back.</summary>
    /// <param name="store">The store.</param>
    /// <returns>The store reopened.</returns>
    protected virtual Task<ICredentialStore> ReopenAsync(ICredentialStore store) => Task.FromResult(store);

    [Fact]
    public async Task A_credential_is_returned_as_it_was_added_byte_for_byte()
    {
        var store = await CreateStoreAsync();
        var data = new byte[] { 0xA2, 0x00, 0xFF, 0x10, 0x00 };
        var added = Credential("c1", data: data, batch: "b1", validUntil: Now.AddDays(30), format: CredentialFormat.SdJwtVc);
        await store.AddAsync(added);
        store = await ReopenAsync(store);

        Assert.Equal(data, (await store.GetAsync("c1"))?.Data.ToArray());
        var listed = Assert.Single(await store.ListAsync());
        Assert.Equal("c1", listed.Id);
        Assert.Equal(CredentialFormat.SdJwtVc, listed.Format);
        Assert.Equal("jp.example.slip", listed.DocType);
        Assert.Equal(data, listed.Data.ToArray());
        Assert.Equal(DeviceKey.Encoded.EncodedBytes.ToArray(), listed.DeviceKey.Encoded.EncodedBytes.ToArray());
        Assert.Equal("b1", listed.BatchId);
        Assert.Equal(Now.AddDays(30), listed.ValidUntil);
        Assert.Equal(0, listed.UseCount);
    }

    [Fact]
    public async Task Adding_an_id_twice_throws_and_keeps_the_first()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1", data: [1]));

        await Assert.ThrowsAnyAsync<Exception>(() => store.AddAsync(Credential("c1", data: [2])));

        Assert.Equal([1], Assert.Single(await store.ListAsync()).Data.ToArray());
    }

    [Fact]
    public async Task A_batch_is_added_whole_or_not_at_all()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c2", data: [2]));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AddRangeAsync([Credential("c1", batch: "b1"), Credential("c2", batch: "b1"), Credential("c3", batch: "b1")]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AddRangeAsync([Credential("d1", batch: "b2"), Credential("d1", batch: "b2")]));
        Assert.Equal(["c2"], (await store.ListAsync()).Select(c => c.Id));

        await store.AddRangeAsync([Credential("c1", batch: "b1"), Credential("c3", batch: "b1")]);
        Assert.Equal(["c1", "c2", "c3"], (await (await ReopenAsync(store)).ListAsync()).Select(c => c.Id));
    }

    [Fact]
    public async Task A_credential_added_with_uses_keeps_its_count()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1") with { UseCount = 4 });

        Assert.Equal(4, (await (await ReopenAsync(store)).GetAsync("c1"))?.UseCount);
    }

    [Fact]
    public async Task Listing_filters_by_document_type_and_orders_by_id()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c2"));
        await store.AddAsync(Credential("c1"));
        await store.AddAsync(Credential("e1", docType: "jp.example.enrollment"));

        Assert.Equal(["c1", "c2", "e1"], (await store.ListAsync()).Select(c => c.Id));
        Assert.Equal(["c1", "c2"], (await store.ListAsync("jp.example.slip")).Select(c => c.Id));
        Assert.Empty(await store.ListAsync("jp.example.other"));
    }

    [Fact]
    public async Task Removing_reports_whether_the_credential_was_there()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1"));

        Assert.True(await store.RemoveAsync("c1"));
        Assert.False(await store.RemoveAsync("c1"));
        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task Finding_an_unused_credential_changes_nothing()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1", batch: "b1"));

        Assert.Equal("c1", (await store.FindUnusedAsync("c1", Now))?.Id);
        Assert.Equal("c1", (await store.FindUnusedAsync("c1", Now))?.Id);
        Assert.Equal(0, Assert.Single(await store.ListAsync()).UseCount);
        Assert.Empty(await store.Log.ListAsync());
    }

    [Fact]
    public async Task A_commit_counts_the_use_and_logs_the_record_together()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1", batch: "b1"));

        var committed = await store.CommitPresentationAsync("c1", 0, Record("c1", "ns/family_name"));
        store = await ReopenAsync(store);

        Assert.Equal(1, committed?.UseCount);
        Assert.Equal(1, (await store.GetAsync("c1"))?.UseCount);
        var record = Assert.Single(await store.Log.ListAsync());
        Assert.Equal("c1", record.CredentialId);
        Assert.Equal(["ns/family_name"], record.Elements);
    }

    [Fact]
    public async Task A_commit_on_a_stale_count_or_an_unknown_credential_changes_nothing()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1"));
        await store.CommitPresentationAsync("c1", 0, Record("c1"));

        Assert.Null(await store.CommitPresentationAsync("c1", 0, Record("c1")));
        Assert.Null(await store.CommitPresentationAsync("c1", 2, Record("c1")));
        Assert.Null(await store.CommitPresentationAsync("missing", 0, Record("missing")));

        Assert.Equal(1, (await store.GetAsync("c1"))?.UseCount);
        Assert.Single(await store.Log.ListAsync());
    }

    [Fact]
    public async Task A_used_credential_is_replaced_by_an_unused_one_of_its_batch_and_by_nothing_when_the_batch_is_spent()
    {
        var store = await CreateStoreAsync();
        await store.AddRangeAsync([Credential("c1", batch: "b1"), Credential("c2", batch: "b1")]);
        await store.AddAsync(Credential("x1", batch: "b2"));

        Assert.Equal("c1", (await TakeAsync(store, "c1"))?.Id);
        Assert.Equal("c2", (await TakeAsync(store, "c1"))?.Id);
        Assert.Null(await store.FindUnusedAsync("c1", Now));
        Assert.Equal(0, (await store.GetAsync("x1"))?.UseCount);
    }

    [Fact]
    public async Task A_credential_without_a_batch_is_taken_once()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1"));
        await store.AddAsync(Credential("c2"));

        Assert.Equal("c1", (await TakeAsync(store, "c1"))?.Id);
        Assert.Null(await store.FindUnusedAsync("c1", Now));
        Assert.Equal(0, (await store.GetAsync("c2"))?.UseCount);
    }

    [Fact]
    public async Task Expired_credentials_of_a_batch_are_not_found()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1", batch: "b1", validUntil: Now.AddDays(-1)));
        await store.AddAsync(Credential("c2", batch: "b1", validUntil: Now));
        await store.AddAsync(Credential("c3", batch: "b1", validUntil: Now.AddDays(1)));

        Assert.Equal("c3", (await TakeAsync(store, "c1"))?.Id);
        Assert.Null(await store.FindUnusedAsync("c1", Now));
    }

    [Fact]
    public async Task Another_document_type_or_format_in_the_same_batch_id_is_not_found()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1", batch: "b1", validUntil: Now.AddDays(-1)));
        await store.AddAsync(Credential("c2", batch: "b1", docType: "jp.example.enrollment"));
        await store.AddAsync(Credential("c3", batch: "b1", format: CredentialFormat.SdJwtVc));

        Assert.Null(await store.FindUnusedAsync("c1", Now));
    }

    [Fact]
    public async Task An_unknown_credential_gives_nothing()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetAsync("missing"));
        Assert.Null(await store.FindUnusedAsync("missing", Now));
    }

    [Fact]
    public async Task A_reused_credential_counts_every_commit()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1"));
        await TakeAsync(store, "c1");

        Assert.Equal(2, (await store.CommitPresentationAsync("c1", 1, Record("c1")))?.UseCount);
        Assert.Equal(3, (await store.CommitPresentationAsync("c1", 2, Record("c1")))?.UseCount);
        Assert.Equal(3, (await store.GetAsync("c1"))?.UseCount);
        Assert.Equal(3, (await store.Log.ListAsync()).Count);
    }

    [Fact]
    public async Task Concurrent_takes_never_take_the_same_credential_twice()
    {
        const int batchSize = 12;
        const int takers = 40;
        var store = await CreateStoreAsync();
        await store.AddRangeAsync([.. Enumerable.Range(0, batchSize).Select(i => Credential($"c{i:D2}", batch: "b1"))]);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, takers).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await TakeAsync(store, $"c{i % batchSize:D2}");
        })).ToArray();
        start.SetResult();
        var taken = await Task.WhenAll(tasks);

        var ids = taken.Where(c => c is not null).Select(c => c!.Id).ToList();
        Assert.Equal(batchSize, ids.Count);
        Assert.Equal(batchSize, ids.Distinct().Count());
        Assert.All(await store.ListAsync(), c => Assert.Equal(1, c.UseCount));
        Assert.Equal(ids.Order(StringComparer.Ordinal), (await store.Log.ListAsync()).Select(r => r.CredentialId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Concurrent_commits_on_one_count_let_exactly_one_win()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1"));

        var results = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => Task.Run(() => store.CommitPresentationAsync("c1", 0, Record("c1")))));

        Assert.Single(results, r => r is not null);
        Assert.Equal(1, (await store.GetAsync("c1"))?.UseCount);
        Assert.Single(await store.Log.ListAsync());
    }

    /// <summary>What the wallet does for one presentation: find an unused credential and commit, again when another took it first.</summary>
    private static async Task<StoredCredential?> TakeAsync(ICredentialStore store, string credentialId)
    {
        while (await store.FindUnusedAsync(credentialId, Now) is { } found)
        {
            if (await store.CommitPresentationAsync(found.Id, found.UseCount, Record(found.Id)) is { } committed)
            {
                return committed;
            }
        }

        return null;
    }

    private static PresentationRecord Record(string credentialId, params string[] elements) =>
        new(Now, RequesterIdentity.Anonymous, "jp.example.slip", credentialId, elements);

    private static StoredCredential Credential(
        string id,
        byte[]? data = null,
        string? batch = null,
        DateTimeOffset? validUntil = null,
        string docType = "jp.example.slip",
        CredentialFormat format = CredentialFormat.Mdoc) => new()
        {
            Id = id,
            Format = format,
            DocType = docType,
            Data = data ?? [0xA0],
            DeviceKey = DeviceKey,
            BatchId = batch,
            ValidUntil = validUntil,
        };
}
