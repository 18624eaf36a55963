using Honnin.Issuer.State;
using Honnin.Storage.Sqlite;
using Honnin.Storage.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Honnin.Storage.Tests.Sqlite;

/// <summary>An issuer database of an older schema opens, migrates to the current one and keeps what it held.</summary>
public sealed class SqliteIssuerStoreMigrationTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task An_issuer_store_of_schema_version_1_migrates_to_2_and_keeps_its_rows()
    {
        var path = _folder.File("issuer.db");
        var code = PreAuthorizedCodeGrant.NewCode();
        var record = new IssuedCredentialRecord("c1", "jp.honnin.withholding_slip.1", CredentialFormat.Mdoc, Now, OfferId: "offer-1");
        using (var store = await SqliteIssuerStore.OpenAsync(path))
        {
            await store.AddAsync(new PreAuthorizedCodeGrant(code, "offer-1", null, Now.AddMinutes(10)));
            await store.AddAsync(record);
        }

        // As an issuer database of schema version 1 was: without the offers.
        await ExecuteAsync(path, "DROP TABLE issuer_offers; UPDATE honnin_schema SET version = 1 WHERE component = 'issuer';");
        Assert.Equal(0L, await ScalarAsync(path, "SELECT count(*) FROM sqlite_master WHERE name = 'issuer_offers'"));

        using (var store = await SqliteIssuerStore.OpenAsync(path))
        {
            Assert.Equal(record, await store.GetAsync("c1"));
            Assert.Equal("offer-1", (await store.RedeemAsync(code, null, Now)).OfferId);
            await store.AddAsync(new OfferRecord("offer-2", "withholding_slip_mdoc", "{}", 1, Now, Now.AddDays(1)));
            Assert.True(await store.CompleteAsync("offer-2", OfferState.Offered, [record with { Id = "c2", OfferId = "offer-2" }], Now));
            Assert.Equal(["c1", "c2"], (await store.ListAsync()).Select(r => r.Id));
        }

        Assert.Equal(2L, await ScalarAsync(path, "SELECT version FROM honnin_schema WHERE component = 'issuer'"));
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
