using System.CommandLine;
using System.Text.Json.Nodes;
using Honnin.Holder;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Holder.SdJwt;
using Honnin.X509;

namespace Honnin.Cli.Commands;

/// <summary>
/// <c>honnin wallet present REQUEST_URI</c>: answers a verifier's OpenID4VP request from the wallet file. The wallet
/// fetches and checks the signed request, plans the answer under the person's policy and shows the plan: who asks, why,
/// and for each element whether it is shared and why. On a terminal the person confirms it; from a script
/// <c>--yes</c> accepts the plan as shown (nothing sensitive added). <c>--exclude</c> takes elements out,
/// <c>--add</c> adds what the policy leaves to the person (an unregistered verifier gets nothing else).
/// </summary>
internal static class WalletPresentCommand
{
    public static Command Create()
    {
        var request = new Argument<string>("REQUEST_URI") { Description = "The verifier's request: an openid4vp:// link, as scanned from its QR code." };
        var wallet = WalletFiles.WalletOption("The wallet file.");
        var trustReader = new Option<string[]>("--trust-reader") { Description = "A reader root (PEM): verifiers under it are authenticated, but their registrations are not believed. Repeat for several.", AllowMultipleArgumentsPerToken = false };
        var trustRegistrar = new Option<string[]>("--trust-registrar") { Description = "A registrar root (PEM): verifiers under it are authenticated and their registrations believed. Repeat for several.", AllowMultipleArgumentsPerToken = false };
        var yes = new Option<bool>("--yes") { Description = "Send the plan as shown without asking (needed when standard input is not a terminal)." };
        var exclude = new Option<string>("--exclude") { Description = "Elements not to share (ID[,ID...]: an identifier, namespace/identifier or claim path), whatever the plan says." };
        var add = new Option<string>("--add") { Description = "Elements the person adds (ID[,ID...]) that the plan leaves to them: asked for but outside the registration, sensitive, or for a verifier that is not registered." };
        var decline = new Option<bool>("--decline") { Description = "Tell the verifier the person declines; nothing is shared." };
        var passphraseFile = WalletFiles.PassphraseFileOption();
        var command = new Command("present", "Answer a verifier's OpenID4VP request (openid4vp://) from the wallet: show the plan, confirm it, send only what it shares.")
        {
            request, wallet, trustReader, trustRegistrar, yes, exclude, add, decline, passphraseFile, CommonOptions.Json(),
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var readers = parseResult.GetValue(trustReader) ?? [];
            var registrars = parseResult.GetValue(trustRegistrar) ?? [];
            if (readers.Length + registrars.Length == 0)
            {
                throw new UsageException("Give the verifiers' roots: --trust-registrar (registered verifiers) and/or --trust-reader (authenticated, not registered); without one no verifier can be authenticated.");
            }

            var passphrase = WalletFiles.ReadPassphrase(parseResult.GetValue(passphraseFile));
            using var readerRoots = readers.Length == 0 ? null : PresentCommand.ReadRoots(readers, "--trust-reader");
            using var registrarRoots = registrars.Length == 0 ? null : PresentCommand.ReadRoots(registrars, "--trust-registrar");
            var options = new HolderOptions { ReaderTrustAnchors = readerRoots, RegistrarTrustAnchors = registrarRoots };
            var json = Reports.WantsJson(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            return await WalletFiles.RunAsync(parseResult.GetValue(wallet)!, passphrase, async store =>
            {
                using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
                var client = new OpenId4VpClient(new MdocHolder(store, store.DeviceKeys, options), new SdJwtVcHolder(store, store.DeviceKeys, options), http);
                var session = await Map(() => client.ResolveAsync(parseResult.GetValue(request)!, cancellationToken)).ConfigureAwait(false);
                session = Narrow(session, parseResult.GetValue(exclude), parseResult.GetValue(add), error);
                if (!json)
                {
                    Print(session, error);
                }

                if (session.Requester.IsRejected)
                {
                    throw new RefusedException(session.Requester.Problems.First(RequesterProblem.IsRejection), "Nothing is shared with this verifier: " + string.Join("; ", session.Requester.Problems.Select(PlanWords.ExplainProblem)) + ".");
                }

                var declined = parseResult.GetValue(decline);
                if (!declined && !parseResult.GetValue(yes))
                {
                    if (!Terminal.IsInteractive)
                    {
                        throw new UsageException("Standard input is not a terminal, so the plan cannot be confirmed here: add --yes to send it as shown, or --decline.");
                    }

                    declined = !Terminal.Confirm(error, "Send what the plan shares to this verifier?");
                }

                var outcome = await Map(() => declined ? client.DeclineAsync(session, cancellationToken) : client.RespondAsync(session, cancellationToken)).ConfigureAwait(false);
                var shared = session.Queries.Where(q => outcome.Sent.Contains(q.QueryId)).SelectMany(q => q.Plan.Disclosed.Select(d => d.Element.ClaimPath ?? d.Element.NameSpace + "/" + d.Element.Identifier)).ToList();
                var text = outcome.Sent.Count == 0
                    ? "Declined: nothing was shared."
                    : $"Shared {WalletFiles.Count(shared.Count, "element")} with {session.Requester.Subject} for {string.Join(", ", outcome.Sent)}: {string.Join(", ", shared)}."
                        + (outcome.RedirectUri is { } next ? $"\nThe verifier continues at {next}" : string.Empty);
                Reports.Write(parseResult, text, new JsonObject
                {
                    ["verifier"] = session.Requester.Subject,
                    ["client_id"] = session.Requester.ClientId?.Value,
                    ["purpose"] = session.Requester.StatedPurpose,
                    ["sent"] = Reports.Strings(outcome.Sent),
                    ["shared"] = Reports.Strings(shared),
                    ["declined"] = outcome.Sent.Count == 0,
                    ["redirect_uri"] = outcome.RedirectUri?.AbsoluteUri,
                });
                return ExitCodes.Success;
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static void Print(OpenId4VpSession session, TextWriter error)
    {
        if (session.Requester.StatedPurpose is { } purpose)
        {
            error.WriteLine(ValueText.Clean($"The request says it is for: {purpose}"));
        }

        if (session.Queries.Count == 0)
        {
            error.WriteLine(ValueText.Clean("The wallet holds nothing this request asks for."));
        }

        foreach (var query in session.Queries)
        {
            error.WriteLine(ValueText.Clean($"{query.QueryId} ({query.Plan.Documents[0].DocType}):"));
            PresentCommand.PrintPlan(query.Plan, error);
        }

        if (session.Unmatched.Count > 0)
        {
            error.WriteLine(ValueText.Clean($"Not held: {string.Join(", ", session.Unmatched)}."));
        }
    }

    private static OpenId4VpSession Narrow(OpenId4VpSession session, string? exclude, string? add, TextWriter error)
    {
        foreach (var (names, adding) in new[] { (exclude, false), (add, true) })
        {
            foreach (var name in (names ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var found = false;
                foreach (var query in session.Queries)
                {
                    foreach (var element in query.Plan.Documents.SelectMany(d => d.Elements).Where(e => Names(e, name)).ToList())
                    {
                        found = true;
                        var plan = query.Plan;
                        if (adding)
                        {
                            if (element.Decision is ElementDecision.Disclose)
                            {
                                continue;
                            }

                            try
                            {
                                plan = plan.Confirm(element.NameSpace, element.Identifier);
                            }
                            catch (InvalidOperationException)
                            {
                                throw new RefusedException("plan_refused", $"--add: '{name}' cannot be added: {PlanWords.Explain(element.Reason)}.");
                            }
                        }
                        else if (element.Decision is ElementDecision.Disclose or ElementDecision.NeedsConfirmation)
                        {
                            plan = plan.Exclude(element.NameSpace, element.Identifier);
                        }
                        else
                        {
                            error.WriteLine(ValueText.Clean($"note: --exclude: '{name}' is not shared anyway ({PlanWords.Explain(element.Reason)})."));
                        }

                        session = session.With(query.QueryId, plan);
                    }
                }

                if (!found)
                {
                    throw new UsageException($"{(adding ? "--add" : "--exclude")}: '{name}' is not part of the request.");
                }
            }
        }

        return session;
    }

    private static bool Names(PlannedElement element, string name) =>
        name == element.Identifier || name == element.NameSpace + "/" + element.Identifier || name == element.ClaimPath;

    private static async Task<T> Map<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (PresentationRequestException e) when (e.Code is PresentationRequestException.RequestUnreachable or PresentationRequestException.VerifierUnreachable)
        {
            throw new InputException(e.Code, e.Message);
        }
        catch (PresentationRequestException e)
        {
            throw new RefusedException(e.Code, e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new RefusedException("not_presented", "Nothing was presented: " + ErrorText.Plain(e));
        }
    }
}
