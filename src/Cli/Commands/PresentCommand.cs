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
        var credential = new Option<string>("--credential") { Description = "The credential file written by 'honnin issue'.", Required = true };
        var holderKey = new Option<string>("--holder-key") { Description = "The holder's private JWK (or JWK set).", Required = true };
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
            format, credential, holderKey, disclose, exclude, request, trustReader, trustRegistrar, transcript, responseUri, audience, nonce, output, json,
        };
        command.SetAction(async (parseResult, cancellationToken) => await RunAsync(
            new Arguments(
                parseResult.GetValue(format), parseResult.GetValue(credential)!, parseResult.GetValue(holderKey)!, parseResult.GetValue(disclose), parseResult.GetValue(exclude),
                parseResult.GetValue(request), parseResult.GetValue(trustReader) ?? [], parseResult.GetValue(trustRegistrar) ?? [], parseResult.GetValue(transcript), parseResult.GetValue(responseUri), parseResult.GetValue(audience), parseResult.GetValue(nonce), parseResult.GetValue(output)!, parseResult.GetValue(json)),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken).ConfigureAwait(false));
        return command;
    }

    private sealed record Arguments(string? Format, string Credential, string HolderKey, string? Disclose, string? Exclude, string? Request, string[] TrustReader, string[] TrustRegistrar, string? Transcript, string? ResponseUri, string? Audience, string? Nonce, string Output, bool Json);

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

        if (arguments.Credential == StandardStreams.Dash)
        {
            throw new UsageException("--credential cannot be '-': present records each credential's use in the file.");
        }

        var raw = InputFiles.ReadBounded(arguments.Credential, "--credential");
        var kind = InputKinds.Detect(raw, out var credentialBytes, out _);
        var format = InputKinds.ResolveFormat(arguments.Format, kind, "--credential", arguments.Credential);
        var expected = format == "sd-jwt" ? InputKind.SdJwtCredentialFile : InputKind.MdocCredentialFile;
        if (kind != expected)
        {
            throw new InputException(InputException.WrongKind, InputKinds.WrongKind("--credential", arguments.Credential, kind, InputKinds.Describe(expected)));
        }

        if (format == "sd-jwt")
        {
            return await PresentSdJwtAsync(arguments, SdJwtCredentialFile.Parse(System.Text.Encoding.UTF8.GetString(raw), arguments.Credential), output, error, cancellationToken).ConfigureAwait(false);
        }

        var walletBuiltTranscript = arguments.Request is not null && arguments.ResponseUri is not null;
        if (walletBuiltTranscript && (arguments.Nonce is null || arguments.Transcript is not null))
        {
            throw new UsageException("Answering a --request over OpenID4VP takes --nonce with --response-uri, and no --transcript: the wallet builds the transcript itself.");
        }

        if (!walletBuiltTranscript && arguments.Transcript is null)
        {
            throw new UsageException("--transcript is required for mdoc: the response is bound to the session transcript (or, answering a --request over OpenID4VP, give --nonce and --response-uri).");
        }

        var file = CredentialFile.Parse(credentialBytes, arguments.Credential);
        var transcript = arguments.Transcript is null ? null : RequestCommand.ReadTranscript(arguments.Transcript);
        var registry = DocumentTypeRegistry.CreateDefault();
        var type = registry.TryGet(file.DocType, out var known)
            ? known
            : throw new RefusedException("unknown_document_type", $"The credential's type {file.DocType} is not a known document type.");
        using var wallet = CliWallet.Open(arguments, registry);
        var store = wallet.Store;
        var holder = new MdocHolder(store, wallet.Keys, wallet.Options);
        var ids = await LoadAsync(holder, store, file, arguments.Credential, cancellationToken).ConfigureAwait(false);

        PresentationPlan plan;
        if (arguments.Request is { } requestPath)
        {
            plan = walletBuiltTranscript
                ? await holder.PlanOpenId4VpAsync(ReadRequest(requestPath), arguments.Nonce!, arguments.ResponseUri!, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await holder.PlanAsync(ReadRequest(requestPath), transcript!, cancellationToken).ConfigureAwait(false);
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
            plan = await holder.PlanSelectionAsync(file.DocType, ElementNames.Resolve(arguments.Disclose!, type, "--disclose"), cancellationToken).ConfigureAwait(false);
            ReportSelection(plan, error);
        }

        var planned = CheckPlanned(plan, error);

        try
        {
            var response = arguments.Request is not null
                ? await holder.RespondAsync(plan, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await holder.RespondAsync(plan, transcript!, cancellationToken: cancellationToken).ConfigureAwait(false);
            OutputFiles.Write(arguments.Output, response.Encoded.EncodedBytes.Span, "--out");
        }
        catch (InvalidOperationException)
        {
            throw new RefusedException("holder_key_mismatch", "The --holder-key file does not hold the private key this credential is bound to.");
        }

        var counts = (await store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id, c => c.UseCount);
        new CredentialFile(file.DocType, [.. file.Credentials.Select((c, i) => (c.IssuerSigned, counts[ids[i]]))]).Write(arguments.Credential);
        var shown = planned.Elements.Where(e => e.Decision == ElementDecision.Disclose).Select(e => e.Identifier).ToList();
        Report(arguments, output, plan, $"Presented credential {ids.IndexOf(planned.CredentialId!) + 1} of {ids.Count} ({file.DocType}), disclosing {(shown.Count == 0 ? "nothing" : string.Join(", ", shown))}; wrote {arguments.Output}.", new JsonObject
        {
            ["file"] = arguments.Output,
            ["format"] = "mdoc",
            ["docType"] = file.DocType,
            ["credential"] = ids.IndexOf(planned.CredentialId!) + 1,
            ["credentials"] = ids.Count,
            ["disclosed"] = Reports.Strings(planned.Elements.Where(e => e.Decision == ElementDecision.Disclose).Select(e => e.NameSpace + "/" + e.Identifier)),
        });
        return ExitCodes.Success;
    }

    private static async Task<int> PresentSdJwtAsync(Arguments arguments, SdJwtCredentialFile file, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var registry = DocumentTypeRegistry.CreateDefault();
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
        using var wallet = CliWallet.Open(arguments, registry);
        var store = wallet.Store;
        var holder = new SdJwtVcHolder(store, wallet.Keys, wallet.Options);
        var ids = new List<string>();
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

        var paths = arguments.Disclose is null ? [] : ClaimPaths(arguments.Disclose);
        PresentationPlan plan;
        if (request is not null)
        {
            plan = await holder.PlanAsync(request, cancellationToken).ConfigureAwait(false);
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
            plan = await holder.PlanSelectionAsync(file.Vct, paths, cancellationToken).ConfigureAwait(false);
            ReportSelection(plan, error);
        }

        var planned = CheckPlanned(plan, error);

        string? presentation;
        try
        {
            presentation = request is not null
                ? await holder.RespondAsync(plan, request, cancellationToken).ConfigureAwait(false)
                : await holder.RespondAsync(plan, audience, nonce, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            throw new RefusedException("holder_key_mismatch", "The --holder-key file does not hold the private key this credential is bound to.");
        }

        if (presentation is null)
        {
            throw new RefusedException("nothing_to_disclose", "The plan discloses nothing; no presentation was written.");
        }

        OutputFiles.WriteText(arguments.Output, presentation + "\n", "--out");
        var counts = (await store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id, c => c.UseCount);
        new SdJwtCredentialFile(file.Vct, [.. file.Credentials.Select((c, i) => (c.SdJwt, counts[ids[i]]))]).Write(arguments.Credential);
        var shown = planned.Elements.Where(e => e.Decision == ElementDecision.Disclose).Select(e => e.ClaimPath).ToList();
        Report(arguments, output, plan, $"Presented credential {ids.IndexOf(planned.CredentialId!) + 1} of {ids.Count} ({file.Vct}) to {audience}, disclosing {string.Join(", ", shown)}; wrote {arguments.Output}.", new JsonObject
        {
            ["file"] = arguments.Output,
            ["format"] = "sd-jwt",
            ["vct"] = file.Vct,
            ["audience"] = audience,
            ["credential"] = ids.IndexOf(planned.CredentialId!) + 1,
            ["credentials"] = ids.Count,
            ["disclosed"] = Reports.Strings(shown.Select(c => c ?? string.Empty)),
        });
        return ExitCodes.Success;
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
    private static PlannedDocument CheckPlanned(PresentationPlan plan, TextWriter error)
    {
        var planned = plan.Documents[0];
        if (planned.CredentialId is null)
        {
            throw new RefusedException("no_valid_credential", "No credential in the file is still valid.");
        }

        if (planned.ReusesCredential)
        {
            error.WriteLine("warning: every credential in this file was presented before; this presentation can be linked to an earlier one. Issue a new batch.");
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

    private static async Task<List<string>> LoadAsync(MdocHolder holder, InMemoryCredentialStore store, CredentialFile file, string path, CancellationToken cancellationToken)
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

    private static void PrintPlan(PresentationPlan plan, TextWriter output)
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

    /// <summary>The wallet a presentation runs in: the holder keys, the reader and registrar roots, an in-memory store.</summary>
    private sealed class CliWallet : IDisposable
    {
        private readonly List<SoftwareSigner> _signers;
        private readonly TrustAnchorSet? _readerRoots;
        private readonly TrustAnchorSet? _registrarRoots;

        private CliWallet(List<SoftwareSigner> signers, TrustAnchorSet? readerRoots, TrustAnchorSet? registrarRoots, DocumentTypeRegistry registry)
        {
            _signers = signers;
            _readerRoots = readerRoots;
            _registrarRoots = registrarRoots;
            signers.ForEach(Keys.Add);
            Options = new HolderOptions { DocumentTypes = registry, ReaderTrustAnchors = readerRoots, RegistrarTrustAnchors = registrarRoots };
        }

        public InMemoryDeviceKeyResolver Keys { get; } = new();

        public InMemoryCredentialStore Store { get; } = new();

        public HolderOptions Options { get; }

        public static CliWallet Open(Arguments arguments, DocumentTypeRegistry registry)
        {
            var signers = KeyFiles.ReadPrivateJwks(arguments.HolderKey, "--holder-key");
            TrustAnchorSet? readerRoots = null;
            try
            {
                readerRoots = arguments.TrustReader.Length == 0 ? null : ReadRoots(arguments.TrustReader, "--trust-reader");
                var registrarRoots = arguments.TrustRegistrar.Length == 0 ? null : ReadRoots(arguments.TrustRegistrar, "--trust-registrar");
                return new CliWallet(signers, readerRoots, registrarRoots, registry);
            }
            catch
            {
                readerRoots?.Dispose();
                signers.ForEach(s => s.Dispose());
                throw;
            }
        }

        public void Dispose()
        {
            _signers.ForEach(s => s.Dispose());
            _readerRoots?.Dispose();
            _registrarRoots?.Dispose();
        }
    }

    // The credential file counts the presentations already made from each credential; the store gets the same count.
    private static async Task KeepUseCountAsync(InMemoryCredentialStore store, StoredCredential stored, int used, CancellationToken cancellationToken)
    {
        if (used > 0)
        {
            await store.RemoveAsync(stored.Id, cancellationToken).ConfigureAwait(false);
            await store.AddAsync(stored with { UseCount = used }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TrustAnchorSet ReadRoots(string[] paths, string option)
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
