using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Issuer.Mdoc;
using Honnin.Mdoc;
using Honnin.Verifier.Mdoc;
using Honnin.X509;

namespace Honnin.Cli.Commands;

/// <summary>
/// <c>honnin demo</c>: the whole path of a credential through the person, in one process, on built-in test data:
/// the issuer issues, the verifier asks, the wallet plans, the person chooses, the verifier sees.
/// </summary>
internal static class DemoCommand
{
    private sealed record Scenario(string Type, string ClaimsResource, string IssuerName, string VerifierName, (string NameSpace, string Identifier, IntentToRetain Retain)[] Request);

    private static readonly Scenario WithholdingSlip = new(
        "withholding-slip",
        "withholding-slip.json",
        "株式会社本人 (the former employer)",
        "新しい勤務先株式会社 (the new employer)",
        [
            (HonninDocumentTypes.Iso23220NameSpace, "family_name", IntentToRetain.Retain),
            (HonninDocumentTypes.Iso23220NameSpace, "given_name", IntentToRetain.Retain),
            (HonninDocumentTypes.WithholdingSlipDocType, "tax_year", IntentToRetain.Retain),
            (HonninDocumentTypes.WithholdingSlipDocType, "payment_amount", IntentToRetain.Retain),
            (HonninDocumentTypes.WithholdingSlipDocType, "social_insurance_amount", IntentToRetain.Retain),
            (HonninDocumentTypes.WithholdingSlipDocType, "withholding_tax_amount", IntentToRetain.Retain),
            (HonninDocumentTypes.WithholdingSlipDocType, "retirement_date", IntentToRetain.Retain),
            (HonninDocumentTypes.WithholdingSlipDocType, "remarks", IntentToRetain.DoNotRetain),
            (HonninDocumentTypes.WithholdingSlipDocType, "payer_name", IntentToRetain.Retain),
        ]);

    private static readonly Scenario EnrollmentCertificate = new(
        "enrollment-certificate",
        "enrollment-certificate.json",
        "本人大学 (the university)",
        "学生割引サービス (a student discount service)",
        [
            (HonninDocumentTypes.Iso23220NameSpace, "age_over_18", IntentToRetain.DoNotRetain),
            (HonninDocumentTypes.EnrollmentCertificateDocType, "school_name", IntentToRetain.Retain),
            (HonninDocumentTypes.EnrollmentCertificateDocType, "enrollment_status", IntentToRetain.DoNotRetain),
            (HonninDocumentTypes.EnrollmentCertificateDocType, "expiry_date", IntentToRetain.DoNotRetain),
            (HonninDocumentTypes.EnrollmentCertificateDocType, "student_number", IntentToRetain.Retain),
        ]);

