using Honnin.DocumentTypes;
using Honnin.Holder.Mdoc;
using Honnin.Issuer.Mdoc;
using Honnin.Jose;
using Honnin.Storage.Sqlite;
using Honnin.Storage.Tests.Support;
using Honnin.Tests.Issuance;
using Xunit.Abstractions;

namespace Honnin.Storage.Tests.Processes;

/// <summary>
/// A wallet survives a kill -9 at any point: a worker process imports batches or presents, and is killed with SIGKILL
/// at a random moment — now and then before its wallet is even open, while the schema is being created. Afterwards the
/// wallet opens, passes SQLite's integrity check and the wallet's own (every record opens, no use without its log
/// record), and holds exactly the state before or after the interrupted operation: whole batches only, and as many
/// log records as uses. <c>HONNIN_CRASH_RUNS</c> sets the runs per scenario (default 50).
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int BatchSize = 4;
    private readonly TempFolder _folder = new();
    private readonly Random _random = new(20261204);

    private static int Runs => int.TryParse(Environment.GetEnvironmentVariable("HONNIN_CRASH_RUNS"), out var runs) && runs > 0 ? runs : 50;

    [Fact]
    public async Task A_batch_import_killed_at_a_random_point_leaves_whole_batches_only()
    {
        int batches = 0, killedBeforeReady = 0, killedAfterCommitBeforeReport = 0;
        for (var run = 0; run < Runs; run++)
        {
            var path = _folder.File($"import-{run}.db");
            var reported = KillAtRandom(run, "import", path, BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), ref killedBeforeReady)
                .Count(l => l.StartsWith("imported ", StringComparison.Ordinal));

            using var store = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap());
            Assert.Empty(await store.CheckIntegrityAsync());
            var stored = (await store.ListAsync()).GroupBy(c => c.BatchId).ToList();
            Assert.All(stored, batch => Assert.Equal(BatchSize, batch.Count()));
            Assert.InRange(stored.Count, reported, reported + 1);
            killedAfterCommitBeforeReport += stored.Count - reported;
            batches += stored.Count;
        }

        output.WriteLine($"{Runs} kills; {batches} whole batches found; {killedBeforeReady} kills before the wallet was open; {killedAfterCommitBeforeReport} after a commit but before it was reported");
        Assert.True(batches > 0, "no run got as far as one import: the kills all came too early to test anything");
    }

    [Fact]
    public async Task Presentations_killed_at_a_random_point_never_leave_a_use_without_its_log_record()
    {
        var path = _folder.File("present.db");
        await SeedAsync(path);
        int presentations = 0, killedBeforeReady = 0;
        for (var run = 0; run < Runs; run++)
        {
            int logBefore;
            using (var before = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap()))
            {
                logBefore = (await before.Log.ListAsync()).Count;
            }

            var reported = KillAtRandom(run, "present", path, null, ref killedBeforeReady).Count(l => l.StartsWith("presented ", StringComparison.Ordinal));

            using var store = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap());
            Assert.Empty(await store.CheckIntegrityAsync());
            var log = await store.Log.ListAsync();
            Assert.Equal((await store.ListAsync()).Sum(c => c.UseCount), log.Count);
            Assert.InRange(log.Count - logBefore, reported, reported + 1);
            Assert.All(log, r => Assert.Equal([HonninDocumentTypes.WithholdingSlipDocType + "/payment_amount", "org.iso.23220.1/family_name"], r.Elements.Order(StringComparer.Ordinal)));
            presentations += log.Count - logBefore;
        }

        output.WriteLine($"{Runs} kills; {presentations} presentations committed in all; {killedBeforeReady} kills before the wallet was open");
        Assert.True(presentations > 0, "no run got as far as one presentation");
    }

    public void Dispose() => _folder.Dispose();

    // Every fifth run kills at a random moment after the start, whatever the worker is doing (often opening or creating
    // the wallet); the others wait until the wallet is open, then kill within a quarter of a second.
    private IReadOnlyList<string> KillAtRandom(int run, string command, string path, string? argument, ref int killedBeforeReady)
    {
        using var worker = Worker.Start([command, "sqlite", path, .. argument is null ? Array.Empty<string>() : [argument]]);
        if (run % 5 == 0)
        {
            Thread.Sleep(_random.Next(0, 250));
        }
        else
        {
            worker.WaitFor("ready", TimeSpan.FromSeconds(60));
            Thread.Sleep(_random.Next(0, 250));
        }

        worker.Kill();
        var lines = worker.Lines;
        if (!lines.Contains("ready"))
        {
            killedBeforeReady++;
        }

        return lines;
    }

    private static async Task SeedAsync(string path)
    {
        using var pki = new TestIssuer();
        using var store = await SqliteWalletStore.OpenAsync(path, TestKeys.Cheap());
        var devices = new List<Crypto.CoseKey>();
        for (var i = 0; i < 3; i++)
        {
            using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var jwk = PrivateJsonWebKey.Write(ecdsa);
            using var device = PrivateJsonWebKey.ReadSigner(jwk);
            await store.DeviceKeys.AddAsync(jwk);
            devices.Add(device.PublicKey);
        }

        var batch = await pki.Issuer.IssueBatchAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), devices[0]), devices);
        await new MdocHolder(store, store.DeviceKeys).StoreBatchAsync([.. batch.Select(c => (ReadOnlyMemory<byte>)c.Encode())]);
    }
}
