using Honnin.Storage.Sqlite;
using Honnin.Storage.Tests.Support;
using Honnin.Verifier.Protocol;
using Honnin.Verifier.Status;
using Microsoft.Data.Sqlite;

namespace Honnin.Storage.Tests.Sqlite;

/// <summary>A verifier database of an older schema opens, migrates to the current one and keeps what it held.</summary>
public sealed class SqliteVerifierStoreMigrationTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_verifier_store_of_schema_version_1_migrates_to_2_keeping_its_status_lists_and_then_keeps_transactions()
    {
        var path = _folder.File("verifier.db");
        using (var store = await SqliteVerifierStore.OpenAsync(path))
        {
            await store.PutAsync(new CachedStatusList("https://issuer.example.jp/status/1", new byte[] { 1, 2, 3 }, Now, Now.AddMinutes(10)));
        }

        // As a verifier database of schema version 1 was: the status list cache only.
        await ExecuteAsync(path, "DROP TABLE verifier_transactions; UPDATE honnin_schema SET version = 1 WHERE component = 'verifier';");
        Assert.Equal(0L, await ScalarAsync(path, "SELECT count(*) FROM sqlite_master WHERE name = 'verifier_transactions'"));

        using (var store = await SqliteVerifierStore.OpenAsync(path))
        {
            Assert.Equal([1, 2, 3], (await store.GetAsync("https://issuer.example.jp/status/1", Now))?.Token.ToArray());
            await store.AddAsync(new VerifierTransaction("t1", "request-t1", "n", "s", "{}", null, "direct_post", null, Now, Now.AddMinutes(5)));
            Assert.True(await store.TryCompleteAsync("t1", new VerifierTransactionOutcome(Now, true, "{}", null)));
            Assert.True((await store.GetAsync("t1"))?.IsAnswered);
        }

        Assert.Equal(2L, await ScalarAsync(path, "SELECT version FROM honnin_schema WHERE component = 'verifier'"));
    }

    [Fact]
    public async Task A_verifier_store_of_a_newer_schema_is_refused_and_left_as_it_is()
    {
        var path = _folder.File("verifier.db");
        using (await SqliteVerifierStore.OpenAsync(path))
        {
        }

        await ExecuteAsync(path, "UPDATE honnin_schema SET version = 3 WHERE component = 'verifier';");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteVerifierStore.OpenAsync(path));
        Assert.Contains("version 3", e.Message, StringComparison.Ordinal);
        Assert.Equal(3L, await ScalarAsync(path, "SELECT version FROM honnin_schema WHERE component = 'verifier'"));
    }

    public void Dispose() => _folder.Dispose();

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
    }

    private static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
