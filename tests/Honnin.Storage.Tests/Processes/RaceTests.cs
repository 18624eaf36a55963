using Honnin.Crypto;
using Honnin.Holder.Credentials;
using Honnin.Issuer.State;
using Honnin.Storage.PostgreSql;
using Honnin.Storage.Sqlite;
using Honnin.Storage.Tests.Support;
using Honnin.Verifier.Protocol;
using Xunit.Abstractions;

namespace Honnin.Storage.Tests.Processes;

/// <summary>
/// Two processes on one database — an SQLite file, or PostgreSQL — race for the same things, 1,000 times each: taking
/// the same unused credential, redeeming the same pre-authorized code, allocating status indices of one list until it
/// is full, answering the same verifier transaction; and 200 times, completing the same credential offer. Both go through the items in the same order, so that they contend for the same item at the same moment.
/// Exactly one wins each race and nothing is handed out twice; what decides is the database (conditional updates in
/// transactions, row locks, primary keys), since the two processes share no lock. On SQLite, whose writers take the
/// file's lock in turn, one process often gets ahead and the other finds everything taken: still a race per item, as
/// each attempts every one.
/// </summary>
[Collection(PostgresClusterFixture.Name)]
public sealed class RaceTests(PostgresCluster cluster, ITestOutputHelper output) : IDisposable
{
    private const int Races = 1000;
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_processes_taking_the_same_credentials_take_each_exactly_once(string backend)
    {
        var target = await TargetAsync(backend);
        var store = await OpenWalletAsync(backend, target);
        using (store as IDisposable)
        {
            var key = SoftwareSigner.Generate(CoseAlgorithm.ES256).PublicKey;
            await store.AddRangeAsync([.. Enumerable.Range(0, Races).Select(i => new StoredCredential { Id = $"c{i:D4}", Format = CredentialFormat.Mdoc, DocType = "race", Data = new byte[] { 0xA0 }, DeviceKey = key })]);
        }

        var (first, second) = await RaceAsync(["take", backend, target, Races.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        var wins = Wins(first).Concat(Wins(second)).ToList();
        Assert.Equal(Races, wins.Count);
        Assert.Equal(Races, wins.Distinct().Count());
        store = await OpenWalletAsync(backend, target);
        using (store as IDisposable)
        {
            Assert.All(await store.ListAsync(), c => Assert.Equal(1, c.UseCount));
            Assert.Equal(Races, (await store.Log.ListAsync()).Count);
        }

        output.WriteLine($"{backend}: {Races} credentials, taken {Wins(first).Count()} / {Wins(second).Count()} by the two processes; {Collisions(first, second)} races decided against a process that had found the credential unused");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_processes_redeeming_the_same_codes_redeem_each_exactly_once(string backend)
    {
        var target = await TargetAsync(backend);
        var issuer = await OpenIssuerAsync(backend, target);
        for (var i = 0; i < Races; i++)
        {
            await issuer.AddAsync(new PreAuthorizedCodeGrant(RaceCodes.Code(i), $"offer-{i}", "0000", DateTimeOffset.UnixEpoch.AddDays(1)));
        }

        (issuer as IDisposable)!.Dispose();

        var (first, second) = await RaceAsync(["redeem", backend, target, Races.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        var wins = Wins(first).Concat(Wins(second)).ToList();
        Assert.Equal(Races, wins.Count);
        Assert.Equal(Races, wins.Distinct().Count());
        Assert.All(first.Concat(second).Where(l => l.StartsWith("lost ", StringComparison.Ordinal)), l => Assert.EndsWith(" AlreadyRedeemed", l));
        output.WriteLine($"{backend}: {Races} codes, redeemed {Wins(first).Count()} / {Wins(second).Count()} by the two processes, each once; the other was told AlreadyRedeemed {Races} times");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_processes_filling_one_status_list_never_share_an_index(string backend)
    {
        var target = await TargetAsync(backend);
        (await OpenIssuerAsync(backend, target) as IDisposable)!.Dispose();
        var size = 2 * Races;

        var (first, second) = await RaceAsync(["allocate", backend, target, (Races + 10).ToString(System.Globalization.CultureInfo.InvariantCulture), "https://issuer.example.jp/status/race", size.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        var indices = first.Concat(second).Where(l => l.StartsWith("index ", StringComparison.Ordinal)).Select(l => int.Parse(l[6..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(size, indices.Count);
        Assert.Equal(Enumerable.Range(0, size), indices.Order());
        Assert.Equal(20, first.Concat(second).Count(l => l == "full"));
        output.WriteLine($"{backend}: a list of {size} filled by two processes ({first.Count(l => l.StartsWith("index ", StringComparison.Ordinal))} / {second.Count(l => l.StartsWith("index ", StringComparison.Ordinal))}), every index once; the 20 allocations beyond were told the list is full");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_processes_completing_the_same_offers_complete_each_exactly_once_with_its_records_once(string backend)
    {
        const int Offers = 200;
        var target = await TargetAsync(backend);
        var issuer = await OpenIssuerAsync(backend, target);
        for (var i = 0; i < Offers; i++)
        {
            await issuer.AddAsync(new OfferRecord(RaceCodes.Offer(i), "race", "{}", 2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)));
        }

        (issuer as IDisposable)!.Dispose();

        var (first, second) = await RaceAsync(["complete", backend, target, Offers.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        var wins = first.Concat(second).Where(l => l.StartsWith("won ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        Assert.Equal(Offers, wins.Count);
        Assert.Equal(Offers, wins.Select(w => w[1]).Distinct().Count());
        Assert.Equal(Offers, Collisions(first, second));
        var winners = wins.ToDictionary(w => RaceCodes.Offer(int.Parse(w[1], System.Globalization.CultureInfo.InvariantCulture)), w => w[2]);
        issuer = await OpenIssuerAsync(backend, target);
        using (issuer as IDisposable)
        {
            var records = await issuer.ListAsync();
            Assert.Equal(2 * Offers, records.Count);
            Assert.All(records, r => Assert.StartsWith($"{r.OfferId}-{winners[r.OfferId!]}-", r.Id));
            Assert.All(await ((IOfferStore)issuer).ListAsync(), o => Assert.Equal(OfferState.Issued, o.State));
        }

        output.WriteLine($"{backend}: {Offers} offers, completed {Wins(first).Count()} / {Wins(second).Count()} by the two processes, each once with its two records");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_processes_answering_the_same_VerifierTransactions_answer_each_exactly_once(string backend)
    {
        var target = await TargetAsync(backend);
        var verifier = await OpenVerifierAsync(backend, target);
        using (verifier as IDisposable)
        {
            for (var i = 0; i < Races; i++)
            {
                await verifier.AddAsync(new VerifierTransaction(RaceCodes.Transaction(i), $"race-request-{i:D4}", "n", "s", "{}", null, "direct_post.jwt", "{\"kty\":\"EC\"}", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)));
            }
        }

        var (first, second) = await RaceAsync(["answer", backend, target, Races.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        var wins = first.Concat(second).Where(l => l.StartsWith("won ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        Assert.Equal(Races, wins.Count);
        Assert.Equal(Races, wins.Select(w => w[1]).Distinct().Count());
        Assert.Equal(Races, Collisions(first, second));
        var losses = first.Concat(second).Where(l => l.StartsWith("lost ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        verifier = await OpenVerifierAsync(backend, target);
        using (verifier as IDisposable)
        {
            foreach (var (i, pid) in wins.Select(Parse))
            {
                var answered = await verifier.GetAsync(RaceCodes.Transaction(i));
                Assert.Equal($"{{\"process\":{pid}}}", answered?.Outcome?.Result);
                Assert.Null(answered?.EncryptionKey);
                Assert.Equal(answered, await verifier.FindByResponseCodeAsync(RaceCodes.ResponseCode(i, pid)));
            }

            foreach (var (i, pid) in losses.Select(Parse))
            {
                Assert.Null(await verifier.FindByResponseCodeAsync(RaceCodes.ResponseCode(i, pid)));
            }
        }

        static (int Index, int ProcessId) Parse(string[] line) =>
            (int.Parse(line[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(line[2], System.Globalization.CultureInfo.InvariantCulture));

        output.WriteLine($"{backend}: {Races} transactions, answered {Wins(first).Count()} / {Wins(second).Count()} by the two processes, each once; the other found it answered {Races} times");
    }

    public void Dispose() => _folder.Dispose();

    private static IEnumerable<string> Wins(IReadOnlyList<string> lines) => lines.Where(l => l.StartsWith("won ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]);

    private static int Collisions(IReadOnlyList<string> first, IReadOnlyList<string> second) => first.Concat(second).Count(l => l.StartsWith("lost ", StringComparison.Ordinal));

    private async Task<string> TargetAsync(string backend) => backend == "sqlite" ? _folder.File("race.db") : await cluster.NewSchemaAsync();

    private static async Task<ICredentialStore> OpenWalletAsync(string backend, string target) =>
        backend == "sqlite" ? await SqliteWalletStore.OpenAsync(target, TestKeys.Cheap()) : await PostgreSqlWalletStore.OpenAsync(target, TestKeys.Cheap());

    private static async Task<DbIssuerStore> OpenIssuerAsync(string backend, string target) =>
        backend == "sqlite" ? await SqliteIssuerStore.OpenAsync(target) : await PostgreSqlIssuerStore.OpenAsync(target);

    private static async Task<IVerifierTransactionStore> OpenVerifierAsync(string backend, string target) =>
        backend == "sqlite" ? await SqliteVerifierStore.OpenAsync(target) : await PostgreSqlVerifierStore.OpenAsync(target);

    private static async Task<(IReadOnlyList<string> First, IReadOnlyList<string> Second)> RaceAsync(string[] arguments)
    {
        using var first = Worker.Start(arguments);
        using var second = Worker.Start(arguments);
        first.WaitFor("ready", TimeSpan.FromSeconds(60));
        second.WaitFor("ready", TimeSpan.FromSeconds(60));
        first.Send("go");
        second.Send("go");
        Assert.Equal(0, await first.ExitAsync(TimeSpan.FromMinutes(5)));
        Assert.Equal(0, await second.ExitAsync(TimeSpan.FromMinutes(5)));
        return (first.Lines, second.Lines);
    }
}

/// <summary>The codes the worker redeems, the offers it completes and the transactions it answers (the same text as the worker's).</summary>
internal static class RaceCodes
{
    public static string Code(int i) => $"race-code-{i:D4}-8f41c2";

    public static string Offer(int i) => $"race-offer-{i:D4}";

    public static string Transaction(int i) => $"race-transaction-{i:D4}";

    public static string ResponseCode(int i, int processId) => $"race-response-{i:D4}-{processId}";
}
