using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.Mdoc;
using Honnin.Mdoc;
using Honnin.Pseudonyms;
using Honnin.Registration;
using Honnin.Verifier.Mdoc;
using Honnin.X509;

namespace Honnin.Cli.Commands;

/// <summary>
/// <c>honnin demo offline</c>: the whole path of a credential through the person, in one process, on built-in test data: the issuer
/// issues (with per-domain pseudonyms), registered verifiers ask, the wallet plans under its policy, the person chooses,
/// and each verifier sees only what was shared, joining it to its own records by its own domain's pseudonym.
/// </summary>
internal static class DemoCommand
{
    private const string Subject = "employee-0001";

    private sealed record VerifierScene(string Name, string[] Domains, string Purpose, (string NameSpace, string Identifier, IntentToRetain Retain)[] Request);

    private sealed record Scenario(string Type, string ClaimsResource, string IssuerName, string[] PseudonymDomains, VerifierScene[] Verifiers);

    private static readonly Scenario WithholdingSlip = new(
        "withholding-slip",
        "withholding-slip.json",
        "株式会社本人 (the former employer)",
        ["employment", "tax", "welfare"],
        [
            new(
                "新しい勤務先株式会社 (the new employer)",
                ["employment", "tax"],
                "年末調整のための前職分の給与の確認 (the year-end adjustment needs last employer's pay)",
                [
                    (PseudonymDomain.MdocNamespace, "dp_employment", IntentToRetain.Retain),
                    (PseudonymDomain.MdocNamespace, "dp_tax", IntentToRetain.Retain),
                    (HonninDocumentTypes.Iso23220NameSpace, "family_name", IntentToRetain.Retain),
                    (HonninDocumentTypes.WithholdingSlipDocType, "tax_year", IntentToRetain.Retain),
                    (HonninDocumentTypes.WithholdingSlipDocType, "payment_amount", IntentToRetain.Retain),
                    (HonninDocumentTypes.WithholdingSlipDocType, "social_insurance_amount", IntentToRetain.Retain),
                    (HonninDocumentTypes.WithholdingSlipDocType, "withholding_tax_amount", IntentToRetain.Retain),
                    (HonninDocumentTypes.WithholdingSlipDocType, "remarks", IntentToRetain.DoNotRetain),
                    (HonninDocumentTypes.Iso23220NameSpace, "birth_date", IntentToRetain.Retain),
                ]),
            new(
                "市の福祉事務所 (a welfare office)",
                ["welfare"],
                "生活保護の収入認定 (income assessment for welfare)",
                [
                    (PseudonymDomain.MdocNamespace, "dp_welfare", IntentToRetain.Retain),
                    (PseudonymDomain.MdocNamespace, "dp_employment", IntentToRetain.Retain),
                    (HonninDocumentTypes.WithholdingSlipDocType, "payment_amount", IntentToRetain.Retain),
                ]),
        ]);

    private static readonly Scenario EnrollmentCertificate = new(
        "enrollment-certificate",
        "enrollment-certificate.json",
        "本人大学 (the university)",
        ["education", "welfare"],
        [
            new(
                "奨学金事務局 (a scholarship office)",
                ["education"],
                "奨学金の在籍確認 (checking enrollment for a scholarship)",
                [
                    (PseudonymDomain.MdocNamespace, "dp_education", IntentToRetain.Retain),
                    (HonninDocumentTypes.EnrollmentCertificateDocType, "school_name", IntentToRetain.Retain),
                    (HonninDocumentTypes.EnrollmentCertificateDocType, "enrollment_status", IntentToRetain.Retain),
                    (HonninDocumentTypes.EnrollmentCertificateDocType, "student_number", IntentToRetain.Retain),
                ]),
            new(
                "学生割引サービス (a student discount service)",
                [],
                "学割の確認 (student discount)",
                [
                    (HonninDocumentTypes.Iso23220NameSpace, "age_over_18", IntentToRetain.DoNotRetain),
                    (HonninDocumentTypes.EnrollmentCertificateDocType, "enrollment_status", IntentToRetain.DoNotRetain),
                    (PseudonymDomain.MdocNamespace, "dp_education", IntentToRetain.Retain),
                ]),
        ]);

