using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.AspNetCore;
using Honnin.Benchmarks.Compare;
using Honnin.Benchmarks.Fixtures;
using Honnin.Crypto;
using Honnin.DependencyInjection;
using Honnin.DocumentTypes;
using Honnin.Holder;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.SdJwt;
using Honnin.Registration;
using Honnin.SdJwt;
using Honnin.Storage.Sqlite;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.Protocol;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Honnin.Benchmarks.Presentation;

/// <summary>
/// The OpenID4VP verifier service through HTTP on loopback: one operation is a whole presentation of a withholding
/// slip's two elements — the requesting system's transaction through the admin API, the wallet's POST for the signed
/// request object (checked: signature, chain to the registrar, client id, freshness), the DCQL plan, the SD-JWT+KB
/// presentation encrypted to the transaction's key (<c>direct_post.jwt</c>), the service's decryption, verification
/// and DCQL check, and the result read back — with the transactions in SQLite, beside the same service with them in
/// memory and the library's present + verify alone (no HTTP, JAR, JWE or DCQL), in the same run.
/// </summary>
internal sealed class PresentationServiceComparison : IComparisonSuite
{
    private const string AdminToken = "benchmark-verifier-token-0123456789abcdef0123";

    private readonly LoopbackVerifier _sqlite;
    private readonly LoopbackVerifier _memory;
    private readonly Wallet _wallet;
    private readonly string _folder;

    private PresentationServiceComparison(LoopbackVerifier sqlite, LoopbackVerifier memory, Wallet wallet, string folder)
    {
        _sqlite = sqlite;
        _memory = memory;
        _wallet = wallet;
        _folder = folder;
        Cases =
        [
            new("http-direct-post-jwt-sqlite", "OpenID4VP round trip over HTTP (transaction, request object, direct_post.jwt, verified result), SD-JWT VC, SQLite transactions", () => wallet.PresentAsync(sqlite), [("the same, transactions in memory", () => wallet.PresentAsync(memory)), ("SdJwtVcHolder present + SdJwtVcVerifier.VerifyAsync alone", wallet.LibraryAsync)]),
        ];
    }

    public string Name => "presentation";

    public IReadOnlyList<string> Peers => [];

    public string PeerScript => "";

    public IReadOnlyList<ComparisonCase> Cases { get; }

