using Honnin.Holder.Presentation;

namespace Honnin.Tests.Contracts;

/// <summary>What every <see cref="IPresentationLog"/> must do: keep every record, in order, as it was appended.</summary>
public abstract class PresentationLogContract
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Makes a new, empty log.</summary>
    /// <returns>The log.</returns>
    protected abstract Task<IPresentationLog> CreateLogAsync();

    [Fact]
    public async Task A_new_log_is_empty()
    {
        var log = await CreateLogAsync();

        Assert.Empty(await log.ListAsync());
    }

    [Fact]
    public async Task Records_come_back_oldest_first_with_every_field()
    {
        var log = await CreateLogAsync();
        var requester = new RequesterIdentity(Authenticated: true, Subject: "CN=Employer", [], ClientId: Honnin.Registration.ClientId.Parse("x509_hash:abc"));
        await log.AppendAsync(Record(Start, requester, "c1", ["ns/family_name", "ns/payment_amount"]));
        await log.AppendAsync(Record(Start.AddMinutes(1), RequesterIdentity.Anonymous, "c2", []));

        var records = await log.ListAsync();

        Assert.Equal(2, records.Count);
        Assert.Equal(Start, records[0].At);
        Assert.True(records[0].Requester.Authenticated);
        Assert.Equal("CN=Employer", records[0].Requester.Subject);
        Assert.Equal("x509_hash:abc", records[0].Requester.ClientId?.Value);
        Assert.Equal("jp.example.slip", records[0].DocType);
        Assert.Equal("c1", records[0].CredentialId);
        Assert.Equal(["ns/family_name", "ns/payment_amount"], records[0].Elements);
        Assert.False(records[1].Requester.Authenticated);
        Assert.Equal([RequesterProblem.NotAuthenticated], records[1].Requester.Problems);
        Assert.Empty(records[1].Elements);
    }

    [Fact]
    public async Task Concurrent_appends_are_all_kept()
    {
        var log = await CreateLogAsync();

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() =>
            log.AppendAsync(Record(Start.AddSeconds(i), RequesterIdentity.Anonymous, $"c{i:D2}", ["ns/family_name"])))));

        var ids = (await log.ListAsync()).Select(r => r.CredentialId).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"c{i:D2}"), ids);
    }

    [Fact]
    public async Task A_listed_snapshot_does_not_change_when_more_is_appended()
    {
        var log = await CreateLogAsync();
        await log.AppendAsync(Record(Start, RequesterIdentity.Anonymous, "c1", []));

        var before = await log.ListAsync();
        await log.AppendAsync(Record(Start.AddMinutes(1), RequesterIdentity.Anonymous, "c2", []));

        Assert.Single(before);
        Assert.Equal(2, (await log.ListAsync()).Count);
    }

    private static PresentationRecord Record(DateTimeOffset at, RequesterIdentity requester, string credentialId, string[] elements) =>
        new(at, requester, "jp.example.slip", credentialId, elements);
}
