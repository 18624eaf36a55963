using Honnin;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Holder.Storage;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.State;
using Honnin.Mdoc;
using Honnin.Storage.PostgreSql;
using Honnin.Storage.Sqlite;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Protocol;

// The storage tests' worker. Every line it prints on standard output reports something already committed, so that a
// test which kills it knows the least the store must hold. The wallet's passphrase comes from HONNIN_WALLET_PASSPHRASE,
// at the lowest Argon2id cost (the tests open many wallets).
//
//   import  BACKEND TARGET BATCH_SIZE      stores batches of freshly issued mdocs until killed: "imported <batch> <n>"
//   present BACKEND TARGET                 presents from the wallet until killed: "presented <credential>"
//   take     BACKEND TARGET COUNT          waits for "go" on stdin, then tries to take c0000…: "won <id>" / "lost <id>"
//   redeem   BACKEND TARGET COUNT          waits for "go", then redeems the codes RaceCode(0…): "won <i>" / "lost <i>"
//   allocate BACKEND TARGET COUNT LIST SIZE  waits for "go", then allocates COUNT indices: "index <n>" / "full"
//   complete BACKEND TARGET COUNT          waits for "go", then completes the offers RaceOffer(0…), two records each named
//                                          after the process: "won <i> <pid>" / "lost <i>"
//   answer   BACKEND TARGET COUNT          waits for "go", then answers the verifier transactions RaceTransaction(0…) with a
//                                          result and response code naming the process: "won <i> <pid>" / "lost <i> <pid>"
//
// BACKEND is sqlite (TARGET a file) or postgres (TARGET a connection string).
var keys = new PassphraseWalletKeyProvider(Environment.GetEnvironmentVariable("HONNIN_WALLET_PASSPHRASE") ?? "worker", memoryKiB: 8, passes: 1);
var (command, backend, target) = (args[0], args[1], args[2]);
if (command is "redeem" or "allocate" or "complete")
{
    await RaceIssuerAsync(command, backend, target, args);
    return 0;
}

