using Honnin.Holder.Presentation;
using Honnin.Registration;

namespace Honnin.Tests.Contracts;

/// <summary>What every <see cref="ISharingConsents"/> must do: keep each stopped verifier once, with its date, until resumed.</summary>
public abstract class SharingConsentsContract
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Makes new, empty consents.</summary>
    /// <returns>The consents.</returns>
    protected abstract Task<ISharingConsents> CreateAsync();

    [Fact]
    public async Task Nothing_is_stopped_at_first()
    {
        Assert.Empty(await (await CreateAsync()).ListStoppedAsync());
    }

    [Fact]
    public async Task A_stopped_verifier_is_kept_once_with_the_first_date()
    {
        var consents = await CreateAsync();
        await consents.StopAsync("x509_hash:abc", Start);
        await consents.StopAsync("CN=新しい勤務先", Start.AddMinutes(1));
        await consents.StopAsync("x509_hash:abc", Start.AddDays(1));

        var stopped = await consents.ListStoppedAsync();

        Assert.Equal([("x509_hash:abc", Start), ("CN=新しい勤務先", Start.AddMinutes(1))], stopped.Select(s => (s.Verifier, s.Since)));
    }

    [Fact]
    public async Task Resuming_removes_only_that_verifier_and_says_whether_it_was_stopped()
    {
        var consents = await CreateAsync();
        await consents.StopAsync("a", Start);
        await consents.StopAsync("b", Start);

        Assert.True(await consents.ResumeAsync("a"));
        Assert.False(await consents.ResumeAsync("a"));
        Assert.Equal(["b"], (await consents.ListStoppedAsync()).Select(s => s.Verifier));
    }

    [Fact]
    public async Task A_stopped_name_matches_the_client_id_the_subject_or_its_common_name()
    {
        var requester = new RequesterIdentity(true, "CN=New Employer, O=Example, C=JP", [], ClientId: ClientId.Parse("x509_hash:abc"));

        Assert.True(new StoppedVerifier("x509_hash:abc", Start).Matches(requester));
        Assert.True(new StoppedVerifier("CN=New Employer, O=Example, C=JP", Start).Matches(requester));
        Assert.True(new StoppedVerifier("New Employer", Start).Matches(requester));
        Assert.False(new StoppedVerifier("New", Start).Matches(requester));
        Assert.False(new StoppedVerifier("x509_hash:abd", Start).Matches(requester));
    }
}
