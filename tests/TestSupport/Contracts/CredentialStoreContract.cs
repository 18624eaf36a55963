using Honnin.Crypto;
using Honnin.Holder.Credentials;

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

    [Fact]
    public async Task A_credential_is_returned_as_it_was_added_byte_for_byte()
    {
        var store = await CreateStoreAsync();
        var data = new byte[] { 0xA2, 0x00, 0xFF, 0x10, 0x00 };
        var added = Credential("c1", data: data, batch: "b1", validUntil: Now.AddDays(30), format: CredentialFormat.SdJwtVc);
        await store.AddAsync(added);

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
    public async Task Updating_an_unknown_credential_throws_and_stores_nothing()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => store.UpdateAsync(Credential("missing")));

        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task An_update_replaces_the_record()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1"));

        await store.UpdateAsync(Credential("c1") with { UseCount = 4 });

        Assert.Equal(4, Assert.Single(await store.ListAsync()).UseCount);
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
    public async Task Taking_an_unused_credential_counts_its_use()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1", batch: "b1"));

        var taken = await store.TakeUnusedAsync("c1", Now);

        Assert.Equal("c1", taken?.Id);
        Assert.Equal(1, taken?.UseCount);
        Assert.Equal(1, Assert.Single(await store.ListAsync()).UseCount);
    }

    [Fact]
    public async Task Taking_a_used_credential_takes_an_unused_one_of_its_batch_and_nothing_when_the_batch_is_spent()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1", batch: "b1"));
        await store.AddAsync(Credential("c2", batch: "b1"));
        await store.AddAsync(Credential("x1", batch: "b2"));

        Assert.Equal("c1", (await store.TakeUnusedAsync("c1", Now))?.Id);
        Assert.Equal("c2", (await store.TakeUnusedAsync("c1", Now))?.Id);
        Assert.Null(await store.TakeUnusedAsync("c1", Now));
        Assert.Equal(0, (await store.ListAsync()).Single(c => c.Id == "x1").UseCount);
    }

    [Fact]
    public async Task A_credential_without_a_batch_is_taken_once()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1"));
        await store.AddAsync(Credential("c2"));

        Assert.Equal("c1", (await store.TakeUnusedAsync("c1", Now))?.Id);
        Assert.Null(await store.TakeUnusedAsync("c1", Now));
        Assert.Equal(0, (await store.ListAsync()).Single(c => c.Id == "c2").UseCount);
    }

    [Fact]
    public async Task Expired_credentials_of_a_batch_are_not_taken()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1", batch: "b1", validUntil: Now.AddDays(-1)));
        await store.AddAsync(Credential("c2", batch: "b1", validUntil: Now));
        await store.AddAsync(Credential("c3", batch: "b1", validUntil: Now.AddDays(1)));

        Assert.Equal("c3", (await store.TakeUnusedAsync("c1", Now))?.Id);
        Assert.Null(await store.TakeUnusedAsync("c1", Now));
    }

    [Fact]
    public async Task Another_document_type_or_format_in_the_same_batch_id_is_not_taken()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1", batch: "b1", validUntil: Now.AddDays(-1)));
        await store.AddAsync(Credential("c2", batch: "b1", docType: "jp.example.enrollment"));
        await store.AddAsync(Credential("c3", batch: "b1", format: CredentialFormat.SdJwtVc));

        Assert.Null(await store.TakeUnusedAsync("c1", Now));
    }

    [Fact]
    public async Task Taking_an_unknown_credential_gives_nothing()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.TakeUnusedAsync("missing", Now));
        Assert.Null(await store.MarkPresentedAsync("missing"));
    }

    [Fact]
    public async Task Marking_a_presentation_counts_one_more_use()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1"));
        await store.TakeUnusedAsync("c1", Now);

        Assert.Equal(2, (await store.MarkPresentedAsync("c1"))?.UseCount);
        Assert.Equal(3, (await store.MarkPresentedAsync("c1"))?.UseCount);
        Assert.Equal(3, Assert.Single(await store.ListAsync()).UseCount);
    }

    [Fact]
    public async Task Concurrent_takes_never_take_the_same_credential_twice()
    {
        const int batchSize = 12;
        const int takers = 40;
        var store = await CreateStoreAsync();
        for (var i = 0; i < batchSize; i++)
        {
            await store.AddAsync(Credential($"c{i:D2}", batch: "b1"));
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, takers).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await store.TakeUnusedAsync($"c{i % batchSize:D2}", Now);
        })).ToArray();
        start.SetResult();
        var taken = await Task.WhenAll(tasks);

        var ids = taken.Where(c => c is not null).Select(c => c!.Id).ToList();
        Assert.Equal(batchSize, ids.Count);
        Assert.Equal(batchSize, ids.Distinct().Count());
        Assert.All(await store.ListAsync(), c => Assert.Equal(1, c.UseCount));
    }

    [Fact]
    public async Task Concurrent_presentation_marks_are_all_counted()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Credential("c1"));

        await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => Task.Run(() => store.MarkPresentedAsync("c1"))));

        Assert.Equal(25, Assert.Single(await store.ListAsync()).UseCount);
    }

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