    public static async Task<PresentationServiceComparison> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "honnin-bench-presentation-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var pki = new Pki();
        var wallet = await Wallet.CreateAsync(pki);
        var sqlite = await LoopbackVerifier.StartAsync(pki, await SqliteVerifierStore.OpenAsync(Path.Combine(folder, "verifier.db")));
        var memory = await LoopbackVerifier.StartAsync(pki, new InMemoryVerifierTransactionStore());
        return new PresentationServiceComparison(sqlite, memory, wallet, folder);
    }

    public object PeerFixture() => new Dictionary<string, object>();

    public void Dispose()
    {
        _sqlite.Dispose();
        _memory.Dispose();
        _wallet.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The issuer's IACA and Document Signer, and the registrar with the agency's reader certificate.</summary>
    private sealed class Pki
    {
        public const string IssuerId = "https://payroll.bench.example.jp";

        public Pki()
        {
            var now = DateTimeOffset.UtcNow;
            using var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            Iaca = MdocCertificateFactory.CreateIaca("JP", "Benchmark IACA", iacaKey, now.AddDays(-2), now.AddYears(2));
            var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            DocumentSigner = MdocCertificateFactory.CreateDocumentSigner(Iaca, iacaKey, "JP", "Benchmark Issuer", dsKey, now.AddDays(-1), now.AddYears(1), issuerUris: [IssuerId]);
            IssuerSigner = SoftwareSigner.FromECDsa(dsKey);
            using var registrarKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            Registrar = MdocCertificateFactory.CreateIaca("JP", "Benchmark Registrar", registrarKey, now.AddDays(-2), now.AddYears(2));
            var readerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var registration = new VerifierRegistration(["tax"], "year-end adjustment", [HonninDocumentTypes.WithholdingSlipDocType + "/payment_amount", HonninDocumentTypes.Iso23220NameSpace + "/family_name"]);
            Reader = MdocCertificateFactory.CreateReaderAuthentication(Registrar, registrarKey, "Benchmark Agency", readerKey, now.AddDays(-1), now.AddYears(1), registration);
            ReaderSigner = SoftwareSigner.FromECDsa(readerKey);
        }

        public X509Certificate2 Iaca { get; }

        public X509Certificate2 DocumentSigner { get; }

        public SoftwareSigner IssuerSigner { get; }

        public X509Certificate2 Registrar { get; }

        public X509Certificate2 Reader { get; }

        public SoftwareSigner ReaderSigner { get; }
    }

    /// <summary>The verifier service on a free loopback port, and the requesting system's side.</summary>
    private sealed class LoopbackVerifier : IDisposable
    {
        private readonly WebApplication _app;
        private readonly HttpClient _admin;

        private LoopbackVerifier(WebApplication app, string url)
        {
            _app = app;
            _admin = new HttpClient { BaseAddress = new Uri(url + "/") };
            _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        }

        public static async Task<LoopbackVerifier> StartAsync(Pki pki, IVerifierTransactionStore store)
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var url = $"http://127.0.0.1:{port}";
            var anchors = TrustAnchorSet.Create([pki.Iaca]);
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(url);
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(store);
            builder.Services.AddHonnin()
                .AddMdocVerifier(new MdocVerifierOptions { TrustAnchors = anchors })
                .AddSdJwtVcVerifier(new SdJwtVcVerifierOptions { TrustAnchors = anchors })
                .AddVerifier(new VerifierServiceOptions
                {
                    Verifier = new OpenId4VpVerifierOptions { BaseUri = new Uri(url), Signer = pki.ReaderSigner, CertificateChain = [pki.Reader.RawData] },
                    AdminToken = AdminToken,
                });
            var app = builder.Build();
            app.MapHonninVerifier();
            app.MapHonninVerifierAdmin();
            await app.StartAsync();
            return new LoopbackVerifier(app, url);
        }

        public async Task<(string Transaction, string Link)> CreateAsync()
        {
            var body = new JsonObject { ["dcql_query"] = Query(), ["purpose"] = "年末調整", ["response_mode"] = "direct_post.jwt" };
            using var response = await _admin.PostAsync("admin/transactions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return (json["transaction"]!.GetValue<string>(), json["url"]!.GetValue<string>());
        }

        public async Task<string> StateAsync(string transaction) =>
            JsonNode.Parse(await _admin.GetStringAsync("admin/transactions/" + transaction))!["state"]!.GetValue<string>();

        public void Dispose()
        {
            _admin.Dispose();
            _app.StopAsync().GetAwaiter().GetResult();
            ((IDisposable)_app).Dispose();
        }

        private static JsonObject Query() => new()
        {
            ["credentials"] = new JsonArray(new JsonObject
            {
                ["id"] = "slip",
                ["format"] = "dc+sd-jwt",
                ["meta"] = new JsonObject { ["vct_values"] = new JsonArray(HonninDocumentTypes.WithholdingSlip.Vct) },
                ["claims"] = new JsonArray(new JsonObject { ["path"] = new JsonArray("payment_amount") }, new JsonObject { ["path"] = new JsonArray("family_name") }),
            }),
        };
    }

    /// <summary>A wallet holding a batch of slips (presented again and again: the store keeps no log) and a library verifier.</summary>
    private sealed class Wallet : IDisposable
    {
        private const int BatchSize = 16;

        private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });
        private readonly SdJwtVcHolder _holder;
        private readonly OpenId4VpClient _client;
        private readonly SdJwtVcVerifier _verifier;

        private Wallet(SdJwtVcHolder holder, MdocHolder mdoc, SdJwtVcVerifier verifier)
        {
            _holder = holder;
            _verifier = verifier;
            _client = new OpenId4VpClient(mdoc, holder, _http);
        }

        public static async Task<Wallet> CreateAsync(Pki pki)
        {
            var type = HonninDocumentTypes.WithholdingSlip;
            var claims = new JsonObject
            {
                ["family_name"] = "山田", ["given_name"] = "花子", ["tax_year"] = 2026, ["full_name"] = "山田 花子", ["payment_category"] = "給料・賞与",
                ["payment_amount"] = 5_000_000, ["withholding_tax_amount"] = 120_000, ["payer_name"] = "株式会社ベンチ", ["issue_date"] = "2026-12-01",
            };
            using var document = System.Text.Json.JsonDocument.Parse(claims.ToJsonString());
            DocumentClaims.TryFromJson(document.RootElement, type, out var parsed, out _);
            // A batch, so that concurrent presentations (the load runner's) each find an unused credential.
            var holderKeys = Enumerable.Range(0, BatchSize).Select(_ => SoftwareSigner.Generate(CoseAlgorithm.ES256)).ToList();
            var issuer = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = pki.IssuerSigner, CertificateChain = [pki.DocumentSigner.RawData], Issuer = Pki.IssuerId });
            var batch = await issuer.IssueBatchAsync(new SdJwtVcIssuanceRequest(type.DocType, parsed!, holderKeys[0].PublicKey), [.. holderKeys.Select(k => k.PublicKey)]);
            var keys = new InMemoryDeviceKeyResolver();
            holderKeys.ForEach(keys.Add);
            var store = new UnloggedCredentialStore();
            var options = new HolderOptions { RegistrarTrustAnchors = TrustAnchorSet.Create([pki.Registrar]) };
            var holder = new SdJwtVcHolder(store, keys, options);
            await holder.StoreBatchAsync([.. batch.Select(c => c.Serialize())]);
            var verifier = new SdJwtVcVerifier(new SdJwtVcVerifierOptions { TrustAnchors = TrustAnchorSet.Create([pki.Iaca]) });
            return new Wallet(holder, new MdocHolder(store, keys, options), verifier);
        }

        /// <summary>The whole round trip: the result must come back valid.</summary>
        public async ValueTask PresentAsync(LoopbackVerifier verifier)
        {
            var (transaction, link) = await verifier.CreateAsync();
            var session = await _client.ResolveAsync(link);
            await _client.RespondAsync(session);
            if (await verifier.StateAsync(transaction) != "valid")
            {
                throw new InvalidOperationException("The benchmark's presentation did not verify.");
            }
        }

        /// <summary>The library alone: plan, present with key binding, verify.</summary>
        public async ValueTask LibraryAsync()
        {
            var plan = await _holder.PlanSelectionAsync(HonninDocumentTypes.WithholdingSlip.Vct, [ClaimPath.Parse("payment_amount"), ClaimPath.Parse("family_name")]);
            var presentation = await _holder.RespondAsync(plan, "x509_hash:benchmark", "n-1");
            var result = await _verifier.VerifyAsync(presentation!, new SdJwtSession("x509_hash:benchmark", "n-1"));
            if (!result.IsValid)
            {
                throw new InvalidOperationException("The library presentation did not verify.");
            }
        }

        public void Dispose() => _http.Dispose();
    }
}
