using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.AspNetCore;
using Honnin.Crypto;
using Honnin.DependencyInjection;
using Honnin.DocumentTypes;
using Honnin.Holder;
using Honnin.Holder.Issuance;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.Protocol;
using Honnin.Issuer.State;
using Honnin.Issuer.StatusLists;
using Honnin.Jose;
using Honnin.Pseudonyms;
using Honnin.Registration;
using Honnin.Storage.Sqlite;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.Protocol;
using Honnin.Verifier.SdJwt;
using Honnin.Verifier.Status;
using Honnin.X509;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Honnin.Cli.Commands;

/// <summary>
/// <c>honnin demo</c>: the networked story on loopback, with SQLite in a temporary folder that is removed
/// afterwards. The employer's issuer service offers a withholding slip (OpenID4VCI); the person's wallet accepts it; two
/// verifier services of different domains ask with DCQL (OpenID4VP, <c>direct_post.jwt</c>); what each saw and joined
/// by; HR revokes the slip and the next request fails; the person's log.
/// </summary>
internal static class DemoNetworkCommand
{
    private const string Subject = "employee-0001";
    private const string Passphrase = "the demo wallet passphrase";
    private const string Token = "demo-admin-token-0123456789abcdef0123456789";
    private const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    private const string Iso = HonninDocumentTypes.Iso23220NameSpace;

    private sealed record Agency(string Name, string[] Domains, string Purpose, (string NameSpace, string Identifier)[] Asks, string[] Registered);

    private static readonly Agency NewEmployer = new(
        "新しい勤務先株式会社 (the new employer)",
        ["employment", "tax"],
        "年末調整のための前職分の給与の確認 (the year-end adjustment needs the last employer's pay)",
        [(Slip, "payment_amount"), (Slip, "withholding_tax_amount"), (Iso, "family_name"), (Iso, "birth_date"), (PseudonymDomain.MdocNamespace, "dp_employment"), (PseudonymDomain.MdocNamespace, "dp_welfare")],
        [Slip + "/payment_amount", Slip + "/withholding_tax_amount", Iso + "/family_name"]);

    private static readonly Agency WelfareOffice = new(
        "市の福祉事務所 (a welfare office)",
        ["welfare"],
        "生活保護の収入認定 (income assessment for welfare)",
        [(Slip, "payment_amount"), (PseudonymDomain.MdocNamespace, "dp_welfare"), (PseudonymDomain.MdocNamespace, "dp_employment")],
        [Slip + "/payment_amount"]);

