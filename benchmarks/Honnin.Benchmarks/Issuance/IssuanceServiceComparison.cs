using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.AspNetCore;
using Honnin.Benchmarks.Compare;
using Honnin.Crypto;
using Honnin.DependencyInjection;
using Honnin.DocumentTypes;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.Protocol;
using Honnin.Issuer.SdJwt;
using Honnin.Issuer.State;
using Honnin.OpenId4Vc;
using Honnin.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Honnin.Benchmarks.Issuance;

/// <summary>
/// The issuer service through HTTP on loopback: one operation is a whole pre-authorized code issuance of a batch of 10
/// SD-JWT VCs — HR's offer through the admin API, the wallet's token request (answering the DPoP nonce challenge), the
/// nonce endpoint and the credential request with 10 key proofs — against the SQLite issuer store, beside the same
/// service with its state in memory and the library's batch issuance alone, in the same run. The wallet's own signing
/// (a DPoP key, 10 device keys, 3 DPoP proofs and 10 key proofs) is part of each operation, as a real client pays it.
/// </summary>
internal sealed class IssuanceServiceComparison : IComparisonSuite
{
    private const int Batch = 10;
    private const string AdminToken = "benchmark-admin-token-0123456789abcdef0123";

    private readonly LoopbackIssuer _sqlite;
    private readonly LoopbackIssuer _memory;
    private readonly SdJwtVcIssuer _library;
    private readonly SdJwtVcIssuanceRequest _request;
    private readonly IReadOnlyList<CoseKey> _batchKeys;
    private readonly string _folder;

    private IssuanceServiceComparison(LoopbackIssuer sqlite, LoopbackIssuer memory, SdJwtVcIssuer library, SdJwtVcIssuanceRequest request, IReadOnlyList<CoseKey> batchKeys, string folder)
    {
        _sqlite = sqlite;
        _memory = memory;
        _library = library;
        _request = request;
        _batchKeys = batchKeys;
        _folder = folder;
        Cases =
        [
            new("http-batch-10-sqlite", "OpenID4VCI pre-authorized flow over HTTP, batch of 10 SD-JWT VCs, SQLite issuer store", sqlite.IssueAsync, [("the same, issuer state in memory", memory.IssueAsync), ("SdJwtVcIssuer.IssueBatchAsync (10) alone", async () => await _library.IssueBatchAsync(_request, _batchKeys))]),
        ];
    }

    public string Name => "issuance";

    public IReadOnlyList<string> Peers => [];

    public string PeerScript => "";

    public IReadOnlyList<ComparisonCase> Cases { get; }