if (command == "answer")
{
    await RaceVerifierAsync(backend, target, int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

using var store = backend == "sqlite"
    ? (IDisposableStore)new SqliteStore(await SqliteWalletStore.OpenAsync(target, keys))
    : new PostgresStore(await PostgreSqlWalletStore.OpenAsync(target, keys));
Console.Out.Flush();

switch (command)
{
    case "import":
        await ImportAsync(store, int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
        break;
    case "present":
        await PresentAsync(store);
        break;
    case "take":
        await TakeAsync(store.Store, int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
        break;
    default:
        Console.Error.WriteLine("unknown command " + command);
        return 2;
}

return 0;

static async Task ImportAsync(IDisposableStore store, int batchSize)
{
    using var pki = new TestIssuer();
    var devices = Enumerable.Range(0, batchSize).Select(_ => SoftwareSigner.Generate(CoseAlgorithm.ES256).PublicKey).ToList();
    var holder = new MdocHolder(store.Store, store.DeviceKeys);
    Console.WriteLine("ready");
    while (true)
    {
        var batch = await pki.Issuer.IssueBatchAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), devices[0]), devices);
        var stored = await holder.StoreBatchAsync([.. batch.Select(c => (ReadOnlyMemory<byte>)c.Encode())]);
        Console.WriteLine($"imported {stored[0].BatchId} {stored.Count}");
    }
}

static async Task PresentAsync(IDisposableStore store)
{
    var holder = new MdocHolder(store.Store, store.DeviceKeys, new HolderOptions { DocumentTypes = DocumentTypeRegistry.CreateDefault() });
    const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    Console.WriteLine("ready");
    for (var n = 0; ; n++)
    {
        var plan = await holder.PlanSelectionAsync(Slip, [(Slip, "payment_amount"), (HonninDocumentTypes.Iso23220NameSpace, "family_name")]);
        await holder.RespondAsync(plan, SessionTranscript.ForOpenId4VpDcApi("https://employer.example.jp", "n-" + n, null));
        var last = (await store.Store.Log.ListAsync())[^1];
        Console.WriteLine($"presented {last.CredentialId}");
    }
}

static async Task TakeAsync(ICredentialStore store, int count)
{
    Console.WriteLine("ready");
    if (Console.ReadLine() != "go")
    {
        return;
    }

    var record = (string id) => new PresentationRecord(DateTimeOffset.UnixEpoch, RequesterIdentity.Anonymous, "race", id, ["race/element"]);
    for (var i = 0; i < count; i++)
    {
        var id = $"c{i:D4}";
        var found = await store.FindUnusedAsync(id, DateTimeOffset.UnixEpoch);
        var won = found is not null && await store.CommitPresentationAsync(found.Id, found.UseCount, record(found.Id)) is not null;
        Console.WriteLine((won ? "won " : found is null ? "gone " : "lost ") + id);
    }
}

static async Task RaceIssuerAsync(string command, string backend, string target, string[] args)
{
    var count = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
    using var issuer = backend == "sqlite" ? (IIssuerRace)new SqliteIssuer(await SqliteIssuerStore.OpenAsync(target)) : new PostgresIssuer(await PostgreSqlIssuerStore.OpenAsync(target));
    Console.WriteLine("ready");
    if (Console.ReadLine() != "go")
    {
        return;
    }

    for (var i = 0; i < count; i++)
    {
        if (command == "redeem")
        {
            var result = await issuer.Codes.RedeemAsync(RaceCodes.Code(i), "0000", DateTimeOffset.UnixEpoch);
            Console.WriteLine((result.Outcome == CodeRedemptionOutcome.Redeemed ? "won " : "lost ") + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + result.Outcome);
        }
        else if (command == "complete")
        {
            var offerId = RaceCodes.Offer(i);
            IssuedCredentialRecord[] records = [.. Enumerable.Range(0, 2).Select(n => new IssuedCredentialRecord($"{offerId}-{Environment.ProcessId}-{n}", "race", CredentialFormat.Mdoc, DateTimeOffset.UnixEpoch, OfferId: offerId))];
            var won = await issuer.Offers.CompleteAsync(offerId, OfferState.Offered, records, DateTimeOffset.UnixEpoch);
            Console.WriteLine(won ? $"won {i} {Environment.ProcessId}" : $"lost {i}");
        }
        else
        {
            try
            {
                var index = await issuer.Lists.AllocateAsync(args[4], int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture), $"{Environment.ProcessId}-{i}");
                Console.WriteLine("index " + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (StatusListFullException)
            {
                Console.WriteLine("full");
            }
        }
    }
}

static async Task RaceVerifierAsync(string backend, string target, int count)
{
    var store = backend == "sqlite" ? (IVerifierTransactionStore)await SqliteVerifierStore.OpenAsync(target) : await PostgreSqlVerifierStore.OpenAsync(target);
    using (store as IDisposable)
    {
        Console.WriteLine("ready");
        if (Console.ReadLine() != "go")
        {
            return;
        }

        for (var i = 0; i < count; i++)
        {
            var outcome = new VerifierTransactionOutcome(DateTimeOffset.UnixEpoch, true, $"{{\"process\":{Environment.ProcessId}}}", RaceCodes.ResponseCode(i, Environment.ProcessId));
            var won = await store.TryCompleteAsync(RaceCodes.Transaction(i), outcome);
            Console.WriteLine($"{(won ? "won" : "lost")} {i} {Environment.ProcessId}");
        }
    }
}

/// <summary>One of the two persistent wallets, as the worker uses it.</summary>
internal interface IDisposableStore : IDisposable
{
    ICredentialStore Store { get; }

    Honnin.Holder.Keys.IDeviceKeyStore DeviceKeys { get; }
}

internal sealed class SqliteStore(SqliteWalletStore store) : IDisposableStore
{
    public ICredentialStore Store => store;

    public Honnin.Holder.Keys.IDeviceKeyStore DeviceKeys => store.DeviceKeys;

    public void Dispose() => store.Dispose();
}

internal sealed class PostgresStore(PostgreSqlWalletStore store) : IDisposableStore
{
    public ICredentialStore Store => store;

    public Honnin.Holder.Keys.IDeviceKeyStore DeviceKeys => store.DeviceKeys;

    public void Dispose() => store.Dispose();
}

/// <summary>One of the two issuer stores, as the worker races on it.</summary>
internal interface IIssuerRace : IDisposable
{
    IPreAuthorizedCodeStore Codes { get; }

    IStatusListStore Lists { get; }

    IOfferStore Offers { get; }
}

internal sealed class SqliteIssuer(SqliteIssuerStore store) : IIssuerRace
{
    public IPreAuthorizedCodeStore Codes => store;

    public IStatusListStore Lists => store;

    public IOfferStore Offers => store;

    public void Dispose() => store.Dispose();
}

internal sealed class PostgresIssuer(PostgreSqlIssuerStore store) : IIssuerRace
{
    public IPreAuthorizedCodeStore Codes => store;

    public IStatusListStore Lists => store;

    public IOfferStore Offers => store;

    public void Dispose() => store.Dispose();
}

/// <summary>The codes, offers and verifier transactions both racers and the test agree on.</summary>
internal static class RaceCodes
{
    public static string Code(int i) => $"race-code-{i:D4}-8f41c2";

    public static string Offer(int i) => $"race-offer-{i:D4}";

    public static string Transaction(int i) => $"race-transaction-{i:D4}";

    public static string ResponseCode(int i, int processId) => $"race-response-{i:D4}-{processId}";
}