    public static Command Create()
    {
        var keep = new Option<bool>("--keep") { Description = "Leave the services running afterwards (until Ctrl+C), for a person to try them with the tool." };
        var command = new Command("demo", "Run the networked story on loopback (issuer and verifier services, SQLite in a temporary folder): offer, wallet, two verifiers, a revocation, the person's log. 'demo offline' runs the story in one process.") { keep };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await new Run(parseResult.InvocationConfiguration.Output, parseResult.GetValue(keep)).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed class Run(TextWriter output, bool keep)
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "honnin-demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        private readonly List<WebApplication> _hosts = [];
        private readonly List<IDisposable> _owned = [];

        private void Say(string text = "") => output.WriteLine(ValueText.Clean(text));

        public async Task ExecuteAsync(CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(_folder);
            try
            {
                await ExecuteCoreAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                foreach (var host in _hosts)
                {
                    await host.DisposeAsync().ConfigureAwait(false);
                }

                _owned.ForEach(o => o.Dispose());
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(_folder, recursive: true);
            }
        }

        private T Own<T>(T disposable)
            where T : IDisposable
        {
            _owned.Add(disposable);
            return disposable;
        }

        private async Task ExecuteCoreAsync(CancellationToken cancellationToken)
        {
            var now = TimeProvider.System.GetUtcNow();
            var iacaKey = Own(ECDsa.Create(ECCurve.NamedCurves.nistP256));
            var iaca = Own(MdocCertificateFactory.CreateIaca("JP", "Honnin Demo IACA", iacaKey, now.AddDays(-1), now.AddYears(5)));
            var issuerUrl = LoopbackUrl();
            var dsKey = Own(ECDsa.Create(ECCurve.NamedCurves.nistP256));
            var ds = Own(MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "JP", "株式会社本人 (the former employer)", dsKey, now.AddDays(-1), now.AddYears(2), issuerUris: [issuerUrl]));
            var registrarKey = Own(ECDsa.Create(ECCurve.NamedCurves.nistP256));
            var registrar = Own(MdocCertificateFactory.CreateIaca("JP", "Honnin Demo Registrar", registrarKey, now.AddDays(-1), now.AddYears(5)));
            var authority = new PseudonymAuthority(PseudonymKeyRing.Create(Own(PseudonymKey.Import("k1", RandomNumberGenerator.GetBytes(PseudonymKey.SecretLength)))));
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

            Say("Honnin demo: a withholding slip (源泉徴収票) passes through the person, over OpenID4VCI and OpenID4VP on loopback.");
            Say($"   State in SQLite under {_folder} (removed at the end).");
            Say();
            Say("1. The former employer runs its issuer service; HR offers the slip to one employee.");
            var issuer = await StartIssuerAsync(issuerUrl, ds, dsKey, cancellationToken).ConfigureAwait(false);
            var pseudonyms = authority.DeriveMany(Subject, [PseudonymDomain.Create("employment"), PseudonymDomain.Create("tax"), PseudonymDomain.Create("welfare")]);
            using var hr = AdminClient.WithToken(issuerUrl, Token, "issuer");
            var offer = await hr.PostAsync("offers", new JsonObject
            {
                ["type"] = "withholding-slip",
                ["format"] = "mdoc",
                ["claims"] = DemoCommand.SampleClaims("withholding-slip.json"),
                ["batch_size"] = 3,
                ["tx_code"] = true,
                ["pseudonyms"] = new JsonObject([.. pseudonyms.Select(p => KeyValuePair.Create(p.Key.Id, (JsonNode?)p.Value.Value))]),
            }, cancellationToken).ConfigureAwait(false);
            Say($"   {issuerUrl}: offer {offer["offer_id"]} for 3 single-use credentials, with a transaction code sent apart.");
            Say($"   Per-domain pseudonyms instead of a national number: {string.Join(", ", pseudonyms.Select(p => $"{p.Key.Id} {Short(p.Value.Value)}"))}");

            Say();
            Say("2. The employee's wallet (encrypted SQLite) scans the offer, sees who offers what, and accepts.");
            var (store, _) = await WalletFiles.OpenAsync(Path.Combine(_folder, "wallet.db"), Passphrase, create: true, cancellationToken).ConfigureAwait(false);
            Own(store);
            var client = new OpenId4VciClient(http, new OpenId4VciClientOptions { IssuerTrustAnchors = Own(TrustAnchorSet.Create([iaca])), MaxBatchSize = 3 });
            var preview = await client.PreviewAsync(offer["offer"]!.GetValue<string>(), cancellationToken).ConfigureAwait(false);
            Say($"   Offered by {preview.IssuerNameJa} / {preview.IssuerNameEn}: {string.Join(", ", preview.Credentials.Select(c => $"{c.NameJa} / {c.NameEn} ({(c.Format == CredentialFormat.Mdoc ? "mdoc" : "SD-JWT VC")}, {c.BatchSize} credentials)"))}");
            var accepted = await client.AcceptAsync(preview, offer["tx_code"]!.GetValue<string>(), new IssuanceTargets(store, store.DeviceKeys), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            Say($"   Received {accepted.Credentials.Count} credentials, each bound to its own device key; the issuer's chain checked.");

            var holderOptions = new HolderOptions { RegistrarTrustAnchors = Own(TrustAnchorSet.Create([registrar])) };
            var wallet = new OpenId4VpClient(new MdocHolder(store, store.DeviceKeys, holderOptions), new SdJwtVcHolder(store, store.DeviceKeys, holderOptions), http);
            var employer = await StartVerifierAsync(NewEmployer, registrar, registrarKey, iaca, cancellationToken).ConfigureAwait(false);
            var welfare = await StartVerifierAsync(WelfareOffice, registrar, registrarKey, iaca, cancellationToken).ConfigureAwait(false);

            Say();
            await AskAsync(3, NewEmployer, employer, wallet, http, authority, cancellationToken).ConfigureAwait(false);
            Say();
            await AskAsync(4, WelfareOffice, welfare, wallet, http, authority, cancellationToken).ConfigureAwait(false);

            Say();
            Say("5. HR finds a mistake on the slip and revokes it; the status list the credentials point to changes.");
            await hr.PostAsync("status", new JsonObject { ["change"] = "revoke", ["offer_id"] = offer["offer_id"]!.GetValue<string>() }, cancellationToken).ConfigureAwait(false);
            // The verifiers cache a fetched list for its ttl; the demo's services keep it for a second.
            await Task.Delay(TimeSpan.FromSeconds(1.2), cancellationToken).ConfigureAwait(false);
            Say("   The new employer asks again, and the revoked slip no longer verifies:");
            await AskAsync(null, NewEmployer, employer, wallet, http, authority, cancellationToken).ConfigureAwait(false);

            Say();
            Say("6. The person's log (who, when, which elements, the stated purpose; never the values):");
            foreach (var record in await store.Log.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                Say($"   {WalletFiles.Time(record.At)}  {record.Requester.Subject}: {string.Join(", ", record.Elements.Select(e => e[(e.LastIndexOf('/') + 1)..]))}; the request said: {record.Requester.StatedPurpose}");
            }

            var left = (await store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Count(c => c.UseCount == 0);
            Say($"   Each presentation used a different credential of the batch ({left} left unused), so the verifiers cannot link them; only a pseudonym of a verifier's own domain joins its records.");
            if (keep)
            {
                await KeepAsync(issuer.Url, employer.Url, welfare.Url, registrar, cancellationToken).ConfigureAwait(false);
            }
        }

        // --keep: the services stay up for a person to try, until Ctrl+C; then everything is removed as usual.
        private async Task KeepAsync(string issuerUrl, string employerUrl, string welfareUrl, X509Certificate2 registrar, CancellationToken cancellationToken)
        {
            var tokenFile = Path.Combine(_folder, "admin-token");
            OutputFiles.WriteSecretText(tokenFile, Token + "\n", "--keep");
            var registrarFile = Path.Combine(_folder, "registrar.pem");
            OutputFiles.WriteText(registrarFile, registrar.ExportCertificatePem() + "\n", "--keep");
            Say();
            Say("The services keep running until Ctrl+C (then the folder is removed):");
            Say($"   issuer service     {issuerUrl}");
            Say($"   new employer       {employerUrl}");
            Say($"   welfare office     {welfareUrl}");
            Say($"   admin token file   {tokenFile} (all three)");
            Say($"   wallet             {Path.Combine(_folder, "wallet.db")} (HONNIN_WALLET_PASSPHRASE='{Passphrase}')");
            Say($"   registrar root     {registrarFile}");
            Say($"   try: honnin verifier request --verifier-url {employerUrl} --admin-token-file {tokenFile} --dcql samples/dcql/withholding-slip-amounts-mdoc.json --qr -");
            Say($"        honnin offer create --issuer-url {issuerUrl} --admin-token-file {tokenFile} --type withholding-slip --format mdoc --claims samples/claims/withholding-slip.json");
            Say($"        honnin wallet present 'openid4vp://…' --wallet {Path.Combine(_folder, "wallet.db")} --trust-registrar {registrarFile}");
            output.Flush();

            // Until SIGINT or SIGTERM: the command line's token, or the hosts' own lifetime, whichever hears it first.
            using var either = CancellationTokenSource.CreateLinkedTokenSource([cancellationToken, .. _hosts.Select(h => h.Lifetime.ApplicationStopping)]);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: shut down and clean up.
            }
        }

        private async Task AskAsync(int? step, Agency agency, (OpenId4VpVerifier Verifier, string Url) service, OpenId4VpClient wallet, HttpClient http, PseudonymAuthority authority, CancellationToken cancellationToken)
        {
            var query = new JsonObject
            {
                ["credentials"] = new JsonArray(new JsonObject
                {
                    ["id"] = "slip",
                    ["format"] = "mso_mdoc",
                    ["meta"] = new JsonObject { ["doctype_value"] = Slip },
                    ["claims"] = new JsonArray([.. agency.Asks.Select((a, i) => (JsonNode)new JsonObject { ["id"] = "c" + i, ["path"] = new JsonArray(a.NameSpace, a.Identifier), ["intent_to_retain"] = true })]),
                    // Everything it would like first, then what its registration covers (with its own domain's pseudonym).
                    ["claim_sets"] = new JsonArray(
                        new JsonArray([.. agency.Asks.Select((_, i) => (JsonNode)("c" + i))]),
                        new JsonArray([.. agency.Asks.Select((a, i) => (a, i)).Where(x => agency.Registered.Contains(x.a.NameSpace + "/" + x.a.Identifier) || agency.Domains.Any(d => x.a.Identifier == PseudonymDomain.ElementPrefix + d)).Select(x => (JsonNode)("c" + x.i))])),
                }),
            };
            using var office = AdminClient.WithToken(service.Url, Token, "verifier");
            var created = await office.PostAsync("transactions", new JsonObject { ["dcql_query"] = query, ["purpose"] = agency.Purpose, ["response_mode"] = "direct_post.jwt" }, cancellationToken).ConfigureAwait(false);
            if (step is not null)
            {
                Say($"{step}. {agency.Name} runs its verifier service and asks with DCQL for {agency.Asks.Length} elements, or at least those its registration covers (OpenID4VP, encrypted answer).");
                Say($"   Registered for {string.Join(", ", agency.Domains)} with the purpose: {agency.Purpose}");
                Say($"   The wallet opens {Short(created["url"]!.GetValue<string>(), 60)}, checks the signed request and plans:");
            }

            var session = await wallet.ResolveAsync(created["url"]!.GetValue<string>(), cancellationToken).ConfigureAwait(false);
            if (step is not null)
            {
                foreach (var element in session.Queries.SelectMany(q => q.Plan.Documents[0].Elements))
                {
                    Say($"   {PlanWords.Mark(element.Decision),-10} {element.DisplayNameJa} / {element.Identifier}: {PlanWords.Explain(element.Reason)}");
                }

                Say("   The person accepts the plan as it stands.");
            }

            await wallet.RespondAsync(session, cancellationToken).ConfigureAwait(false);
            var result = await office.GetAsync("transactions/" + created["transaction"]!.GetValue<string>(), cancellationToken).ConfigureAwait(false);
            if (result["state"]?.GetValue<string>() != "valid")
            {
                Say($"   The verifier's result: INVALID ({string.Join(", ", (result["failures"] as JsonArray ?? []).Select(f => f!["code"]!.GetValue<string>()).Distinct())}).");
                return;
            }

            Say("   The verifier's result: VALID (issuer signature and chain, digests, validity, device binding, status, the query). It saw exactly:");
            foreach (var document in (result["documents"] as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var (nameSpace, elements) in document["elements"]!.AsObject())
                {
                    foreach (var (identifier, value) in elements!.AsObject())
                    {
                        var shown = nameSpace == PseudonymDomain.MdocNamespace ? Short(value!.GetValue<string>()) : value?.ToJsonString(ValueText.JsonOptions);
                        Say($"     {identifier}: {shown}");
                    }
                }

                foreach (var (domain, key) in (document["subjectKeys"] as JsonObject ?? []))
                {
                    var known = authority.Matches(Subject, PseudonymDomain.Create(domain), DomainPseudonym.Parse(key!.GetValue<string>()));
                    Say($"     -> joined to its {domain} records by pseudonym {Short(key.GetValue<string>())}{(known ? " (the person it already knows in that domain)" : string.Empty)}");
                }
            }
        }

        private async Task<(OpenId4VciIssuer Issuer, string Url)> StartIssuerAsync(string url, X509Certificate2 ds, ECDsa dsKey, CancellationToken cancellationToken)
        {
            var sqlite = Own(await SqliteIssuerStore.OpenAsync(Path.Combine(_folder, "issuer.db"), cancellationToken).ConfigureAwait(false));
            var stores = IssuerStores.From(sqlite);
            var signer = Own(SoftwareSigner.FromECDsa(ECDsa.Create(dsKey.ExportParameters(includePrivateParameters: true))));
            var builder = Builder(url);
            builder.Services.AddSingleton(stores);
            builder.Services.AddSingleton(new StatusListPublisher(stores.StatusLists, new StatusListPublisherOptions { Signer = signer, CertificateChain = [ds.RawData], TimeToLive = TimeSpan.FromSeconds(1) }));
            builder.Services.AddHonnin()
                .AddMdocIssuer(new MdocIssuerOptions { Signer = signer, CertificateChain = [ds.RawData] })
                .AddIssuer(new IssuerServiceOptions
                {
                    Issuer = new OpenId4VciIssuerOptions { CredentialIssuer = url, NameJa = "株式会社本人", NameEn = "Honnin K.K. (the former employer)", Secret = RandomNumberGenerator.GetBytes(32), StatusListUri = url + "/status-lists/1", MaxBatchSize = 3 },
                    AdminToken = Token,
                });
            var app = builder.Build();
            app.MapHonninIssuer();
            app.MapHonninIssuerAdmin();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            _hosts.Add(app);
            return (app.Services.GetRequiredService<OpenId4VciIssuer>(), url);
        }

        private async Task<(OpenId4VpVerifier Verifier, string Url)> StartVerifierAsync(Agency agency, X509Certificate2 registrar, ECDsa registrarKey, X509Certificate2 iaca, CancellationToken cancellationToken)
        {
            var url = LoopbackUrl();
            var readerKey = Own(ECDsa.Create(ECCurve.NamedCurves.nistP256));
            var reader = Own(MdocCertificateFactory.CreateReaderAuthentication(registrar, registrarKey, agency.Name, readerKey, TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddYears(1), new VerifierRegistration(agency.Domains, agency.Purpose, agency.Registered)));
            var store = Own(await SqliteVerifierStore.OpenAsync(Path.Combine(_folder, $"verifier-{_hosts.Count}.db"), cancellationToken).ConfigureAwait(false));
            var anchors = Own(TrustAnchorSet.Create([iaca]));
            var statusHttp = Own(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }));
            // The demo's services keep a fetched status list for a second, so that a revocation shows at once.
            var status = new StatusListChecker(new StatusListCheckerOptions { Source = new HttpStatusListSource(statusHttp), Cache = store, TrustAnchors = anchors, MinCacheTime = TimeSpan.FromSeconds(1), DefaultCacheTime = TimeSpan.FromSeconds(1), MaxCacheTime = TimeSpan.FromSeconds(1) });
            var builder = Builder(url);
            builder.Services.AddSingleton<IVerifierTransactionStore>(store);
            builder.Services.AddHonnin()
                .AddMdocVerifier(new MdocVerifierOptions { TrustAnchors = anchors, PseudonymDomains = DomainLists.Typed(agency.Domains), StatusLists = status })
                .AddSdJwtVcVerifier(new SdJwtVcVerifierOptions { TrustAnchors = anchors, StatusLists = status })
                .AddVerifier(new VerifierServiceOptions
                {
                    Verifier = new OpenId4VpVerifierOptions { BaseUri = new Uri(url), Signer = Own(SoftwareSigner.FromECDsa(ECDsa.Create(readerKey.ExportParameters(includePrivateParameters: true)))), CertificateChain = [reader.RawData] },
                    AdminToken = Token,
                });
            var app = builder.Build();
            app.MapHonninVerifier();
            app.MapHonninVerifierAdmin();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            _hosts.Add(app);
            return (app.Services.GetRequiredService<OpenId4VpVerifier>(), url);
        }

        private static WebApplicationBuilder Builder(string url)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.WebHost.UseUrls(url);
            builder.Logging.ClearProviders();
            return builder;
        }
    }

    private static string LoopbackUrl() => "http://127.0.0.1:" + ServiceUrls.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Short(string text, int length = 20) => text.Length > length ? text[..length] + "…" : text;
}