    public static async Task<IssuanceServiceComparison> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "honnin-bench-issuance-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var sqlite = await LoopbackIssuer.StartAsync(IssuerStores.From(await SqliteIssuerStore.OpenAsync(Path.Combine(folder, "issuer.db"))));
        var memory = await LoopbackIssuer.StartAsync(IssuerStores.From(new InMemoryIssuerState()));
        var claims = LoopbackIssuer.Claims();
        using var document = System.Text.Json.JsonDocument.Parse(claims.ToJsonString());
        var type = DocumentTypeRegistry.CreateDefault().Types.Single(t => t.DocType == HonninDocumentTypes.WithholdingSlipDocType);
        DocumentClaims.TryFromJson(document.RootElement, type, out var parsed, out _);
        var keys = Enumerable.Range(0, Batch).Select(_ => SoftwareSigner.Generate(CoseAlgorithm.ES256).PublicKey).ToList();
        var request = new SdJwtVcIssuanceRequest(type.DocType, parsed!, keys[0]);
        return new IssuanceServiceComparison(sqlite, memory, memory.SdJwtIssuer, request, keys, folder);
    }

    public object PeerFixture() => new Dictionary<string, object>();

    public void Dispose()
    {
        _sqlite.Dispose();
        _memory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The issuer service on a free loopback port, and the wallet's side of one issuance.</summary>
    private sealed class LoopbackIssuer : IDisposable
    {
        private readonly WebApplication _app;
        private readonly HttpClient _http = new();
        private readonly string _url;

        private LoopbackIssuer(WebApplication app, string url)
        {
            _app = app;
            _url = url;
            SdJwtIssuer = app.Services.GetRequiredService<SdJwtVcIssuer>();
        }

        public SdJwtVcIssuer SdJwtIssuer { get; }

        public static async Task<LoopbackIssuer> StartAsync(IssuerStores stores)
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var url = $"http://127.0.0.1:{port}";
            var now = DateTimeOffset.UtcNow;
            using var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var iaca = MdocCertificateFactory.CreateIaca("JP", "Benchmark IACA", iacaKey, now.AddDays(-2), now.AddYears(2));
            var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var ds = MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "JP", "Benchmark Issuer", dsKey, now.AddDays(-1), now.AddYears(1), issuerUris: [url]);
            var signer = SoftwareSigner.FromECDsa(dsKey);
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(url);
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(stores);
            builder.Services.AddHonnin()
                .AddMdocIssuer(new MdocIssuerOptions { Signer = signer, CertificateChain = [ds.RawData] })
                .AddSdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = signer, CertificateChain = [ds.RawData], Issuer = url })
                .AddIssuer(new IssuerServiceOptions
                {
                    Issuer = new OpenId4VciIssuerOptions { CredentialIssuer = url, NameJa = "株式会社ベンチ", NameEn = "Bench K.K.", Secret = RandomNumberGenerator.GetBytes(32), StatusListUri = url + "/status-lists/1", StatusListSize = 1 << 20 },
                    AdminToken = AdminToken,
                });
            var app = builder.Build();
            app.MapHonninIssuer();
            app.MapHonninIssuerAdmin();
            await app.StartAsync();
            return new LoopbackIssuer(app, url);
        }

        public static JsonObject Claims() => new()
        {
            ["family_name"] = "山田",
            ["given_name"] = "花子",
            ["tax_year"] = 2026,
            ["full_name"] = "山田 花子",
            ["payment_category"] = "給料・賞与",
            ["payment_amount"] = 5_000_000,
            ["withholding_tax_amount"] = 120_000,
            ["payer_name"] = "株式会社ベンチ",
            ["issue_date"] = "2026-12-01",
        };

        /// <summary>HR's offer, then the wallet's token, nonce and credential requests.</summary>
        public async ValueTask IssueAsync()
        {
            using var offerRequest = new HttpRequestMessage(HttpMethod.Post, _url + "/admin/offers")
            {
                Content = new StringContent(new JsonObject { ["type"] = "withholding-slip", ["format"] = "sd-jwt", ["claims"] = Claims(), ["batch_size"] = Batch, ["tx_code"] = true }.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            offerRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            var created = await SendAsync(offerRequest);
            var offer = CredentialOffer.Parse(await _http.GetStringAsync(CredentialOfferLink.Parse(created.Json["offer"]!.GetValue<string>()).OfferUri));

            using var dpopKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
            KeyValuePair<string, string>[] form = [new("grant_type", CredentialOffer.PreAuthorizedCodeGrantType), new("pre-authorized_code", offer.PreAuthorizedCode!.PreAuthorizedCode), new("tx_code", created.Json["tx_code"]!.GetValue<string>())];
            var token = await TokenAsync(dpopKey, form, null);
            if (token.Json["error"]?.GetValue<string>() == "use_dpop_nonce")
            {
                token = await TokenAsync(dpopKey, form, token.DpopNonce);
            }

            var accessToken = token.Json["access_token"]!.GetValue<string>();
            using var nonceRequest = new HttpRequestMessage(HttpMethod.Post, _url + "/nonce");
            var nonce = await SendAsync(nonceRequest);
            var cNonce = nonce.Json["c_nonce"]!.GetValue<string>();
            var proofs = new JsonArray();
            for (var i = 0; i < Batch; i++)
            {
                using var deviceKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
                proofs.Add(await KeyProof.CreateAsync(deviceKey, _url, DateTimeOffset.UtcNow, cNonce));
            }

            using var credentialRequest = new HttpRequestMessage(HttpMethod.Post, _url + "/credential")
            {
                Content = new StringContent(new JsonObject { ["credential_configuration_id"] = "withholding_slip_dc_sd_jwt", ["proofs"] = new JsonObject { ["jwt"] = proofs } }.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            credentialRequest.Headers.TryAddWithoutValidation("Authorization", "DPoP " + accessToken);
            credentialRequest.Headers.Add("DPoP", await DpopProof.CreateAsync(dpopKey, "POST", new Uri(_url + "/credential"), DateTimeOffset.UtcNow, token.DpopNonce ?? nonce.DpopNonce, accessToken));
            var issued = await SendAsync(credentialRequest);
            if (issued.Json["credentials"] is not JsonArray { Count: Batch })
            {
                throw new InvalidOperationException("The service did not issue the batch: " + issued.Json.ToJsonString());
            }
        }

        public void Dispose()
        {
            _http.Dispose();
            _app.StopAsync().GetAwaiter().GetResult();
            ((IDisposable)_app).Dispose();
        }

        private async Task<(JsonObject Json, string? DpopNonce)> TokenAsync(SoftwareSigner dpopKey, KeyValuePair<string, string>[] form, string? dpopNonce)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _url + "/token") { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("DPoP", await DpopProof.CreateAsync(dpopKey, "POST", new Uri(_url + "/token"), DateTimeOffset.UtcNow, dpopNonce));
            return await SendAsync(request);
        }

        private async Task<(JsonObject Json, string? DpopNonce)> SendAsync(HttpRequestMessage request)
        {
            using var response = await _http.SendAsync(request);
            var nonce = response.Headers.TryGetValues("DPoP-Nonce", out var values) ? values.First() : null;
            return ((JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!, nonce);
        }
    }
}
