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
        var format = new Option<string>("--format") { Description = "Credential format: mdoc or sd-jwt; by default, that of the --in file." };
        format.AcceptOnlyFromAmong("mdoc", "sd-jwt");
        var input = new Option<string>("--in") { Description = "mdoc: the DeviceResponse (binary CBOR or hex); sd-jwt: the SD-JWT+KB presentation; '-' for standard input.", Required = true };
        var transcript = new Option<string>("--transcript") { Description = "mdoc: the SessionTranscript (binary CBOR or hex; tagged or untagged)." };
        var trust = new Option<string[]>("--trust") { Description = "What to trust, told from each file's content: a CA certificate (PEM or DER; an IACA) as a trust anchor, any other certificate as a pinned issuer certificate, or for sd-jwt an issuer public key (JWK or JWK Set). Repeat for several.", AllowMultipleArgumentsPerToken = false };
        var vical = new Option<string[]>("--vical") { Description = "mdoc: a VICAL (ISO/IEC 18013-5 list of IACAs, e.g. AAMVA's) whose IACAs are trust anchors; needs --vical-signer or --vical-unverified. Repeat for several.", AllowMultipleArgumentsPerToken = false };
        var vicalSigner = new Option<string[]>("--vical-signer") { Description = "The certificate (PEM or DER) a VICAL's signer must chain to, e.g. the AAMVA root.", AllowMultipleArgumentsPerToken = false };
        var vicalUnverified = new Option<bool>("--vical-unverified") { Description = "Use --vical lists without checking their signature (only for lists obtained over a channel you already trust)." };
        var audience = new Option<string>("--aud") { Description = "sd-jwt: the audience the key-binding JWT must name (this verifier)." };
        var nonce = new Option<string>("--nonce") { Description = "sd-jwt: the nonce the key-binding JWT must carry." };
        var readerKey = new Option<string>("--reader-key") { Description = "The reader's ephemeral private key (PEM or JWK), to verify a device MAC." };
        var at = new Option<string>("--at") { Description = "Verify as of this RFC 3339 time instead of now." };
        var skew = new Option<int>("--clock-skew") { Description = "Tolerated clock skew in seconds (0..600).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var domains = new Option<string>("--domains") { Description = "The verifier's own pseudonym domains (comma-separated); their pseudonyms are the subject keys, any other domain's fails." };
        var customDomains = DomainLists.CustomDomainsOption();
        var kbMaxAge = new Option<string>("--kb-max-age") { Description = "sd-jwt: how old the key-binding JWT (its iat) may be, e.g. 300s, 10m, 2h, 1d (default 5m; at most 1d)." };
        var keyBinding = new Option<string>("--key-binding") { Description = "sd-jwt: required (default) or optional. Optional without --aud and --nonce accepts only presentations without key binding (e.g. to check a credential as issued).", DefaultValueFactory = _ => "required" };
        keyBinding.AcceptOnlyFromAmong("required", "optional");
        var statusCheck = new Option<string>("--status-check") { Description = "auto (default: check a credential's status list when it references one; fail when the list cannot be had), require (every credential must reference one), or off." };
        var statusList = new Option<string[]>("--status-list") { Description = "A Status List Token file (JWT or CWT) to use for the list it names, instead of fetching it. Repeat for several.", AllowMultipleArgumentsPerToken = false };
        var legacyTyp = new Option<bool>("--accept-legacy-typ") { Description = "sd-jwt: also accept the issuer JWT typ vc+sd-jwt used before dc+sd-jwt." };

        var command = new Command("verify", "Verify a presentation: signatures, trust chain, digests, validity and device binding.")
        {
            format, input, transcript, trust, vical, vicalSigner, vicalUnverified, audience, nonce, readerKey, at, skew, json, domains, customDomains, kbMaxAge, keyBinding, legacyTyp, statusCheck, statusList,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Options are checked before any file is read.
            _ = ParseTime(parseResult.GetValue(at));
            var status = new StatusOptions(StatusLists.Policy(parseResult.GetValue(statusCheck)), parseResult.GetValue(statusList) ?? []);
            if ((parseResult.GetValue(trust) ?? []).Length == 0 && (parseResult.GetValue(vical) ?? []).Length == 0)
            {
                throw new UsageException("Say what to trust: --trust FILE (an IACA or other CA certificate, a pinned issuer certificate, or for sd-jwt an issuer JWK), or --vical FILE.");
            }

            var verifierDomains = DomainLists.Parse("--domains", parseResult.GetValue(domains), parseResult.GetValue(customDomains));
            var sdJwtPolicy = new SdJwtPolicy(
                parseResult.GetValue(kbMaxAge) is { } age ? ParseDuration("--kb-max-age", age, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)) : null,
                parseResult.GetValue(keyBinding) == "optional" ? Verifier.SdJwt.KeyBindingPolicy.Optional : Verifier.SdJwt.KeyBindingPolicy.Required,
                parseResult.GetValue(legacyTyp));
            var inputPath = parseResult.GetValue(input)!;
            var raw = InputFiles.ReadBounded(inputPath, "--in", InputFiles.MaxItemLength * 2);
            var kind = InputKinds.Detect(raw, out var inputBytes, out _);
            var chosen = InputKinds.ResolveFormat(parseResult.GetValue(format), kind, "--in", inputPath);
            if (inputBytes.Length > InputFiles.MaxItemLength)
            {
                throw new InputException(InputException.TooLarge, $"The --in file '{inputPath}' is larger than {InputFiles.MaxItemLength / (1024 * 1024)} MiB, the limit for one presentation.");
            }

            var expected = chosen == "sd-jwt" ? InputKind.SdJwt : InputKind.DeviceResponse;
            if (kind != expected && kind is not (InputKind.Unknown or InputKind.Cbor))
            {
                throw new InputException(InputException.WrongKind, InputKinds.WrongKind("--in", inputPath, kind, chosen == "sd-jwt" ? "an SD-JWT presentation" : "an mdoc DeviceResponse"));
            }

            var arguments = new Arguments(
                inputPath,
                chosen == "sd-jwt" ? raw : inputBytes,
                parseResult.GetValue(transcript),
                parseResult.GetValue(trust) ?? [],
                parseResult.GetValue(vical) ?? [],
                parseResult.GetValue(vicalSigner) ?? [],
                parseResult.GetValue(vicalUnverified),
                parseResult.GetValue(readerKey),
                parseResult.GetValue(audience),
                parseResult.GetValue(nonce),
                ParseTime(parseResult.GetValue(at)),
                parseResult.GetValue(skew) is var seconds and >= 0 and <= 600 ? TimeSpan.FromSeconds(seconds) : throw new UsageException("--clock-skew must be between 0 and 600 seconds."),
                verifierDomains);
            var result = chosen == "sd-jwt"
                ? await VerifySdJwtAsync(arguments, sdJwtPolicy, status, cancellationToken).ConfigureAwait(false)
                : await VerifyMdocAsync(arguments, status, cancellationToken).ConfigureAwait(false);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                WriteJson(result, output);
            }
            else
            {
                WriteText(result, output);
            }

            if (chosen == "sd-jwt" && !result.IsValid && TooOldHint(result, arguments.InputBytes) is { } hint)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(ValueText.Clean(hint));
            }

            return result.IsValid ? ExitCodes.Success : ExitCodes.Invalid;
        });
        return command;
    }

    private sealed record Arguments(string Input, byte[] InputBytes, string? Transcript, string[] Trust, string[] Vicals, string[] VicalSigners, bool VicalUnverified, string? ReaderKey, string? Audience, string? Nonce, DateTimeOffset? At, TimeSpan ClockSkew, HashSet<string> Domains)
    {
        public TimeProvider Clock => At is { } time ? new FixedTimeProvider(time) : TimeProvider.System;
    }

    /// <summary>The status check of verify: the policy and the lists given as files.</summary>
    private sealed record StatusOptions(Verifier.Status.StatusCheckPolicy Policy, string[] Files);

    /// <summary>The SD-JWT options of verify besides trust: the key-binding policy, the KB-JWT age, the legacy typ.</summary>
    private sealed record SdJwtPolicy(TimeSpan? KbMaxAge, Verifier.SdJwt.KeyBindingPolicy KeyBinding, bool AcceptLegacyTyp);

    private static async Task<VerificationResult> VerifySdJwtAsync(Arguments arguments, SdJwtPolicy policy, StatusOptions status, CancellationToken cancellationToken)
    {
        var keyBinding = policy.KeyBinding;
        if (arguments.Audience is null || arguments.Nonce is null)
        {
            if (keyBinding == Verifier.SdJwt.KeyBindingPolicy.Required)
            {
                throw new UsageException("--aud and --nonce are required for sd-jwt: key binding is required, for this verifier and this nonce (or give --key-binding optional to check a credential without key binding).");
            }

            if (arguments.Audience is not null || arguments.Nonce is not null)
            {
                throw new UsageException("--aud and --nonce go together.");
            }

            // Nothing to check a key-binding JWT against: only a presentation without one can verify.
            keyBinding = Verifier.SdJwt.KeyBindingPolicy.Forbidden;
        }

        var presentation = Encoding.UTF8.GetString(arguments.InputBytes).Trim();
        if (arguments.Vicals.Length > 0)
        {
            throw new UsageException("--vical lists IACAs for mdoc; for sd-jwt give --trust with the issuer's CA certificate or its public key (JWK).");
        }

        using var trust = TrustFiles.Read(arguments.Trust, [], [], false, arguments.Clock.GetUtcNow());
        if (trust.IssuerKeys.Count > 0 && (trust.Anchors is not null || trust.PinnedCertificates.Count > 0))
        {
            throw new UsageException("Give --trust either certificates (CA or pinned issuer certificates) or issuer keys, not both.");
        }

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        Verifier.SdJwt.SdJwtVcVerifier verifier;
        try
        {
            verifier = new Verifier.SdJwt.SdJwtVcVerifier(
                new Verifier.SdJwt.SdJwtVcVerifierOptions
                {
                    TrustAnchors = trust.Anchors,
                    PinnedIssuerCertificates = trust.PinnedCertificates,
                    IssuerKeys = trust.IssuerKeys,
                    KeyBinding = keyBinding,
                    IatWindow = policy.KbMaxAge ?? TimeSpan.FromMinutes(5),
                    AcceptLegacyVcSdJwtTyp = policy.AcceptLegacyTyp,
                    ClockSkew = arguments.ClockSkew,
                    PseudonymDomains = DomainLists.Typed(arguments.Domains),
                    StatusCheck = status.Policy,
                    StatusLists = status.Policy == Verifier.Status.StatusCheckPolicy.Off ? null : StatusLists.Checker(status.Files, trust, http, arguments.Clock),
                },
                arguments.Clock);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(ErrorText.Plain(e));
        }

        var result = arguments.Audience is { } audience && arguments.Nonce is { } nonce
            ? await verifier.VerifyAsync(presentation, new Verifier.SdJwt.SdJwtSession(audience, nonce), cancellationToken).ConfigureAwait(false)
            : await verifier.VerifyAsync(presentation, cancellationToken).ConfigureAwait(false);
        if (keyBinding == Verifier.SdJwt.KeyBindingPolicy.Forbidden && result.Failures.Any(f => f.Code == SdJwt.SdJwtFailureCodes.KeyBindingUnexpected))
        {
            throw new UsageException("The presentation carries a key-binding JWT: give --aud and --nonce to check it.");
        }

        return result;
    }

    /// <summary>
    /// For an SD-JWT presentation refused as too old (or its credential as expired): when it was made, and the options that
    /// check it as of then or allow older ones.
    /// </summary>
    private static string? TooOldHint(VerificationResult result, byte[] input)
    {
        var tooOld = result.Failures.Any(f => f.Code is SdJwt.SdJwtFailureCodes.KeyBindingIatOutsideWindow or SdJwt.SdJwtFailureCodes.KeyBindingExpired);
        var expired = result.Failures.Any(f => f.Code.EndsWith("expired", StringComparison.Ordinal));
        if (!tooOld && !expired)
        {
            return null;
        }

        string? made = null;
        if (Honnin.SdJwt.SelectiveDisclosureJwt.TryParse(Encoding.UTF8.GetString(input).Trim(), out var sdJwt, out _) && sdJwt.KeyBinding is { } keyBinding
            && keyBinding.Jws.ReadPayloadObject()["iat"] is System.Text.Json.Nodes.JsonValue iat && iat.TryGetValue<long>(out var seconds))
        {
            made = DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return made is null
            ? "hint: to check the presentation as of the time it was made, add --at TIME (RFC 3339)" + (tooOld ? "; to accept older key-binding JWTs, --kb-max-age DURATION." : ".")
            : $"hint: the presentation was made at {made}; to check it as of then, add --at {made}" + (tooOld ? "; to accept older key-binding JWTs, --kb-max-age DURATION." : ".");
    }

    /// <summary>A duration such as 300s, 10m, 2h or 1d (a bare number is seconds), within the given bounds.</summary>
    internal static TimeSpan ParseDuration(string option, string text, TimeSpan min, TimeSpan max)
    {
        var unit = text.Length > 0 && char.IsAsciiLetter(text[^1]) ? char.ToLowerInvariant(text[^1]) : 's';
        var number = text.Length > 0 && char.IsAsciiLetter(text[^1]) ? text[..^1] : text;
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 100_000_000
            || unit is not ('s' or 'm' or 'h' or 'd'))
        {
            throw new UsageException($"{option} '{text}' is not a duration such as 300s, 10m, 2h or 1d.");
        }

        var duration = unit switch { 'm' => TimeSpan.FromMinutes(value), 'h' => TimeSpan.FromHours(value), 'd' => TimeSpan.FromDays(value), _ => TimeSpan.FromSeconds(value) };
        return duration >= min && duration <= max
            ? duration
            : throw new UsageException($"{option} must be between {Describe(min)} and {Describe(max)}.");
    }

    private static string Describe(TimeSpan span) => span.TotalDays >= 1 ? $"{span.TotalDays:0} day(s)" : span.TotalHours >= 1 ? $"{span.TotalHours:0} hour(s)" : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0} minute(s)" : $"{span.TotalSeconds:0} second(s)";

    private static async Task<VerificationResult> VerifyMdocAsync(Arguments arguments, StatusOptions status, CancellationToken cancellationToken)
    {
        if (arguments.Transcript is not { } transcriptPath)
        {
            throw new UsageException("--transcript is required for mdoc: device authentication is over the SessionTranscript.");
        }

        var inputPath = arguments.Input;
        var response = arguments.InputBytes;
        SessionTranscript sessionTranscript;
        try
        {
            sessionTranscript = SessionTranscript.Decode(InputFiles.ReadBinaryOrHex(transcriptPath, "--transcript"));
        }
        catch (CredentialFormatException e)
        {
            throw new InputException(InputException.WrongKind, $"The --transcript file '{transcriptPath}' is not a SessionTranscript ({e.Code}): {e.Message}");
        }

        using var trust = TrustFiles.Read(arguments.Trust, arguments.Vicals, arguments.VicalSigners, arguments.VicalUnverified, arguments.Clock.GetUtcNow());
        if (trust.IssuerKeys.Count > 0)
        {
            throw new UsageException("A --trust file is a public key (JWK): mdoc issuers are trusted through certificates (an IACA, a pinned Document Signer, or a VICAL).");
        }

        using var reader = arguments.ReaderKey is null ? null : KeyFiles.ReadEcdhPrivateKey(arguments.ReaderKey, "--reader-key");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        MdocVerifier verifier;
        try
        {
            verifier = new MdocVerifier(
                new MdocVerifierOptions
                {
                    TrustAnchors = trust.Anchors,
                    PinnedDocumentSigners = trust.PinnedCertificates,
                    ClockSkew = arguments.ClockSkew,
                    PseudonymDomains = DomainLists.Typed(arguments.Domains),
                    StatusCheck = status.Policy,
                    StatusLists = status.Policy == Verifier.Status.StatusCheckPolicy.Off ? null : StatusLists.Checker(status.Files, trust, http, arguments.Clock),
                },
                arguments.Clock);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(ErrorText.Plain(e));
        }

        return await verifier.VerifyAsync(response, new MdocSession(sessionTranscript, reader), cancellationToken).ConfigureAwait(false);
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
