using System.Security.Cryptography;
using System.Text;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.SdJwt;
using Honnin.Holder.Storage;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Mdoc;
using Honnin.SdJwt;
using Honnin.Storage.Sqlite;
using Honnin.Storage.Tests.Support;
using Honnin.Tests.Issuance;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Storage.Tests.Sqlite;

/// <summary>What the wallet file holds when someone reads it without the passphrase: nothing of the person.</summary>
public sealed class SqliteWalletEncryptionTests : IDisposable
{
    private const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    private static readonly Dictionary<string, string> Pseudonyms = new() { ["employment"] = "v1.k1.ZW1wbG95bWVudC1wc2V1ZG9ueW0tb2YtdGhlLXBlcnNvbg" };

    private readonly TempFolder _folder = new();
    private readonly TestIssuer _pki = new();
    private readonly FakeTimeProvider _clock = new(TestIssuer.Now.AddDays(1));

    [Fact]
    public async Task The_raw_file_holds_no_claim_value_no_pseudonym_no_salt_and_no_private_key()
    {
        var path = _folder.File("wallet.db");
        var secrets = new List<string>();
        var rawSecrets = new List<byte[]>();
        using (var store = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap()))
        {
            var options = new HolderOptions { DocumentTypes = DocumentTypeRegistry.CreateDefault() };
            var mdoc = new MdocHolder(store, store.DeviceKeys, options, _clock);
            var sdJwt = new SdJwtVcHolder(store, store.DeviceKeys, options, _clock);

            using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var privateJwk = Honnin.Jose.PrivateJsonWebKey.Write(ecdsa);
            await store.DeviceKeys.AddAsync(privateJwk);
            secrets.Add(System.Text.Json.Nodes.JsonNode.Parse(privateJwk)!["d"]!.GetValue<string>());
            rawSecrets.Add(ecdsa.ExportParameters(true).D!);
            using var signer = Honnin.Jose.PrivateJsonWebKey.ReadSigner(privateJwk);
            var deviceKey = signer.PublicKey;
            var issued = await _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), deviceKey) { Pseudonyms = TestIssuer.Typed(Pseudonyms) });
            await mdoc.StoreAsync(issued.Encode());
            foreach (var (_, items) in issued.IssuerSigned.NameSpaces)
            {
                rawSecrets.AddRange(items.Select(i => i.Random.ToArray()));
            }

            var sdIssuer = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = "https://payroll.example.jp", CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));
            var sd = await sdIssuer.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), deviceKey) { Pseudonyms = TestIssuer.Typed(Pseudonyms) });
            await sdJwt.StoreAsync(sd.Serialize());
            secrets.AddRange(sd.SdJwt.Disclosures.Select(d => d.Salt));
            secrets.AddRange(sd.SdJwt.Disclosures.Select(d => d.Encoded));

            var plan = await mdoc.PlanSelectionAsync(Slip, [(Slip, "payment_amount"), (HonninDocumentTypes.Iso23220NameSpace, "family_name")]);
            await mdoc.RespondAsync(plan, SessionTranscript.ForOpenId4VpDcApi("https://employer.example.jp", "n-1", null));
            Assert.Single(await store.Log.ListAsync());
        }

        SqliteConnection.ClearAllPools();
        var raw = await ReadAllAsync(path);
        string[] values = ["山田", "太郎", "給料・賞与", "前職分を含む", "株式会社本人", "payment_amount", "family_name", Pseudonyms["employment"]];
        foreach (var value in values.Concat(secrets))
        {
            Assert.False(Contains(raw, Encoding.UTF8.GetBytes(value)), $"the file holds '{(value.Length > 12 ? value[..12] + "…" : value)}'");
        }

        Assert.All(rawSecrets, secret => Assert.False(Contains(raw, secret), "the file holds a salt or a private key"));
        Assert.False(Contains(raw, Encoding.UTF8.GetBytes(Slip)), "the file names the document type");
        Assert.False(Contains(raw, Encoding.UTF8.GetBytes("5000000")) || Contains(raw, [0x1A, 0x00, 0x4C, 0x4B, 0x40]), "the file holds the payment amount");
    }

    [Fact]
    public async Task A_wrong_passphrase_is_a_clear_error_and_changes_nothing()
    {
        var path = _folder.File("wallet.db");
        using (var store = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap()))
        {
            await StoreOneAsync(store);
        }

        SqliteConnection.ClearAllPools();
        var before = SHA256.HashData(await ReadAllAsync(path));

        var e = await Assert.ThrowsAsync<WalletStoreException>(() => SqliteWalletStore.OpenAsync(path, TestKeys.Cheap("wrong passphrase")));
        SqliteConnection.ClearAllPools();

        Assert.Equal(WalletStoreException.WrongKey, e.Code);
        Assert.Equal("The passphrase does not open this wallet.", e.Message);
        Assert.Equal(before, SHA256.HashData(await ReadAllAsync(path)));
        using var reopened = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap());
        Assert.Single(await reopened.ListAsync());
    }

    [Fact]
    public async Task A_wrong_passphrase_leaves_a_wallet_of_an_older_schema_unmigrated_and_the_right_one_migrates_it()
    {
        var path = _folder.File("wallet.db");
        using (var store = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap()))
        {
            await StoreOneAsync(store);
        }

        // As a wallet of schema version 1 was: without the consents and device keys tables.
        await ExecuteAsync(path, "DROP TABLE wallet_stopped_verifiers; DROP TABLE wallet_device_keys; UPDATE honnin_schema SET version = 1 WHERE component = 'wallet'; VACUUM;");
        var before = SHA256.HashData(await ReadAllAsync(path));

        await Assert.ThrowsAsync<WalletStoreException>(() => SqliteWalletStore.OpenAsync(path, TestKeys.Cheap("wrong passphrase")));
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(await ReadAllAsync(path)));

        using (var store = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap()))
        {
            Assert.Single(await store.ListAsync());
            Assert.Empty(await store.Consents.ListStoppedAsync());
        }

        Assert.Equal(3L, await ScalarAsync(path, "SELECT version FROM honnin_schema WHERE component = 'wallet'"));
    }

    [Fact]
    public async Task The_stored_argon2id_cost_is_used_when_the_wallet_opens_and_an_absurd_one_is_refused()
    {
        var path = _folder.File("wallet.db");
        using (var store = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap()))
        {
            await StoreOneAsync(store);
        }

        // A provider with another default cost still opens the wallet: the cost comes from the file.
        using (var reopened = await SqliteWalletStore.OpenAsync(path, new PassphraseWalletKeyProvider(TestKeys.Passphrase, memoryKiB: 16, passes: 2)))
        {
            Assert.Single(await reopened.ListAsync());
        }

        await ExecuteAsync(path, "UPDATE wallet_key SET parameters = replace(parameters, 'm=8,', 'm=999999999,')");
        var e = await Assert.ThrowsAsync<WalletStoreException>(() => SqliteWalletStore.OpenAsync(path, TestKeys.Cheap()));
        Assert.Equal(WalletStoreException.Corrupt, e.Code);
    }

    [Fact]
    public async Task A_row_whose_clear_columns_were_changed_or_whose_content_was_moved_does_not_open()
    {
        string[] alterations =
        [
            "UPDATE wallet_credentials SET valid_until = 4102444800000",
            "UPDATE wallet_credentials SET content = (SELECT content FROM wallet_credentials ORDER BY id DESC LIMIT 1) WHERE id = (SELECT min(id) FROM wallet_credentials)",
        ];
        foreach (var (alteration, n) in alterations.Select((a, n) => (a, n)))
        {
            var path = _folder.File($"wallet-{n}.db");
            using (var store = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap()))
            {
                await StoreOneAsync(store);
                await StoreOneAsync(store);
                Assert.Equal(2, (await store.ListAsync()).Count);
            }

            await ExecuteAsync(path, alteration);
            using (var store = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap()))
            {
                Assert.Equal(WalletStoreException.Corrupt, (await Assert.ThrowsAsync<WalletStoreException>(() => store.ListAsync())).Code);
                Assert.NotEmpty(await store.CheckIntegrityAsync());
            }
        }
    }

    [Fact]
    public async Task A_wallet_of_a_newer_schema_is_refused_and_left_alone()
    {
        var path = _folder.File("wallet.db");
        using (var store = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap()))
        {
            await StoreOneAsync(store);
        }

        await ExecuteAsync(path, "UPDATE honnin_schema SET version = 99 WHERE component = 'wallet'");

        var e = await Assert.ThrowsAsync<WalletStoreException>(() => SqliteWalletStore.OpenAsync(path, TestKeys.Cheap()));
        Assert.Equal(WalletStoreException.UnsupportedSchema, e.Code);
        Assert.Contains("version 99", e.Message);
    }

    [Fact]
    public async Task Opening_twice_migrates_once_and_keeps_one_key()
    {
        var path = _folder.File("wallet.db");
        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SqliteWalletStore.OpenAsync(path, TestKeys.Cheap()))));
        await StoreOneAsync(opened[0]);

        foreach (var store in opened)
        {
            Assert.Single(await store.ListAsync());
            store.Dispose();
        }

        Assert.Equal(1L, await ScalarAsync(path, "SELECT count(*) FROM wallet_key"));
        Assert.Equal(3L, await ScalarAsync(path, "SELECT version FROM honnin_schema WHERE component = 'wallet'"));
    }

    public void Dispose()
    {
        _pki.Dispose();
        _folder.Dispose();
    }

    private async Task StoreOneAsync(SqliteWalletStore store)
    {
        var deviceKey = TestIssuer.NewDeviceKey(out var signer);
        signer.Dispose();
        var issued = await _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), deviceKey));
        await new MdocHolder(store, new InMemoryDeviceKeyResolver(), timeProvider: _clock).StoreAsync(issued.Encode());
    }

    private static async Task<byte[]> ReadAllAsync(string path)
    {
        var bytes = new List<byte>(await File.ReadAllBytesAsync(path));
        foreach (var extra in new[] { path + "-wal", path + "-journal" })
        {
            if (File.Exists(extra))
            {
                bytes.AddRange(await File.ReadAllBytesAsync(extra));
            }
        }

        return [.. bytes];
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

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