    public static Command Create()
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "withholding-slip (default) or enrollment-certificate.", DefaultValueFactory = _ => "withholding-slip" };
        scenario.AcceptOnlyFromAmong("withholding-slip", "enrollment-certificate");
        var offline = new Command("offline", "Run a credential through the person in one process, without services, on built-in test data: issuance with pseudonyms, registered verifiers' requests, the plans, what each verifier saw.") { scenario };
        offline.SetAction(async (parseResult, cancellationToken) =>
        {
            var chosen = parseResult.GetValue(scenario) == "enrollment-certificate" ? EnrollmentCertificate : WithholdingSlip;
            await new Run(chosen, parseResult.InvocationConfiguration.Output).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        var command = DemoNetworkCommand.Create();
        command.Subcommands.Add(offline);
        return command;
    }

    /// <summary>One run of a scenario: the parties, their keys and certificates.</summary>
    private sealed class Run(Scenario scenario, TextWriter output)
    {
        private readonly DateTimeOffset _day = CaCommand.StartOfYesterday().AddDays(1);
        private readonly List<IDisposable> _disposables = [];

        private void Say(string text = "") => output.WriteLine(ValueText.Clean(text));

        private T Own<T>(T disposable)
            where T : IDisposable
        {
            _disposables.Add(disposable);
            return disposable;
        }

        public async Task ExecuteAsync(CancellationToken cancellationToken)
        {
            try
            {
                await ExecuteCoreAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _disposables.ForEach(d => d.Dispose());
            }
        }

        private async Task ExecuteCoreAsync(CancellationToken cancellationToken)
        {
            var registry = DocumentTypeRegistry.CreateDefault();
            registry.TryGet(scenario.Type, out var type);

            // The issuer's test PKI, and the pseudonym authority's key (a deployment holds it in an HSM).
            var iacaKey = Own(ECDsa.Create(ECCurve.NamedCurves.nistP256));
            var dsKey = Own(ECDsa.Create(ECCurve.NamedCurves.nistP256));
            var iaca = Own(MdocCertificateFactory.CreateIaca("JP", "Honnin Demo IACA", iacaKey, _day.AddDays(-1), _day.AddYears(5)));
            var ds = Own(MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "JP", "Honnin Demo Document Signer", dsKey, _day.AddDays(-1), _day.AddYears(2)));
            var issuer = new MdocIssuer(new MdocIssuerOptions { Signer = Own(SoftwareSigner.FromECDsa(ECDsa.Create(dsKey.ExportParameters(includePrivateParameters: true)))), CertificateChain = [ds.RawData], DocumentTypes = registry });
            var pseudonymKey = Own(PseudonymKey.Import("k1", RandomNumberGenerator.GetBytes(PseudonymKey.SecretLength)));
            var authority = new PseudonymAuthority(PseudonymKeyRing.Create(pseudonymKey));

            // The registrar, whose root the wallet recognises.
            var registrarKey = Own(ECDsa.Create(ECCurve.NamedCurves.nistP256));
            var registrar = Own(MdocCertificateFactory.CreateIaca("JP", "Honnin Demo Registrar", registrarKey, _day.AddDays(-1), _day.AddYears(5)));

            // The person's wallet, with single-use device keys, one per credential of the batch.
            var store = new InMemoryCredentialStore();
            var keys = new InMemoryDeviceKeyResolver();
            var deviceKeys = Enumerable.Range(0, 3).Select(_ => Own(SoftwareSigner.Generate(CoseAlgorithm.ES256))).ToList();
            deviceKeys.ForEach(keys.Add);
            var holder = new MdocHolder(store, keys, new HolderOptions { DocumentTypes = registry, RegistrarTrustAnchors = TrustAnchorSet.Create([registrar]) });

            Say($"Honnin demo: {type!.DisplayNameJa} ({type.DisplayNameEn}) passes through the person.");
            Say();
            Say($"1. The issuer, {scenario.IssuerName}, issues a batch of 3 single-use credentials to the person's wallet.");
            var pseudonyms = authority.DeriveMany(Subject, scenario.PseudonymDomains.Select(PseudonymDomain.Create));
            var claims = ReadClaims(scenario.ClaimsResource, type);
            var batch = await issuer.IssueBatchAsync(
                new MdocIssuanceRequest(type.DocType, claims, deviceKeys[0].PublicKey) { Pseudonyms = pseudonyms.ToDictionary(p => p.Key, p => p.Value.Value) },
                [.. deviceKeys.Select(k => k.PublicKey)],
                cancellationToken).ConfigureAwait(false);
            foreach (var credential in batch)
            {
                await holder.StoreAsync(credential.Encode(), "demo-batch", cancellationToken).ConfigureAwait(false);
            }

            var validity = batch[0].IssuerSigned.MobileSecurityObject.ValidityInfo;
            Say($"   docType {type.DocType}, {claims.Count} elements, each with its own salt and digest; valid {validity.ValidFrom:yyyy-MM-dd} .. {validity.ValidUntil:yyyy-MM-dd}.");
            Say($"   Per-domain pseudonyms (no My Number): {string.Join(", ", pseudonyms.Select(p => $"{p.Key.ElementIdentifier} = {Short(p.Value.Value)}"))}");
            Say($"   Signed by {ds.Subject}, under {iaca.Subject}.");

            var step = 2;
            foreach (var verifier in scenario.Verifiers)
            {
                Say();
                await PresentAsync(step, verifier, type, holder, registrar, registrarKey, iaca, authority, cancellationToken).ConfigureAwait(false);
                step++;
            }

            Say();
            Say($"{step}. The person's log (who, when, which elements; never the values):");
            foreach (var record in await holder.Log.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                Say($"   {record.At:yyyy-MM-dd HH:mm:ss}Z  {record.Requester.Subject}  {string.Join(", ", record.Elements.Select(e => e[(e.LastIndexOf('/') + 1)..]))}");
            }

            var remaining = (await store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Count(c => c.UseCount == 0);
            Say($"   Each presentation used a different credential of the batch ({remaining} left unused): salts, digests, device keys and signatures differ, so the verifiers cannot link them; only pseudonyms of a verifier's own domains join records.");
        }

        private async Task PresentAsync(int step, VerifierScene scene, DocumentType type, MdocHolder holder, X509Certificate2 registrar, ECDsa registrarKey, X509Certificate2 iaca, PseudonymAuthority authority, CancellationToken cancellationToken)
        {
            // The registrar registers the verifier: domains, purpose, and the elements it may ask for.
            var registration = new VerifierRegistration(scene.Domains, scene.Purpose, scene.Request.Where(r => r.NameSpace != PseudonymDomain.MdocNamespace && r.Identifier != "remarks" && r.Identifier != "birth_date").Select(r => r.NameSpace + "/" + r.Identifier));
            var readerSigner = Own(SoftwareSigner.Generate(CoseAlgorithm.ES256));
            using var readerPublic = readerSigner.ExportECDsa();
            var readerCertificate = Own(MdocCertificateFactory.CreateReaderAuthentication(registrar, registrarKey, scene.Name, readerPublic, _day.AddDays(-1), _day.AddYears(1), registration));

            Say($"{step}. The verifier {scene.Name} asks for {scene.Request.Length} elements, signing its request with the certificate its registrar issued.");
            Say($"   Registered for {(scene.Domains.Length == 0 ? "no pseudonym domain" : "domains " + string.Join(", ", scene.Domains))}, with the purpose: {scene.Purpose}");
            var transcript = SessionTranscript.ForOpenId4VpDcApi("https://verifier.example.jp", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), null);
            var builder = new DeviceRequestBuilder();
            foreach (var (nameSpace, identifier, retain) in scene.Request)
            {
                builder.Request(type.DocType, nameSpace, identifier, retain);
            }

            var request = await builder.BuildAsync(transcript, readerSigner, [readerCertificate.RawData], TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);

            Say("   The wallet checks who asks and applies its policy before the person sees the plan:");
            var plan = await holder.PlanAsync(DeviceRequest.Decode(request.Encoded.EncodedBytes), transcript, cancellationToken).ConfigureAwait(false);
            Say(plan.Requester.Authenticated
                ? $"   requester {plan.Requester.Subject}: verified, registered"
                : $"   requester not verified ({string.Join(", ", plan.Requester.Problems)})");
            foreach (var element in plan.Documents[0].Elements)
            {
                Say($"   {PlanWords.Mark(element.Decision),-10} {element.DisplayNameJa} / {element.Identifier}{(element.IntentToRetain ? " (kept)" : string.Empty)}: {PlanWords.Explain(element.Reason)}");
            }

            Say("   The person accepts the plan as it stands (nothing sensitive confirmed, nothing outside the registration added).");
            var response = await holder.RespondAsync(plan, transcript, cancellationToken: cancellationToken).ConfigureAwait(false);

            using var anchors = TrustAnchorSet.Create([iaca]);
            var verifier = new MdocVerifier(new MdocVerifierOptions { TrustAnchors = anchors, PseudonymDomains = DomainLists.Typed(scene.Domains) });
            var result = verifier.Verify(response.Encoded.EncodedBytes, new MdocSession(transcript));
            Say(result.IsValid ? "   The verifier checked signature, chain, digests, validity, device binding: VALID. It saw exactly:" : "   INVALID: " + string.Join(", ", result.Failures.Select(f => f.Code)));
            foreach (var document in result.Documents)
            {
                foreach (var (nameSpace, elements) in document.Elements)
                {
                    foreach (var (identifier, value) in elements)
                    {
                        type.TryGetElement(nameSpace, identifier, out var definition);
                        var pseudonym = nameSpace == PseudonymDomain.MdocNamespace;
                        var shown = pseudonym ? Short(((Cbor.CborTextString)value).Value) : ValueText.Format(value);
                        var label = definition?.DisplayNameJa ?? (pseudonym ? identifier[PseudonymDomain.ElementPrefix.Length..] + " 分野の仮名" : identifier);
                        Say($"     {label} / {identifier}: {shown}");
                    }
                }

                foreach (var (domain, key) in document.SubjectKeys ?? new Dictionary<string, string>())
                {
                    // The verifier's own records are keyed by its domain's pseudonym (learned, e.g., when the person joined).
                    var known = authority.Matches(Subject, PseudonymDomain.Create(domain), DomainPseudonym.Parse(key));
                    Say($"     -> joined to its {domain} records by pseudonym {Short(key)}{(known ? " (the same person it already knows in that domain)" : string.Empty)}");
                }
            }
        }
    }

    private static string Short(string pseudonym) => pseudonym.Length > 20 ? pseudonym[..20] + "…" : pseudonym;

    /// <summary>The sample claims built into the tool (samples/claims), as HR's JSON.</summary>
    internal static System.Text.Json.Nodes.JsonObject SampleClaims(string resource)
    {
        using var stream = OpenResource(resource);
        return System.Text.Json.Nodes.JsonNode.Parse(stream)!.AsObject();
    }

    private static Stream OpenResource(string resource) =>
        typeof(DemoCommand).Assembly.GetManifestResourceStream("Honnin.Cli.claims." + resource)
            ?? throw new InvalidOperationException("The demo claims are missing from the tool.");

    private static DocumentClaims ReadClaims(string resource, DocumentType type)
    {
        using var stream = OpenResource(resource);
        using var document = JsonDocument.Parse(stream);
        return DocumentClaims.TryFromJson(document.RootElement, type, out var claims, out _)
            ? claims
            : throw new InvalidOperationException("The demo claims do not fit their type.");
    }
}
