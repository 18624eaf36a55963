using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Holder.SdJwt;
using Honnin.SdJwt;
using Honnin.Mdoc;
using Honnin.X509;

namespace Honnin.Cli.Commands;

/// <summary>
/// <c>honnin present</c>: the holder answers with a DeviceResponse. Either the person names the elements
/// (<c>--disclose</c>), or the wallet plans the answer to a verifier's request (<c>--request</c>) with its policy, and
/// <c>--disclose</c> confirms elements the plan left for the person to decide.
/// </summary>
internal static class PresentCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "Credential format: mdoc or sd-jwt; by default, that of the credential file." };
        format.AcceptOnlyFromAmong("mdoc", "sd-jwt");
        var credential = new Option<string>("--credential") { Description = "The credential file written by 'honnin issue' (or give --wallet)." };
        var holderKey = new Option<string>("--holder-key") { Description = "With --credential: the holder's private JWK (or JWK set)." };
        var wallet = WalletFiles.WalletOption("Present from this wallet (see 'honnin wallet import') instead of --credential and --holder-key: an unused credential is taken and the person's log written in one step.", required: false);
        var passphraseFile = WalletFiles.PassphraseFileOption();
        var type = new Option<string>("--type") { Description = "With --wallet and --disclose, when the wallet holds several document types: withholding-slip, enrollment-certificate, or a docType or vct." };
        var disclose = new Option<string>("--disclose") { Description = "Elements to disclose (ID[,ID...]: identifier, namespace/identifier or dp_<domain>); with --request, elements the person confirms." };
        var request = new Option<string>("--request") { Description = "A verifier's DeviceRequest (from 'honnin request'); the wallet plans the answer." };
        var trustReader = new Option<string[]>("--trust-reader") { Description = "A reader root (PEM): verifiers under it are authenticated, but their registrations are not believed. Repeat for several." };
        var trustRegistrar = new Option<string[]>("--trust-registrar") { Description = "A registrar root (PEM): verifiers under it are authenticated and their registrations (domains, purpose, elements) believed. Repeat for several." };
        var transcript = new Option<string>("--transcript") { Description = "mdoc: the SessionTranscript (from the verifier, or 'honnin transcript')." };
        var responseUri = new Option<string>("--response-uri") { Description = "mdoc with --request over OpenID4VP: where the response goes; with --nonce, the wallet builds the session transcript from the identity of the certificate that signed the request (instead of --transcript)." };
        var audience = new Option<string>("--aud") { Description = "sd-jwt: the verifier's identifier for the key-binding JWT (or take it from --request)." };
        var nonce = new Option<string>("--nonce") { Description = "sd-jwt: the verifier's nonce for the key-binding JWT (or take it from --request)." };
        var exclude = new Option<string>("--exclude") { Description = "With --request: elements the person refuses to share (ID[,ID...]), whatever the plan says." };
        var output = new Option<string>("--out") { Description = "The presentation file to write ('-' for standard output).", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("present", "Answer a verifier: disclose chosen elements of a credential, bound to a session transcript.")
        {
            format, credential, holderKey, wallet, passphraseFile, type, disclose, exclude, request, trustReader, trustRegistrar, transcript, responseUri, audience, nonce, output, json,
        };
        command.SetAction(async (parseResult, cancellationToken) => await RunAsync(
            new Arguments(
                parseResult.GetValue(format), parseResult.GetValue(credential), parseResult.GetValue(holderKey), parseResult.GetValue(wallet), parseResult.GetValue(passphraseFile), parseResult.GetValue(type),
                parseResult.GetValue(disclose), parseResult.GetValue(exclude),
                parseResult.GetValue(request), parseResult.GetValue(trustReader) ?? [], parseResult.GetValue(trustRegistrar) ?? [], parseResult.GetValue(transcript), parseResult.GetValue(responseUri), parseResult.GetValue(audience), parseResult.GetValue(nonce), parseResult.GetValue(output)!, parseResult.GetValue(json)),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken).ConfigureAwait(false));
        return command;
    }

    private sealed record Arguments(string? Format, string? Credential, string? HolderKey, string? Wallet, string? PassphraseFile, string? Type, string? Disclose, string? Exclude, string? Request, string[] TrustReader, string[] TrustRegistrar, string? Transcript, string? ResponseUri, string? Audience, string? Nonce, string Output, bool Json);

    private static async Task<int> RunAsync(Arguments arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (arguments.Disclose is null && arguments.Request is null)
        {
            throw new UsageException("Give --disclose (the elements to show), or --request (a verifier's request to plan the answer to).");
        }

        if (arguments.Exclude is not null && arguments.Request is null)
        {
            throw new UsageException("--exclude goes with --request; without a request, --disclose names exactly what is shown.");
        }

        CheckSource(arguments);
        var registry = DocumentTypeRegistry.CreateDefault();
        if (arguments.Wallet is { } walletPath)
        {
            var passphrase = WalletFiles.ReadPassphrase(arguments.PassphraseFile);
            return await WalletFiles.GuardAsync(walletPath, async () =>
            {
                using var wallet = await CliWallet.OpenAsync(arguments, walletPath, passphrase, registry, cancellationToken).ConfigureAwait(false);
                var format = arguments.Format ?? RequestFormat(arguments.Request) ?? await wallet.OnlyFormatAsync(cancellationToken).ConfigureAwait(false);
                return format == "sd-jwt"
                    ? await PresentSdJwtAsync(arguments, wallet, null, registry, output, error, cancellationToken).ConfigureAwait(false)
                    : await PresentMdocAsync(arguments, wallet, null, registry, output, error, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        var file = AnyCredentialFile.Read(arguments.Credential!, arguments.Format, "--credential");
        if (file.SdJwt is { } sdJwtFile)
        {
            using var sdJwtWallet = CliWallet.FromFiles(arguments, registry);
            return await PresentSdJwtAsync(arguments, sdJwtWallet, sdJwtFile, registry, output, error, cancellationToken).ConfigureAwait(false);
        }

        using var wallet = CliWallet.FromFiles(arguments, registry);
        return await PresentMdocAsync(arguments, wallet, file.Mdoc!, registry, output, error, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The credentials come from a credential file with its holder key, or from a wallet: one of the two.</summary>
    private static void CheckSource(Arguments arguments)
    {
        if (arguments.Wallet is null)
        {
            if (arguments.Credential is null)
            {
                throw new UsageException("Give --credential and --holder-key (a credential file and its holder key), or --wallet (a wallet from 'honnin wallet import').");
            }

            if (arguments.HolderKey is null)
            {
                throw new UsageException("--credential takes --holder-key: the private key the credential is bound to.");
            }

            if (arguments.PassphraseFile is not null || arguments.Type is not null)
            {
                throw new UsageException($"{(arguments.PassphraseFile is not null ? "--passphrase-file" : "--type")} goes with --wallet; a --credential file names its own document type and needs no passphrase.");
            }

            if (arguments.Credential == StandardStreams.Dash)
            {
                throw new UsageException("--credential cannot be '-': present records each credential's use in the file.");
            }

            return;
        }

        if (arguments.Credential is not null || arguments.HolderKey is not null)
        {
            throw new UsageException("--wallet replaces --credential and --holder-key: the wallet keeps the credentials and their holder keys. Give one or the other.");
        }

        if (arguments.Type is not null && arguments.Request is not null)
        {
            throw new UsageException("--type goes with --disclose; a --request names the document type it asks for.");
        }
    }

    // The format a request file is in, when it can be read twice (standard input cannot).
    private static string? RequestFormat(string? requestPath) =>
        requestPath is null || requestPath == StandardStreams.Dash
            ? null
            : InputKinds.FormatOf(InputKinds.Detect(InputFiles.ReadBounded(requestPath, "--request", InputFiles.MaxItemLength * 2)));

    private static async Task<int> PresentMdocAsync(Arguments arguments, CliWallet wallet, CredentialFile? file, DocumentTypeRegistry registry, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var walletBuiltTranscript = arguments.Request is not null && arguments.ResponseUri is not null;
        if (walletBuiltTranscript && (arguments.Nonce is null || arguments.Transcript is not null))
        {
            throw new UsageException("Answering a --request over OpenID4VP takes --nonce with --response-uri, and no --transcript: the wallet builds the transcript itself.");
        }

        if (!walletBuiltTranscript && arguments.Transcript is null)
        {
            throw new UsageException("--transcript is required for mdoc: the response is bound to the session transcript (or, answering a --request over OpenID4VP, give --nonce and --response-uri).");
        }

        var transcript = arguments.Transcript is null ? null : RequestCommand.ReadTranscript(arguments.Transcript);
        var request = arguments.Request is null ? null : ReadRequest(arguments.Request);
        var docType = file?.DocType
            ?? (request is { DocRequests.Count: > 0 } ? request.DocRequests[0].ItemsRequest.DocType : null)
            ?? await wallet.OnlyTypeAsync(CredentialFormat.Mdoc, arguments.Type, registry, cancellationToken).ConfigureAwait(false);
        var type = registry.TryGet(docType, out var known)
            ? known
            : throw new RefusedException("unknown_document_type", ValueText.Clean($"{(file is null ? "The document type" : "The credential's type")} {docType} is not a known document type."));
        var store = wallet.Store;
        var holder = new MdocHolder(store, wallet.Keys, wallet.Options);
        var ids = file is null ? null : await LoadAsync(holder, store, file, arguments.Credential!, cancellationToken).ConfigureAwait(false);

        PresentationPlan plan;
        if (request is not null)
        {
            plan = walletBuiltTranscript
                ? await holder.PlanOpenId4VpAsync(request, arguments.Nonce!, arguments.ResponseUri!, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await holder.PlanAsync(request, transcript!, cancellationToken).ConfigureAwait(false);
            await RefuseIfStoppedAsync(arguments, wallet, plan, output, cancellationToken).ConfigureAwait(false);
            foreach (var (nameSpace, identifier) in arguments.Disclose is null ? [] : ElementNames.Resolve(arguments.Disclose, type, "--disclose"))
            {
                plan = Confirm(plan, nameSpace, identifier, identifier);
            }

            foreach (var (nameSpace, identifier) in arguments.Exclude is null ? [] : ElementNames.Resolve(arguments.Exclude, type, "--exclude"))
            {
                plan = Exclude(plan, nameSpace, identifier, identifier, error);
            }

            if (!arguments.Json)
            {
                PrintPlan(plan, output);
            }
        }
        else
        {
            plan = await holder.PlanSelectionAsync(docType, ElementNames.Resolve(arguments.Disclose!, type, "--disclose"), cancellationToken).ConfigureAwait(false);
            ReportSelection(plan, error);
        }

        var planned = CheckPlanned(plan, wallet, error);

        try
        {
            var response = request is not null
                ? await holder.RespondAsync(plan, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await holder.RespondAsync(plan, transcript!, cancellationToken: cancellationToken).ConfigureAwait(false);
            OutputFiles.Write(arguments.Output, response.Encoded.EncodedBytes.Span, "--out");
        }
        catch (InvalidOperationException e)
        {
            throw wallet.NotPresented(e);
        }

        if (file is not null)
        {
            var counts = (await store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id, c => c.UseCount);
            new CredentialFile(file.DocType, [.. file.Credentials.Select((c, i) => (c.IssuerSigned, counts[ids![i]]))]).Write(arguments.Credential!);
        }

        var source = await wallet.DescribeAsync(planned.CredentialId!, ids, cancellationToken).ConfigureAwait(false);
        var shown = planned.Elements.Where(e => e.Decision == ElementDecision.Disclose).Select(e => e.Identifier).ToList();
        var json = new JsonObject
        {
            ["file"] = arguments.Output,
            ["format"] = "mdoc",
            ["docType"] = docType,
        };
        source.AddTo(json);
        json["disclosed"] = Reports.Strings(planned.Elements.Where(e => e.Decision == ElementDecision.Disclose).Select(e => e.NameSpace + "/" + e.Identifier));
        Report(arguments, output, plan, $"Presented {source.Text} ({docType}), disclosing {(shown.Count == 0 ? "nothing" : string.Join(", ", shown))}; wrote {arguments.Output}.{source.After}", json);
        return ExitCodes.Success;
    }

    private static async Task<int> PresentSdJwtAsync(Arguments arguments, CliWallet wallet, SdJwtCredentialFile? file, DocumentTypeRegistry registry, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        SdJwtPresentationRequest? request = null;
        if (arguments.Request is { } requestPath)
        {
            var requestBytes = InputFiles.ReadBounded(requestPath, "--request", InputFiles.MaxItemLength);
            var requestKind = InputKinds.Detect(requestBytes);
            request = SdJwtPresentationRequest.TryParse(System.Text.Encoding.UTF8.GetString(requestBytes).Trim(), out var parsed, out var failure)
                ? parsed
                : throw new InputException(
                    requestKind == InputKind.DeviceRequest ? InputException.WrongFormat : InputException.WrongKind,
                    requestKind == InputKind.DeviceRequest
                        ? InputKinds.WrongKind("--request", requestPath, requestKind, "an SD-JWT presentation request") + " An mdoc request is answered from an mdoc credential file."
                        : $"The --request file '{requestPath}' is not an SD-JWT presentation request ({failure.Code}): {failure.Message}");
        }

        var audience = request?.Audience ?? arguments.Audience ?? throw new UsageException("--aud is required for sd-jwt without --request.");
        var nonce = request?.Nonce ?? arguments.Nonce ?? throw new UsageException("--nonce is required for sd-jwt without --request.");
        var store = wallet.Store;
        var holder = new SdJwtVcHolder(store, wallet.Keys, wallet.Options);
        List<string>? ids = null;
        if (file is not null)
        {
            ids = [];
            foreach (var (sdJwt, used) in file.Credentials)
            {
                StoredCredential stored;
                try
                {
                    stored = await holder.StoreAsync(sdJwt, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (CredentialFormatException e)
                {
                    throw new InputException(InputException.Malformed, $"The --credential file '{arguments.Credential}' holds a malformed credential ({e.Code}).");
                }

                await KeepUseCountAsync(store, stored, used, cancellationToken).ConfigureAwait(false);
                ids.Add(stored.Id);
            }
        }

        var paths = arguments.Disclose is null ? [] : ClaimPaths(arguments.Disclose);
        PresentationPlan plan;
        if (request is not null)
        {
            plan = await holder.PlanAsync(request, cancellationToken).ConfigureAwait(false);
            await RefuseIfStoppedAsync(arguments, wallet, plan, output, cancellationToken).ConfigureAwait(false);
            foreach (var path in paths)
            {
                var element = plan.Documents[0].Elements.FirstOrDefault(e => e.ClaimPath == path.ToString())
                    ?? throw new UsageException($"--disclose: '{path}' is not part of the request.");
                plan = Confirm(plan, element.NameSpace, element.Identifier, path.ToString());
            }

            foreach (var path in arguments.Exclude is null ? [] : ClaimPaths(arguments.Exclude))
            {
                var element = plan.Documents[0].Elements.FirstOrDefault(e => e.ClaimPath == path.ToString())
                    ?? throw new UsageException($"--exclude: '{path}' is not part of the request.");
                plan = Exclude(plan, element.NameSpace, element.Identifier, path.ToString(), error);
            }

            if (!arguments.Json)
            {
                PrintPlan(plan, output);
            }
        }
        else
        {
            var vct = file?.Vct ?? await wallet.OnlyTypeAsync(CredentialFormat.SdJwtVc, arguments.Type, registry, cancellationToken).ConfigureAwait(false);
            plan = await holder.PlanSelectionAsync(vct, paths, cancellationToken).ConfigureAwait(false);
            ReportSelection(plan, error);
        }

        var planned = CheckPlanned(plan, wallet, error);

        string? presentation;
        try
        {
            presentation = request is not null
                ? await holder.RespondAsync(plan, request, cancellationToken).ConfigureAwait(false)
                : await holder.RespondAsync(plan, audience, nonce, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw wallet.NotPresented(e);
        }

        if (presentation is null)
        {
            throw new RefusedException("nothing_to_disclose", "The plan discloses nothing; no presentation was written.");
        }

        OutputFiles.WriteText(arguments.Output, presentation + "\n", "--out");
        if (file is not null)
        {
            var counts = (await store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id, c => c.UseCount);
            new SdJwtCredentialFile(file.Vct, [.. file.Credentials.Select((c, i) => (c.SdJwt, counts[ids![i]]))]).Write(arguments.Credential!);
        }

        var source = await wallet.DescribeAsync(planned.CredentialId!, ids, cancellationToken).ConfigureAwait(false);
        var shown = planned.Elements.Where(e => e.Decision == ElementDecision.Disclose).Select(e => e.ClaimPath).ToList();
        var vctShown = file?.Vct ?? planned.DocType;
        var json = new JsonObject
        {
            ["file"] = arguments.Output,
            ["format"] = "sd-jwt",
            ["vct"] = vctShown,
            ["audience"] = audience,
        };
        source.AddTo(json);
        json["disclosed"] = Reports.Strings(shown.Select(c => c ?? string.Empty));
        Report(arguments, output, plan, $"Presented {source.Text} ({vctShown}) to {audience}, disclosing {string.Join(", ", shown)}; wrote {arguments.Output}.{source.After}", json);
        return ExitCodes.Success;
    }

    /// <summary>
    /// A verifier the person stopped sharing with is refused before anything else: the plan is shown (it says why nothing
    /// is released), and nothing is written.
    /// </summary>
    private static async Task RefuseIfStoppedAsync(Arguments arguments, CliWallet wallet, PresentationPlan plan, TextWriter output, CancellationToken cancellationToken)
    {
        if (!plan.Requester.Problems.Contains(RequesterProblem.SharingStopped))
        {
            return;
        }

        if (!arguments.Json)
        {
            PrintPlan(plan, output);
        }

        var stopped = (await wallet.Store.Consents.ListStoppedAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.Matches(plan.Requester));
        var name = stopped?.Verifier ?? plan.Requester.Subject ?? "this verifier";
        throw new RefusedException(RequesterProblem.SharingStopped, $"The person stopped sharing with {name}; nothing was presented. 'honnin wallet resume \"{name}\" --wallet {wallet.Path}' shares with it again.");
    }

    /// <summary>For a selection: refuses elements the credential lacks, and notes those the policy keeps back.</summary>
    private static void ReportSelection(PresentationPlan plan, TextWriter error)
    {
        var elements = plan.Documents[0].Elements;
        var missing = elements.Where(e => e.Decision == ElementDecision.NotHeld).Select(e => e.ClaimPath ?? e.Identifier).ToList();
        if (missing.Count > 0)
        {
            throw new RefusedException("element_not_held", "The credential does not hold: " + string.Join(", ", missing) + ".");
        }

        foreach (var refused in elements.Where(e => e.Decision == ElementDecision.Refused))
        {
            error.WriteLine(ValueText.Clean($"note: {refused.ClaimPath ?? refused.Identifier} is not disclosed ({PlanWords.Explain(refused.Reason)})."));
        }
    }

    /// <summary>The planned document, once a usable credential answers it; warns when the presentation is linkable.</summary>
    private static PlannedDocument CheckPlanned(PresentationPlan plan, CliWallet wallet, TextWriter error)
    {
        var planned = plan.Documents[0];
        if (planned.CredentialId is null)
        {
            throw new RefusedException("no_valid_credential", wallet.Path is null
                ? "No credential in the file is still valid."
                : ValueText.Clean($"The wallet holds no {planned.DocType} credential that is still valid."));
        }

        if (planned.ReusesCredential)
        {
            error.WriteLine(wallet.Path is null
                ? "warning: every credential in this file was presented before; this presentation can be linked to an earlier one. Issue a new batch."
                : ValueText.Clean($"warning: every {planned.DocType} credential in the wallet was presented before; this presentation can be linked to an earlier one. Issue a new batch and import it."));
        }

        return planned;
    }

    /// <summary>Claim paths from the command line; <c>dp_&lt;domain&gt;</c> is short for <c>pseudonyms.&lt;domain&gt;</c>.</summary>
    internal static List<ClaimPath> ClaimPaths(string list)
    {
        var result = new List<ClaimPath>();
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var text = Pseudonyms.PseudonymDomain.TryFromElementIdentifier(name, out var domain) ? domain.ClaimPath : name;
            result.Add(ClaimPath.TryParse(text, out var path) ? path : throw new UsageException($"'{name}' is not a claim path such as address.locality or dependents_list[0]."));
        }

        return result.Count > 0 ? result : throw new UsageException("No claim is named.");
    }

    private static async Task<List<string>> LoadAsync(MdocHolder holder, ICredentialStore store, CredentialFile file, string path, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var (issuerSigned, used) in file.Credentials)
        {
            StoredCredential stored;
            try
            {
                stored = await holder.StoreAsync(issuerSigned.EncodedBytes, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialFormatException e)
            {
                throw new InputException(InputException.Malformed, $"The --credential file '{path}' holds a malformed credential ({e.Code}).");
            }

            await KeepUseCountAsync(store, stored, used, cancellationToken).ConfigureAwait(false);
            ids.Add(stored.Id);
        }

        return ids;
    }

    private static PresentationPlan Confirm(PresentationPlan plan, string nameSpace, string identifier, string name)
    {
        var element = plan.Documents.SelectMany(d => d.Elements).FirstOrDefault(e => e.NameSpace == nameSpace && e.Identifier == identifier)
            ?? throw new UsageException($"--disclose: '{name}' is not part of the request.");
        if (element.Decision == ElementDecision.Disclose)
        {
            return plan;
        }

        try
        {
            return plan.Confirm(nameSpace, identifier);
        }
        catch (InvalidOperationException)
        {
            throw new RefusedException("plan_refused", $"--disclose: '{name}' cannot be added: {PlanWords.Explain(element.Reason)}.");
        }
    }

    private static PresentationPlan Exclude(PresentationPlan plan, string nameSpace, string identifier, string name, TextWriter error)
    {
        var element = plan.Documents.SelectMany(d => d.Elements).FirstOrDefault(e => e.NameSpace == nameSpace && e.Identifier == identifier)
            ?? throw new UsageException($"--exclude: '{name}' is not part of the request.");
        if (element.Decision is not (ElementDecision.Disclose or ElementDecision.NeedsConfirmation))
        {
            error.WriteLine(ValueText.Clean($"note: --exclude: '{name}' is not shared anyway ({PlanWords.Explain(element.Reason)})."));
            return plan;
        }

        return plan.Exclude(nameSpace, identifier);
    }

    /// <summary>The result line, or with --json one object with the plan the person saw.</summary>
    private static void Report(Arguments arguments, TextWriter output, PresentationPlan plan, string text, JsonObject json)
    {
        if (!arguments.Json)
        {
            output.WriteLine(ValueText.Clean(text));
            return;
        }

        if (arguments.Request is not null)
        {
            var requester = plan.Requester;
            json["requester"] = new JsonObject
            {
                ["subject"] = requester.Subject,
                ["verified"] = requester.Authenticated,
                ["registered"] = requester.Registration is not null,
                ["problems"] = Reports.Strings(requester.Problems),
            };
            json["plan"] = new JsonArray([.. plan.Documents.SelectMany(d => d.Elements).Select(e => (JsonNode)new JsonObject
            {
                ["element"] = e.ClaimPath ?? e.NameSpace + "/" + e.Identifier,
                ["name"] = e.DisplayNameJa,
                ["decision"] = PlanWords.Mark(e.Decision).Trim('[', ']'),
                ["reason"] = e.Reason,
                ["explanation"] = PlanWords.Explain(e.Reason),
                ["retained"] = e.IntentToRetain,
            })]);
        }

        output.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    internal static void PrintPlan(PresentationPlan plan, TextWriter output)
    {
        var requester = plan.Requester;
        output.WriteLine(ValueText.Clean(requester.Authenticated
            ? $"The verifier {requester.Subject}: verified{(requester.Registration is null ? ", not registered" : ", registered")}"
            : $"The verifier {requester.Subject ?? "(unknown)"}: not verified ({string.Join("; ", requester.Problems.Select(PlanWords.ExplainProblem))})"));
        if (requester.Registration is { } registration)
        {
            output.WriteLine(ValueText.Clean($"Registered for {(registration.Domains.Count == 0 ? "no pseudonym domain" : "domains " + string.Join(", ", registration.Domains))}, with the purpose: {registration.Purpose}"));
        }

        foreach (var element in plan.Documents.SelectMany(d => d.Elements))
        {
            output.WriteLine(ValueText.Clean($"  {PlanWords.Mark(element.Decision),-10} {element.DisplayNameJa} / {element.ClaimPath ?? element.Identifier}{(element.IntentToRetain ? " (kept by the verifier)" : string.Empty)}: {PlanWords.Explain(element.Reason)}"));
        }
    }

    private static DeviceRequest ReadRequest(string path)
    {
        var raw = InputFiles.ReadBounded(path, "--request", InputFiles.MaxItemLength * 2);
        var kind = InputKinds.Detect(raw, out var bytes, out _);
        if (kind == InputKind.SdJwtRequest)
        {
            throw new InputException(InputException.WrongFormat, InputKinds.WrongKind("--request", path, kind, "an mdoc DeviceRequest"));
        }

        try
        {
            return DeviceRequest.Decode(bytes);
        }
        catch (CredentialFormatException e)
        {
            throw new InputException(InputException.WrongKind, $"The --request file '{path}' is not a DeviceRequest ({e.Code}).");
        }
    }

    /// <summary>
    /// The wallet a presentation runs in: the reader and registrar roots, and either the holder keys of a credential file
    /// with an in-memory store, or a wallet file (its store and the device keys it keeps).
    /// </summary>
    private sealed class CliWallet : IDisposable
    {
        private readonly List<IDisposable> _owned;

        private CliWallet(ICredentialStore store, IDeviceKeyResolver keys, TrustAnchorSet? readerRoots, TrustAnchorSet? registrarRoots, DocumentTypeRegistry registry, string? path, List<IDisposable> owned)
        {
            Store = store;
            Keys = keys;
            Path = path;
            _owned = owned;
            Options = new HolderOptions { DocumentTypes = registry, ReaderTrustAnchors = readerRoots, RegistrarTrustAnchors = registrarRoots };
        }

        public ICredentialStore Store { get; }

        public IDeviceKeyResolver Keys { get; }

        public HolderOptions Options { get; }

        /// <summary>The wallet file, or null when the credentials come from a credential file.</summary>
        public string? Path { get; }

        /// <summary>The holder keys of <c>--holder-key</c> and an in-memory store the credential file is loaded into.</summary>
        public static CliWallet FromFiles(Arguments arguments, DocumentTypeRegistry registry)
        {
            var signers = KeyFiles.ReadPrivateJwks(arguments.HolderKey!, "--holder-key");
            try
            {
                var (readerRoots, registrarRoots) = ReadRoots(arguments);
                var keys = new InMemoryDeviceKeyResolver();
                signers.ForEach(keys.Add);
                return new CliWallet(new InMemoryCredentialStore(), keys, readerRoots, registrarRoots, registry, null, [.. signers, .. Owned(readerRoots, registrarRoots)]);
            }
            catch
            {
                signers.ForEach(s => s.Dispose());
                throw;
            }
        }

        /// <summary>The wallet file at <paramref name="path"/>, which must exist.</summary>
        public static async Task<CliWallet> OpenAsync(Arguments arguments, string path, string passphrase, DocumentTypeRegistry registry, CancellationToken cancellationToken)
        {
            var (readerRoots, registrarRoots) = ReadRoots(arguments);
            try
            {
                var (store, _) = await WalletFiles.OpenAsync(path, passphrase, create: false, cancellationToken).ConfigureAwait(false);
                return new CliWallet(store, store.DeviceKeys, readerRoots, registrarRoots, registry, path, [store, .. Owned(readerRoots, registrarRoots)]);
            }
            catch
            {
                readerRoots?.Dispose();
                registrarRoots?.Dispose();
                throw;
            }
        }

        /// <summary>The one format of the wallet's credentials, when no --format or --request names it.</summary>
        public async Task<string> OnlyFormatAsync(CancellationToken cancellationToken)
        {
            var formats = (await Store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Select(c => c.Format).Distinct().ToList();
            return formats.Count switch
            {
                0 => throw new RefusedException("no_valid_credential", $"The wallet '{Path}' holds no credential; add one with 'honnin wallet import'."),
                1 => formats[0] == CredentialFormat.Mdoc ? "mdoc" : "sd-jwt",
                _ => throw new UsageException("The wallet holds mdoc and SD-JWT VC credentials: give --format mdoc or --format sd-jwt."),
            };
        }

        /// <summary>The document type to present for --disclose: the one --type names, or the only one the wallet holds in the format.</summary>
        public async Task<string> OnlyTypeAsync(CredentialFormat format, string? requested, DocumentTypeRegistry registry, CancellationToken cancellationToken)
        {
            if (requested is not null)
            {
                return registry.TryGet(requested, out var named) ? (format == CredentialFormat.Mdoc ? named.DocType : named.Vct) : requested;
            }

            var types = (await Store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
                .Where(c => c.Format == format).Select(c => c.DocType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var name = format == CredentialFormat.Mdoc ? "mdoc" : "SD-JWT VC";
            return types.Count switch
            {
                0 => throw new RefusedException("no_valid_credential", $"The wallet '{Path}' holds no {name} credential; add one with 'honnin wallet import'."),
                1 => types[0],
                _ => throw new UsageException(ValueText.Clean($"The wallet holds {name} credentials of several types ({string.Join(", ", types)}): give --type.")),
            };
        }

        /// <summary>
        /// Which credential answered, for the report: its place in the credential file, or in the wallet its batch and how
        /// many of the batch are left unused (the store may have taken another unused one of the batch than the plan showed).
        /// </summary>
        public async Task<PresentedFrom> DescribeAsync(string plannedId, List<string>? fileIds, CancellationToken cancellationToken)
        {
            if (fileIds is not null)
            {
                var index = fileIds.IndexOf(plannedId) + 1;
                return new PresentedFrom($"credential {index} of {fileIds.Count}", string.Empty, json =>
                {
                    json["credential"] = index;
                    json["credentials"] = fileIds.Count;
                });
            }

            var all = await Store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var chosen = all.First(c => c.Id == plannedId);
            if (chosen.BatchId is not { } batchId)
            {
                return new PresentedFrom($"credential {chosen.Id} of the wallet {Path}", string.Empty, json =>
                {
                    json["wallet"] = Path;
                    json["credentialId"] = chosen.Id;
                });
            }

            var batch = all.Where(c => c.BatchId == batchId).ToList();
            var unused = batch.Count(c => c.UseCount == 0);
            return new PresentedFrom($"a credential of batch {batchId} of the wallet {Path}", $" {unused} of the batch's {batch.Count} left unused.", json =>
            {
                json["wallet"] = Path;
                json["batch"] = batchId;
                json["credentials"] = batch.Count;
                json["unused"] = unused;
            });
        }

        /// <summary>Why the holder did not answer, as the tool reports it.</summary>
        public RefusedException NotPresented(InvalidOperationException e) => Path is null
            ? new RefusedException("holder_key_mismatch", "The --holder-key file does not hold the private key this credential is bound to.")
            : new RefusedException("not_presented", "Nothing was presented: " + ErrorText.Plain(e));

        public void Dispose() => _owned.ForEach(o => o.Dispose());

        private static (TrustAnchorSet? Reader, TrustAnchorSet? Registrar) ReadRoots(Arguments arguments)
        {
            TrustAnchorSet? readerRoots = null;
            try
            {
                readerRoots = arguments.TrustReader.Length == 0 ? null : PresentCommand.ReadRoots(arguments.TrustReader, "--trust-reader");
                var registrarRoots = arguments.TrustRegistrar.Length == 0 ? null : PresentCommand.ReadRoots(arguments.TrustRegistrar, "--trust-registrar");
                return (readerRoots, registrarRoots);
            }
            catch
            {
                readerRoots?.Dispose();
                throw;
            }
        }

        private static IEnumerable<IDisposable> Owned(params TrustAnchorSet?[] roots) => roots.OfType<IDisposable>();
    }

    /// <summary>Where the presented credential came from: words for the report line, and the same for --json.</summary>
    private sealed record PresentedFrom(string Text, string After, Action<JsonObject> AddTo);

    // The credential file counts the presentations already made from each credential; the store gets the same count.
    private static async Task KeepUseCountAsync(ICredentialStore store, StoredCredential stored, int used, CancellationToken cancellationToken)
    {
        if (used > 0)
        {
            await store.RemoveAsync(stored.Id, cancellationToken).ConfigureAwait(false);
            await store.AddAsync(stored with { UseCount = used }, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static TrustAnchorSet ReadRoots(string[] paths, string option)
    {
        var certificates = paths.Select(p => CaCommand.ReadCertificate(p, option)).ToList();
        try
        {
            return TrustAnchorSet.Create(certificates);
        }
        finally
        {
            certificates.ForEach(c => c.Dispose());
        }
    }
}
