using System.CommandLine;
using System.Text.Json.Nodes;
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
            output, nonce, origin, clientId, responseUri, CommonOptions.Json(),
        };
        command.SetAction(parseResult =>
        {
            var originValue = parseResult.GetValue(origin);
            var clientIdValue = parseResult.GetValue(clientId);
            var responseUriValue = parseResult.GetValue(responseUri);
            if (string.IsNullOrWhiteSpace(parseResult.GetValue(nonce)))
            {
                throw new UsageException("--nonce must not be empty: the verifier's fresh nonce binds the response to this session.");
            }

            if (originValue is not null)
            {
                CheckUrl("--origin", originValue, origin: true);
            }

            if (responseUriValue is not null)
            {
                CheckUrl("--response-uri", responseUriValue, origin: false);
            }

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
                throw new UsageException(ErrorText.Plain(e));
            }

            OutputFiles.Write(parseResult.GetValue(output)!, transcript.SessionTranscriptBytes.Span, "--out");
            Reports.Write(parseResult, $"Wrote {parseResult.GetValue(output)} ({transcript.SessionTranscriptBytes.Length} bytes).", new JsonObject { ["file"] = parseResult.GetValue(output), ["bytes"] = transcript.SessionTranscriptBytes.Length, ["handover"] = originValue is null ? "OpenID4VPHandover" : "OpenID4VPDCAPIHandover" });
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>An https URL (http only on loopback); an origin is scheme, host and port only, e.g. https://verifier.example.jp.</summary>
    private static void CheckUrl(string option, string value, bool origin)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            throw new UsageException($"{option} '{value}' is not an https URL such as https://verifier.example.jp{(origin ? string.Empty : "/response")}.");
        }

        if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            throw new UsageException($"{option} '{value}' uses http; only https is accepted, except for loopback addresses.");
        }

        if (origin && (value.TrimEnd('/') != uri.GetLeftPart(UriPartial.Authority) || uri.UserInfo.Length > 0))
        {
            throw new UsageException($"{option} '{value}' is not a web origin: give only the scheme, host and port, e.g. {uri.GetLeftPart(UriPartial.Authority)}.");
        }
    }
}
