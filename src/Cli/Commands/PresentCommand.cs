using System.CommandLine;
using Honnin.Cose;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Mdoc;

namespace Honnin.Cli.Commands;

/// <summary><c>honnin present</c>: the holder discloses chosen elements of a stored credential as a DeviceResponse.</summary>
internal static class PresentCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "Credential format: mdoc.", Required = true };
        format.AcceptOnlyFromAmong("mdoc", "sd-jwt");
        var credential = new Option<string>("--credential") { Description = "The credential file written by 'honnin issue'.", Required = true };
        var holderKey = new Option<string>("--holder-key") { Description = "The holder's private JWK (or JWK set).", Required = true };
        var disclose = new Option<string>("--disclose") { Description = "Elements to disclose: ID[,ID...], where ID is an element id or namespace/element.", Required = true };
        var transcript = new Option<string>("--transcript") { Description = "The SessionTranscript (from the verifier, or 'honnin transcript').", Required = true };
        var output = new Option<string>("--out") { Description = "The DeviceResponse file to write.", Required = true };
        var command = new Command("present", "Disclose chosen elements of a credential, bound to a session transcript.") { format, credential, holderKey, disclose, transcript, output };
        command.SetAction(async (parseResult, cancellationToken) => await RunAsync(
            parseResult.GetValue(format)!, parseResult.GetValue(credential)!, parseResult.GetValue(holderKey)!, parseResult.GetValue(disclose)!,
            parseResult.GetValue(transcript)!, parseResult.GetValue(output)!, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false));
        return command;
    }

    private static async Task<int> RunAsync(string format, string credentialPath, string holderKeyPath, string disclose, string transcriptPath, string outputPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (format != "mdoc")
        {
            throw new UsageException("Only --format mdoc is supported so far; SD-JWT VC support is on its way.");
        }

        var file = CredentialFile.Read(credentialPath);
        SessionTranscript transcript;
        try
        {
            transcript = SessionTranscript.Decode(InputFiles.ReadBinaryOrHex(transcriptPath, "--transcript"));
        }
        catch (CredentialFormatException e)
        {
            throw new UsageException($"The --transcript file '{transcriptPath}' is not a SessionTranscript ({e.Code}).");
        }

        var signers = KeyFiles.ReadPrivateJwks(holderKeyPath, "--holder-key");
        try
        {
            var keys = new InMemoryDeviceKeyResolver();
            signers.ForEach(keys.Add);
            var store = new InMemoryCredentialStore();
            var holder = new MdocHolder(store, keys);
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
                    throw new UsageException($"The --credential file '{credentialPath}' holds a malformed credential ({e.Code}).");
                }

                await store.UpdateAsync(stored with { UseCount = used }, cancellationToken).ConfigureAwait(false);
                ids.Add(stored.Id);
            }

            var elements = ResolveElements(disclose, file.DocType, file.Credentials[0].IssuerSigned);
            var plan = await holder.PlanSelectionAsync(file.DocType, elements, cancellationToken).ConfigureAwait(false);
            var planned = plan.Documents[0];
            if (planned.CredentialId is null)
            {
                throw new UsageException("No credential in the file is still valid.");
            }

            var missing = planned.Elements.Where(e => e.Decision == ElementDecision.NotHeld).Select(e => e.Identifier).ToList();
            if (missing.Count > 0)
            {
                throw new UsageException("The credential does not hold: " + string.Join(", ", missing) + ".");
            }

            foreach (var refused in planned.Elements.Where(e => e.Decision == ElementDecision.Refused))
            {
                error.WriteLine(ValueText.Clean($"note: {refused.Identifier} is not disclosed ({refused.Reason})."));
            }

            if (planned.ReusesCredential)
            {
                error.WriteLine("warning: every credential in this file was presented before; this presentation can be linked to an earlier one. Issue a new batch.");
            }

            try
            {
                var response = await holder.RespondAsync(plan, transcript, cancellationToken: cancellationToken).ConfigureAwait(false);
                OutputFiles.Write(outputPath, response.Encoded.EncodedBytes.Span, "--out");
            }
            catch (InvalidOperationException)
            {
                throw new UsageException("The --holder-key file does not hold the private key this credential is bound to.");
            }

            var index = ids.IndexOf(planned.CredentialId);
            var counts = (await store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id, c => c.UseCount);
            var updated = new CredentialFile(file.DocType, [.. file.Credentials.Select((c, i) => (c.IssuerSigned, counts[ids[i]]))]);
            updated.Write(credentialPath);
            var shown = planned.Elements.Where(e => e.Decision == ElementDecision.Disclose).Select(e => e.Identifier);
            output.WriteLine(ValueText.Clean($"Presented credential {index + 1} of {ids.Count} ({file.DocType}), disclosing {string.Join(", ", shown)}; wrote {outputPath}."));
            return ExitCodes.Success;
        }
        finally
        {
            signers.ForEach(s => s.Dispose());
        }
    }

    private static List<(string NameSpace, string Identifier)> ResolveElements(string disclose, string docType, Cbor.CborValue issuerSigned)
    {
        var names = disclose.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            throw new UsageException("--disclose names no element.");
        }

        DocumentTypeRegistry.CreateDefault().TryGet(docType, out var type);
        var held = IssuerSigned.Decode(issuerSigned).NameSpaces
            .SelectMany(ns => ns.Value.Select(i => (NameSpace: ns.Key, i.ElementIdentifier)))
            .ToList();
        var result = new List<(string, string)>();
        foreach (var name in names)
        {
            var slash = name.LastIndexOf('/');
            var matches = slash > 0
                ? held.Where(h => h.NameSpace == name[..slash] && h.ElementIdentifier == name[(slash + 1)..]).ToList()
                : held.Where(h => h.ElementIdentifier == name).ToList();
            if (matches.Count == 0 && type is not null)
            {
                matches = [.. type.FindElements(name).Select(e => (e.NameSpace, e.Identifier))];
            }

            switch (matches.Count)
            {
                case 0:
                    throw new UsageException($"'{name}' is not an element of {docType}.");
                case > 1:
                    throw new UsageException($"'{name}' is ambiguous; write one of: {string.Join(", ", matches.Select(m => m.NameSpace + "/" + m.ElementIdentifier))}.");
                default:
                    result.Add(matches[0]);
                    break;
            }
        }

        return result;
    }
}
