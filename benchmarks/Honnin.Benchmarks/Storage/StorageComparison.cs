using System.Security.Cryptography;
using Honnin.Benchmarks.Compare;
using Honnin.Benchmarks.Fixtures;
using Honnin.Benchmarks.Mdoc;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Storage;
using Honnin.Issuer.State;
using Honnin.Jose;
using Honnin.Mdoc;
using Honnin.Storage.Sqlite;
using NSec.Cryptography;

namespace Honnin.Benchmarks.Storage;

/// <summary>
/// What persistent state costs, next to the same operation in memory in one run: issuance with the SQLite issuer store
/// (a status index and an issued-credential record per credential, each a durable commit), a presentation from the
/// encrypted SQLite wallet (decrypt, take, log in one transaction) and opening that wallet (Argon2id). No peer keeps
/// state, so this suite has no peer columns; its "floor" is the in-memory run of the same operation.
/// </summary>
internal sealed class StorageComparison : IComparisonSuite
{
    private const string StatusList = "https://issuer.example.jp/status/benchmark";
    private const int StatusListSize = 1 << 20;
    private const string Passphrase = "benchmark passphrase";

    private readonly MdocFixture _fixture;
    private readonly string _folder;
    private readonly SqliteIssuerStore _sqliteIssuer;
    private readonly InMemoryIssuerState _memoryIssuer = new();
    private readonly SqliteWalletStore _wallet;
    private readonly MdocHolder _sqliteHolder;
    private readonly MdocHolder _memoryHolder;
    private readonly string _walletPath;
    private long _issued;

    private StorageComparison(MdocFixture fixture, string folder, SqliteIssuerStore sqliteIssuer, SqliteWalletStore wallet, MdocHolder sqliteHolder, MdocHolder memoryHolder)
    {
        _fixture = fixture;
        _folder = folder;
        _sqliteIssuer = sqliteIssuer;
        _wallet = wallet;
        _walletPath = wallet.Path;
        _sqliteHolder = sqliteHolder;
        _memoryHolder = memoryHolder;
        Cases =
        [
            new("issue-sqlite", "mdoc issue + status index + record, SQLite issuer store", () => IssueAsync(_sqliteIssuer, _sqliteIssuer), [("the same, issuer state in memory", () => IssueAsync(_memoryIssuer, _memoryIssuer)), ("mdoc issue alone", async () => await _fixture.Issuer.IssueAsync(_fixture.Request))]),
            new("issue-batch-sqlite", "mdoc batch issue (50) + 50 status indices + 50 records, SQLite issuer store", () => IssueBatchAsync(_sqliteIssuer, _sqliteIssuer), [("the same, issuer state in memory", () => IssueBatchAsync(_memoryIssuer, _memoryIssuer)), ("mdoc batch issue (50) alone", async () => await _fixture.Issuer.IssueBatchAsync(_fixture.Request, _fixture.BatchKeys))]),
            new("present-sqlite", "mdoc present 5 of 20 from the encrypted SQLite wallet (decrypt, take, log)", () => PresentAsync(_sqliteHolder), [("the same from the wallet in memory", () => PresentAsync(_memoryHolder))]),
            new("open-wallet", "open the SQLite wallet (Argon2id 64 MiB × 3, unwrap)", OpenWalletAsync, [("Argon2id 64 MiB × 3 alone", Argon2id)]),
        ];
    }

    public string Name => "storage";

    public IReadOnlyList<string> Peers => [];

    public string PeerScript => "";

    public IReadOnlyList<ComparisonCase> Cases { get; }

    public static async Task<StorageComparison> CreateAsync()
    {
        var fixture = await MdocFixture.CreateAsync();
        var folder = Path.Combine(Path.GetTempPath(), "honnin-bench-storage-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var issuer = await SqliteIssuerStore.OpenAsync(Path.Combine(folder, "issuer.db"));
        var wallet = await SqliteWalletStore.OpenAsync(Path.Combine(folder, "wallet.db"), new PassphraseWalletKeyProvider(Passphrase));
        var options = new HolderOptions { DocumentTypes = BenchmarkDocumentType.CreateRegistry() };
        await wallet.DeviceKeys.AddAsync(PrivateJsonWebKey.Write(fixture.DeviceKey.ExportECDsa()));
        var sqliteHolder = new MdocHolder(wallet, wallet.DeviceKeys, options, TimeProvider.System);
        await sqliteHolder.StoreAsync(fixture.Credential);
        var memoryKeys = new Holder.Keys.InMemoryDeviceKeyResolver();
        memoryKeys.Add(fixture.DeviceKey);
        var memoryHolder = new MdocHolder(new InMemoryCredentialStore(), memoryKeys, options, TimeProvider.System);
        await memoryHolder.StoreAsync(fixture.Credential);
        return new StorageComparison(fixture, folder, issuer, wallet, sqliteHolder, memoryHolder);
    }

    public object PeerFixture() => new Dictionary<string, object>();

    public void Dispose()
    {
        _wallet.Dispose();
        _sqliteIssuer.Dispose();
        _fixture.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async ValueTask IssueAsync(IStatusListStore lists, IIssuedCredentialStore records)
    {
        var id = "c" + Interlocked.Increment(ref _issued).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var index = await lists.AllocateAsync(StatusList, StatusListSize, id);
        var issued = await _fixture.Issuer.IssueAsync(_fixture.Request);
        await records.AddAsync(new IssuedCredentialRecord(id, issued.DocType, CredentialFormat.Mdoc, TimeProvider.System.GetUtcNow(), null, "offer-1", StatusList, index));
    }

    // One transaction for the batch's indices and one for its records: two durable commits for fifty credentials.
    private async ValueTask IssueBatchAsync(IStatusListStore lists, IIssuedCredentialStore records)
    {
        var first = Interlocked.Add(ref _issued, MdocFixture.BatchSize) - MdocFixture.BatchSize;
        var ids = Enumerable.Range(1, MdocFixture.BatchSize).Select(i => "c" + (first + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var indices = await lists.AllocateAsync(StatusList, StatusListSize, ids);
        var batch = await _fixture.Issuer.IssueBatchAsync(_fixture.Request, _fixture.BatchKeys);
        var now = TimeProvider.System.GetUtcNow();
        await records.AddRangeAsync([.. batch.Select((c, i) => new IssuedCredentialRecord(ids[i], c.DocType, CredentialFormat.Mdoc, now, null, "offer-1", StatusList, indices[i]))]);
    }

    private async ValueTask PresentAsync(MdocHolder holder)
    {
        var plan = await holder.PlanSelectionAsync(BenchmarkDocumentType.DocType, BenchmarkDocumentType.Disclosed);
        await holder.RespondAsync(plan, _fixture.Transcript);
    }

    private async ValueTask OpenWalletAsync()
    {
        using var wallet = await SqliteWalletStore.OpenAsync(_walletPath, new PassphraseWalletKeyProvider(Passphrase));
    }

    private static ValueTask Argon2id()
    {
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = PassphraseWalletKeyProvider.DefaultMemoryKiB, NumberOfPasses = PassphraseWalletKeyProvider.DefaultPasses });
        algorithm.DeriveBytes("benchmark passphrase"u8, RandomNumberGenerator.GetBytes(16), 32);
        return ValueTask.CompletedTask;
    }
}