    public static Command Create()
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "withholding-slip (default) or enrollment-certificate.", DefaultValueFactory = _ => "withholding-slip" };
        scenario.AcceptOnlyFromAmong("withholding-slip", "enrollment-certificate");
        var command = new Command("demo", "Run a credential through the person end to end on built-in test data, showing each step.") { scenario };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var chosen = parseResult.GetValue(scenario) == "enrollment-certificate" ? EnrollmentCertificate : WithholdingSlip;
            await RunAsync(chosen, parseResult.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task RunAsync(Scenario scenario, TextWriter output, CancellationToken cancellationToken)
    {
        void Say(string text = "") => output.WriteLine(ValueText.Clean(text));
        var now = TimeProvider.System.GetUtcNow();
        var day = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero);
        var registry = DocumentTypeRegistry.CreateDefault();
        registry.TryGet(scenario.Type, out var type);

        // The issuer: a test IACA and Document Signer, and the issuer over them.
        using var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var iaca = MdocCertificateFactory.CreateIaca("JP", "Honnin Demo IACA", iacaKey, day.AddDays(-1), day.AddYears(5));
        using var ds = MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "JP", "Honnin Demo Document Signer", dsKey, day.AddDays(-1), day.AddYears(2));
        using var dsSigner = SoftwareSigner.FromECDsa(ECDsa.Create(dsKey.ExportParameters(includePrivateParameters: true)));
        var issuer = new MdocIssuer(new MdocIssuerOptions { Signer = dsSigner, CertificateChain = [ds.RawData], DocumentTypes = registry });

        // The person's wallet, with three single-use device keys.
        var store = new InMemoryCredentialStore();
        var keys = new InMemoryDeviceKeyResolver();
        var deviceKeys = Enumerable.Range(0, 3).Select(_ => SoftwareSigner.Generate(CoseAlgorithm.ES256)).ToList();
        deviceKeys.ForEach(keys.Add);

        // The verifier's reader certificate, under a reader root the wallet recognises.
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var readerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var readerRoot = MdocCertificateFactory.CreateIaca("JP", "Honnin Demo Reader Root", rootKey, day.AddDays(-1), day.AddYears(5));
        using var readerCertificate = MdocCertificateFactory.CreateReaderAuthentication(readerRoot, rootKey, scenario.VerifierName, readerKey, day.AddDays(-1), day.AddYears(1));
        using var readerSigner = SoftwareSigner.FromECDsa(ECDsa.Create(readerKey.ExportParameters(includePrivateParameters: true)));
        var holder = new MdocHolder(store, keys, new MdocHolderOptions { DocumentTypes = registry, ReaderTrustAnchors = TrustAnchorSet.Create([readerRoot]) });

        try
        {
            Say($"Honnin demo: {type!.DisplayNameJa} ({type.DisplayNameEn}) passes through the person.");
            Say();
            Say($"1. The issuer, {scenario.IssuerName}, issues a batch of 3 single-use credentials to the person's wallet.");
            var claims = ReadClaims(scenario.ClaimsResource, type);
            var batch = await issuer.IssueBatchAsync(new MdocIssuanceRequest(type.DocType, claims, deviceKeys[0].PublicKey), [.. deviceKeys.Select(k => k.PublicKey)], cancellationToken).ConfigureAwait(false);
            foreach (var credential in batch)
            {
                await holder.StoreAsync(credential.Encode(), "demo-batch", cancellationToken).ConfigureAwait(false);
            }

            var validity = batch[0].IssuerSigned.MobileSecurityObject.ValidityInfo;
            Say($"   docType {type.DocType}, {claims.Count} elements, each with its own salt and digest; valid {validity.ValidFrom:yyyy-MM-dd} .. {validity.ValidUntil:yyyy-MM-dd}.");
            Say($"   Signed by {ds.Subject}, under {iaca.Subject}.");
            Say();

            Say($"2. The verifier, {scenario.VerifierName}, asks for {scenario.Request.Length} elements, signing its request (readerAuth).");
            var transcript = SessionTranscript.ForOpenId4VpDcApi("https://verifier.example.jp", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), null);
            var builder = new DeviceRequestBuilder();
            foreach (var (nameSpace, identifier, retain) in scenario.Request)
            {
                builder.Request(type.DocType, nameSpace, identifier, retain);
            }

            var request = await builder.BuildAsync(transcript, readerSigner, [readerCertificate.RawData], cancellationToken).ConfigureAwait(false);
            Say();

            Say("3. The wallet checks who asks and plans the answer; the policy runs before the person sees it.");
            var plan = await holder.PlanAsync(DeviceRequest.Decode(request.Encoded.EncodedBytes), transcript, cancellationToken).ConfigureAwait(false);
            Say(plan.Requester.Authenticated
                ? $"   Requester: {plan.Requester.Subject} (reader certificate verified)"
                : $"   Requester: not authenticated ({string.Join(", ", plan.Requester.Problems)})");
            foreach (var element in plan.Documents[0].Elements)
            {
                var retain = element.IntentToRetain ? "kept by the verifier" : "not kept";
                Say($"   {Mark(element.Decision),-9} {element.DisplayNameJa} / {element.Identifier} ({retain}): {element.Reason}");
            }

            Say();
            Say("4. The person reviews the plan and leaves the sensitive remarks (摘要) unconfirmed; the wallet answers.");
            var response = await holder.RespondAsync(plan, transcript, cancellationToken: cancellationToken).ConfigureAwait(false);
            var encoded = response.Encoded.EncodedBytes;
            Say($"   DeviceResponse: {encoded.Length} bytes, device-signed over the session transcript.");
            Say();

            Say("5. The verifier checks the issuer signature, the chain to the IACA, every digest, validity and the device signature.");
            using var anchors = TrustAnchorSet.Create([iaca]);
            var result = new MdocVerifier(new MdocVerifierOptions { TrustAnchors = anchors }).Verify(encoded, new MdocSession(transcript));
            Say(result.IsValid ? "   VALID. The verifier saw exactly:" : "   INVALID: " + string.Join(", ", result.Failures.Select(f => f.Code)));
            foreach (var document in result.Documents)
            {
                foreach (var (nameSpace, elements) in document.Elements)
                {
                    foreach (var (identifier, value) in elements)
                    {
                        type.TryGetElement(nameSpace, identifier, out var definition);
                        Say($"     {definition?.DisplayNameJa ?? identifier} / {identifier}: {ValueText.Format(value)}");
                    }
                }
            }

            Say();
            Say("6. The person's log (who, when, which elements; never the values):");
            foreach (var record in await holder.Log.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                Say($"   {record.At:yyyy-MM-dd HH:mm:ss}Z  {record.Requester.Subject}  {record.DocType}  {string.Join(", ", record.Elements.Select(e => e[(e.LastIndexOf('/') + 1)..]))}");
            }

            var remaining = (await store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Count(c => c.UseCount == 0);
            Say($"   {remaining} unused credentials remain in the batch, so the next presentation cannot be linked to this one through the credential.");
        }
        finally
        {
            deviceKeys.ForEach(k => k.Dispose());
        }
    }

    private static string Mark(ElementDecision decision) => decision switch
    {
        ElementDecision.Disclose => "[share]",
        ElementDecision.NeedsConfirmation => "[ask]",
        ElementDecision.Excluded => "[removed]",
        ElementDecision.Refused => "[refused]",
        _ => "[missing]",
    };

    private static DocumentClaims ReadClaims(string resource, DocumentType type)
    {
        using var stream = typeof(DemoCommand).Assembly.GetManifestResourceStream("Honnin.Cli.claims." + resource)
            ?? throw new InvalidOperationException("The demo claims are missing from the tool.");
        using var document = JsonDocument.Parse(stream);
        return DocumentClaims.TryFromJson(document.RootElement, type, out var claims, out _)
            ? claims
            : throw new InvalidOperationException("The demo claims do not fit their type.");
    }
}
