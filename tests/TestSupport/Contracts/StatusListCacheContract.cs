using Honnin.Verifier.Status;

namespace Honnin.Tests.Contracts;

/// <summary>What every <see cref="IStatusListCache"/> must do: give back the token as fetched until it expires, the latest per list.</summary>
public abstract class StatusListCacheContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    protected abstract Task<IStatusListCache> CreateAsync();

    [Fact]
    public async Task A_token_comes_back_byte_for_byte_until_it_expires()
    {
        var cache = await CreateAsync();
        var token = "eyJhbGciOiJFUzI1NiIsInR5cCI6InN0YXR1c2xpc3Qrand0In0.e30.c2ln"u8.ToArray();
        await cache.PutAsync(new CachedStatusList("https://issuer.example.jp/status/1", token, Now, Now.AddMinutes(10)));

        var cached = await cache.GetAsync("https://issuer.example.jp/status/1", Now.AddMinutes(9));
        Assert.NotNull(cached);
        Assert.Equal(token, cached.Token.ToArray());
        Assert.Equal((Now, Now.AddMinutes(10)), (cached.FetchedAt, cached.ExpiresAt));
        Assert.Null(await cache.GetAsync("https://issuer.example.jp/status/1", Now.AddMinutes(10)));
        Assert.Null(await cache.GetAsync("https://issuer.example.jp/status/2", Now));
    }

    [Fact]
    public async Task A_new_token_replaces_the_cached_one()
    {
        var cache = await CreateAsync();
        await cache.PutAsync(new CachedStatusList("list", new byte[] { 1 }, Now, Now.AddMinutes(5)));
        await cache.PutAsync(new CachedStatusList("list", new byte[] { 2 }, Now.AddMinutes(1), Now.AddMinutes(20)));

        var cached = await cache.GetAsync("list", Now.AddMinutes(10));
        Assert.Equal([2], cached?.Token.ToArray());
    }

    [Fact]
    public async Task What_was_put_does_not_change_when_the_caller_reuses_its_buffer()
    {
        var cache = await CreateAsync();
        var buffer = new byte[] { 1, 2, 3 };
        await cache.PutAsync(new CachedStatusList("list", buffer, Now, Now.AddMinutes(5)));
        buffer[0] = 9;

        Assert.Equal([1, 2, 3], (await cache.GetAsync("list", Now))?.Token.ToArray());
    }
}
