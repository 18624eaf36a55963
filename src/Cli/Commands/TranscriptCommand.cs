using System.CommandLine;
using Honnin.Mdoc;

namespace Honnin.Cli.Commands;

/// <summary><c>honnin transcript</c>: builds an OpenID4VP 1.0 SessionTranscript, for trying present and verify by hand.</summary>
internal static class TranscriptCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The SessionTranscriptBytes file to write.", Required = true };
        var nonce = new Option<string>("--nonce") { Description = "The verifier's nonce.", Required = true };
        var origin = new Option<string>("--origin") { Description = "DC API flow: the verifier's web origin, e.g. https://verifier.example.jp." };
        var clientId = new Option<string>("--client-id") { Description = "Redirect flow: the client_id with its prefix, e.g. x509_san_dns:verifier.example.jp." };
        var responseUri = new Option<string>("--response-uri") { Description = "Redirect flow: the response_uri." };
        var command = new Command("transcript", "Build an OpenID4VP 1.0 SessionTranscript (DC API with --origin, redirect with --client-id and --response-uri).")
        {
            output, nonce, origin, clientId, responseUri,
        };
        command.SetAction(parseResult =>
        {
            var originValue = parseResult.GetValue(origin);
            var clientIdValue = parseResult.GetValue(clientId);
            var responseUriValue = parseResult.GetValue(responseUri);
            SessionTranscript transcript;
            try
            {
                transcript = (originValue, clientIdValue, responseUriValue) switch
                {
                    ({ } o, null, null) => SessionTranscript.ForOpenId4VpDcApi(o, parseResult.GetValue(nonce)!, null),
                    (null, { } c, { } r) => SessionTranscript.ForOpenId4Vp(c, parseResult.GetValue(nonce)!, null, r),
                    _ => throw new UsageException("Give either --origin, or --client-id with --response-uri."),
                };
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            OutputFiles.Write(parseResult.GetValue(output)!, transcript.SessionTranscriptBytes.Span, "--out");
            parseResult.InvocationConfiguration.Output.WriteLine(ValueText.Clean($"Wrote {parseResult.GetValue(output)} ({transcript.SessionTranscriptBytes.Length} bytes)."));
            return ExitCodes.Success;
        });
        return command;
    }
}
