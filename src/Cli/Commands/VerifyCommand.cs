using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Honnin.Cbor;
using Honnin.Mdoc;
using Honnin.Verifier;
using Honnin.Verifier.Mdoc;
using Honnin.X509;

namespace Honnin.Cli.Commands;

/// <summary><c>honnin verify</c>: verifies a presentation and prints the result.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "Credential format: mdoc or sd-jwt.", Required = true };
        format.AcceptOnlyFromAmong("mdoc", "sd-jwt");
        var input = new Option<string>("--in") { Description = "mdoc: the DeviceResponse (binary CBOR or hex); sd-jwt: the SD-JWT+KB presentation.", Required = true };
        var transcript = new Option<string>("--transcript") { Description = "mdoc: the SessionTranscript (binary CBOR or hex; tagged or untagged)." };
        var trust = new Option<string[]>("--trust") { Description = "A trusted IACA certificate (PEM or DER), or for sd-jwt an issuer public key (JWK). Repeat for several.", Required = true, AllowMultipleArgumentsPerToken = false };
        var audience = new Option<string>("--aud") { Description = "sd-jwt: the audience the key-binding JWT must name (this verifier)." };
        var nonce = new Option<string>("--nonce") { Description = "sd-jwt: the nonce the key-binding JWT must carry." };
        var readerKey = new Option<string>("--reader-key") { Description = "The reader's ephemeral private key (PEM or JWK), to verify a device MAC." };
        var at = new Option<string>("--at") { Description = "Verify as of this RFC 3339 time instead of now." };
        var skew = new Option<int>("--clock-skew") { Description = "Tolerated clock skew in seconds (0..600).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var domains = new Option<string>("--domains") { Description = "The verifier's own pseudonym domains (comma-separated); their pseudonyms are the subject keys, any other domain's fails." };

        var command = new Command("verify", "Verify a presentation: signatures, trust chain, digests, validity and device binding.")
        {
            format, input, transcript, trust, audience, nonce, readerKey, at, skew, json, domains,
        };
        command.SetAction(parseResult =>
        {
            var arguments = new Arguments(
                parseResult.GetValue(input)!,
                parseResult.GetValue(transcript),
                parseResult.GetValue(trust) ?? [],
                parseResult.GetValue(readerKey),
                parseResult.GetValue(audience),
                parseResult.GetValue(nonce),
                ParseTime(parseResult.GetValue(at)),
                parseResult.GetValue(skew) is var seconds and >= 0 and <= 600 ? TimeSpan.FromSeconds(seconds) : throw new UsageException("--clock-skew must be between 0 and 600 seconds."),
                (parseResult.GetValue(domains) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal));
            var result = parseResult.GetValue(format) == "sd-jwt" ? VerifySdJwt(arguments) : VerifyMdoc(arguments);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                WriteJson(result, output);
            }
            else
            {
                WriteText(result, output);
            }

            return result.IsValid ? ExitCodes.Success : ExitCodes.Invalid;
        });
        return command;
    }

    private sealed record Arguments(string Input, string? Transcript, string[] Trust, string? ReaderKey, string? Audience, string? Nonce, DateTimeOffset? At, TimeSpan ClockSkew, HashSet<string> Domains)
    {
        public TimeProvider Clock => At is { } time ? new FixedTimeProvider(time) : TimeProvider.System;
    }

    private static VerificationResult VerifySdJwt(Arguments arguments)
    {
        if (arguments.Audience is null || arguments.Nonce is null)
        {
            throw new UsageException("--aud and --nonce are required for sd-jwt: key binding is required, for this verifier and this nonce.");
        }

        var presentation = InputFiles.ReadText(arguments.Input, "--in").Trim();
        using var trust = ReadTrust(arguments.Trust);
        var verifier = new Verifier.SdJwt.SdJwtVcVerifier(
            ApplyTrust(trust, new Verifier.SdJwt.SdJwtVcVerifierOptions
            {
                ExpectedAudience = arguments.Audience,
                ExpectedNonce = arguments.Nonce,
                ClockSkew = arguments.ClockSkew,
                PseudonymDomains = arguments.Domains,
            }),
            arguments.Clock);
        return verifier.Verify(presentation);
    }

    private static VerificationResult VerifyMdoc(Arguments arguments)
    {
        if (arguments.Transcript is not { } transcriptPath)
        {
            throw new UsageException("--transcript is required for mdoc: device authentication is over the SessionTranscript.");
        }

        var inputPath = arguments.Input;
        var response = InputFiles.ReadBinaryOrHex(inputPath, "--in");
        SessionTranscript sessionTranscript;
        try
        {
            sessionTranscript = SessionTranscript.Decode(InputFiles.ReadBinaryOrHex(transcriptPath, "--transcript"));
        }
        catch (CredentialFormatException e)
        {
            throw new UsageException($"The --transcript file '{transcriptPath}' is not a SessionTranscript ({e.Code}): {e.Message}");
        }

        using var trust = ReadTrust(arguments.Trust);
        if (trust.Anchors is not { } anchors || trust.IssuerKeys.Count > 0)
        {
            throw new UsageException("mdoc --trust takes IACA certificates (PEM or DER), not issuer keys.");
        }

        using var reader = arguments.ReaderKey is null ? null : KeyFiles.ReadEcdhPrivateKey(arguments.ReaderKey, "--reader-key");
        var verifier = new MdocVerifier(
            new MdocVerifierOptions { TrustAnchors = anchors, ClockSkew = arguments.ClockSkew, PseudonymDomains = arguments.Domains },
            arguments.Clock);
        return verifier.Verify(response, new MdocSession(sessionTranscript, reader));
    }

    private static DateTimeOffset? ParseTime(string? at)
    {
        if (at is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && at.Contains('T', StringComparison.OrdinalIgnoreCase)
            ? time
            : throw new UsageException($"--at '{at}' is not an RFC 3339 date-time such as 2021-01-01T00:00:00Z.");
    }

    private static IssuerTrust ReadTrust(string[] paths)
    {
        var inputs = paths.Select(path => (path, (ReadOnlyMemory<byte>)InputFiles.ReadBounded(path, "--trust"))).ToList();
        try
        {
            return IssuerTrust.Read(inputs);
        }
        catch (CredentialFormatException e)
        {
            throw new UsageException($"--trust: {e.Message}");
        }
    }

    private static Verifier.SdJwt.SdJwtVcVerifierOptions ApplyTrust(IssuerTrust trust, Verifier.SdJwt.SdJwtVcVerifierOptions options)
    {
        try
        {
            return trust.ApplyTo(options);
        }
        catch (InvalidOperationException)
        {
            throw new UsageException("Give --trust either CA certificates or issuer keys, not both.");
        }
    }

    private static void WriteText(VerificationResult result, TextWriter output)
    {
        if (!result.IsValid)
        {
            output.WriteLine(ValueText.Clean("INVALID"));
            foreach (var failure in result.Failures)
            {
                var where = failure.DocumentIndex is { } index ? $" (document {index})" : string.Empty;
                output.WriteLine(ValueText.Clean($"  {failure.Code}{where}: {failure.Message}"));
            }

            return;
        }

        output.WriteLine(ValueText.Clean("VALID"));
        foreach (var document in result.Documents)
        {
            output.WriteLine(ValueText.Clean($"  {document.DocType}"));
            output.WriteLine(ValueText.Clean($"    issuer: {document.Issuer}"));
            output.WriteLine(ValueText.Clean($"    valid:  {document.ValidFrom:yyyy-MM-dd'T'HH:mm:ss'Z'} .. {document.ValidUntil:yyyy-MM-dd'T'HH:mm:ss'Z'}"));
            foreach (var (domain, key) in document.SubjectKeys ?? new Dictionary<string, string>())
            {
                output.WriteLine(ValueText.Clean($"    subject key ({domain}): {key}"));
            }
            if (document.Claims is { } claims)
            {
                foreach (var (name, value) in claims)
                {
                    if (name is not ("iss" or "vct" or "iat" or "nbf" or "exp" or "cnf" or "status") && value is not System.Text.Json.Nodes.JsonObject { Count: 0 })
                    {
                        output.WriteLine(ValueText.Clean($"    {name}: {value?.ToJsonString(ValueText.JsonOptions) ?? "null"}"));
                    }
                }
            }

            foreach (var (nameSpace, elements) in document.Elements)
            {
                output.WriteLine(ValueText.Clean($"    {nameSpace}"));
                foreach (var (identifier, value) in elements)
                {
                    output.WriteLine(ValueText.Clean($"      {identifier}: {ValueText.Format(value)}"));
                }
            }
        }

        output.WriteLine(ValueText.Clean("  checks: " + string.Join(", ", result.Checks.Select(c => c.Name).Distinct())));
    }

    private static void WriteJson(VerificationResult result, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("valid", result.IsValid);
            if (result.IsValid)
            {
                writer.WriteStartArray("documents");
                foreach (var document in result.Documents)
                {
                    writer.WriteStartObject();
                    writer.WriteString(document.Format == CredentialFormat.SdJwtVc ? "vct" : "docType", document.DocType);
                    if (document.SubjectKeys is { } subjectKeys)
                    {
                        writer.WriteStartObject("subjectKeys");
                        foreach (var (domain, key) in subjectKeys)
                        {
                            writer.WriteString(domain, key);
                        }

                        writer.WriteEndObject();
                    }

                    if (document.Claims is { } claims)
                    {
                        writer.WritePropertyName("claims");
                        claims.WriteTo(writer);
                        writer.WriteEndObject();
                        continue;
                    }

                    writer.WriteStartObject("elements");
                    foreach (var (nameSpace, elements) in document.Elements)
                    {
                        writer.WriteStartObject(nameSpace);
                        foreach (var (identifier, value) in elements)
                        {
                            writer.WritePropertyName(identifier);
                            CborJson.Write(writer, value);
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteStartArray("failures");
                foreach (var failure in result.Failures)
                {
                    writer.WriteStartObject();
                    writer.WriteString("code", failure.Code);
                    writer.WriteString("message", failure.Message);
                    if (failure.DocumentIndex is { } index)
                    {
                        writer.WriteNumber("document", index);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
