using System.CommandLine;
using System.Text.Json.Nodes;
using Honnin.DocumentTypes;
using Honnin.Mdoc;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;

namespace Honnin.Cli.Commands;

/// <summary><c>honnin request</c>: the verifier's DeviceRequest, signed with its (registered) reader certificate.</summary>
internal static class RequestCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "Credential format: mdoc or sd-jwt.", Required = true };
        format.AcceptOnlyFromAmong("mdoc", "sd-jwt");
        var type = new Option<string>("--type") { Description = "withholding-slip, enrollment-certificate, or a registered docType.", Required = true };
        var elements = new Option<string>("--elements") { Description = "Elements to ask for: ID[,ID...] (identifier, namespace/identifier, or dp_<domain>).", Required = true };
        var retain = new Option<string>("--retain") { Description = "Elements the verifier will keep after the transaction (default: none).", DefaultValueFactory = _ => string.Empty };
        var reader = new Option<string>("--reader") { Description = "Folder with reader.pem and reader.key.pem (from 'honnin registrar register'); unsigned when absent." };
        var transcript = new Option<string>("--transcript") { Description = "mdoc: the SessionTranscript the request signature covers." };
        var audience = new Option<string>("--aud") { Description = "sd-jwt: this verifier's client identifier, which the key-binding JWT must name: x509_hash:... of the reader certificate (the default) or x509_san_dns:NAME for one of its DNS names." };
        var nonce = new Option<string>("--nonce") { Description = "sd-jwt: a fresh nonce for the key-binding JWT." };
        var output = new Option<string>("--out") { Description = "The DeviceRequest file to write.", Required = true };
        var command = new Command("request", "Build a verifier's DeviceRequest, signed with its reader certificate (readerAuth).") { format, type, elements, retain, reader, transcript, audience, nonce, output, CommonOptions.Json() };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var registry = DocumentTypeRegistry.CreateDefault();
            if (!registry.TryGet(parseResult.GetValue(type)!, out var documentType))
            {
                throw new UsageException($"--type '{parseResult.GetValue(type)}' is not a known document type.");
            }

            if (parseResult.GetValue(format) == "sd-jwt")
            {
                return await SdJwtRequestAsync(
                    documentType, parseResult.GetValue(elements)!, parseResult.GetValue(retain), parseResult.GetValue(reader),
                    parseResult.GetValue(audience), parseResult.GetValue(nonce), parseResult.GetValue(output)!, parseResult, cancellationToken).ConfigureAwait(false);
            }

            if (parseResult.GetValue(transcript) is null)
            {
                throw new UsageException("--transcript is required for mdoc: readerAuth covers the session transcript.");
            }

            var asked = ElementNames.Resolve(parseResult.GetValue(elements)!, documentType, "--elements");
            var kept = string.IsNullOrWhiteSpace(parseResult.GetValue(retain)) ? [] : ElementNames.Resolve(parseResult.GetValue(retain)!, documentType, "--retain");
            var builder = new DeviceRequestBuilder();
            foreach (var (nameSpace, identifier) in asked)
            {
                builder.Request(documentType.DocType, nameSpace, identifier, kept.Contains((nameSpace, identifier)) ? IntentToRetain.Retain : IntentToRetain.DoNotRetain);
            }

            var sessionTranscript = ReadTranscript(parseResult.GetValue(transcript)!);
            DeviceRequest request;
            if (parseResult.GetValue(reader) is { } readerDirectory)
            {
                using var certificate = CaCommand.ReadCertificate(Path.Combine(readerDirectory, RegistrarCommand.ReaderCertificateFile), "reader certificate");
                using var signer = KeyFiles.ReadPemSigner(Path.Combine(readerDirectory, RegistrarCommand.ReaderKeyFile), "reader key");
                // Outside a proximity session the request states its time, so a wallet refuses it once it is stale.
                request = await builder.BuildAsync(sessionTranscript, signer, [certificate.RawData], TimeProvider.System.GetUtcNow(), RequestLifetime, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                request = builder.Build();
            }

            OutputFiles.Write(parseResult.GetValue(output)!, request.Encoded.EncodedBytes.Span, "--out");
            Reports.Write(
                parseResult,
                $"Wrote a request for {asked.Count} element(s) of {documentType.DocType}{(request.DocRequests[0].ReaderAuth is null ? " (unsigned)" : " signed with the reader certificate")} to {parseResult.GetValue(output)}.",
                new JsonObject { ["file"] = parseResult.GetValue(output), ["format"] = "mdoc", ["docType"] = documentType.DocType, ["elements"] = Reports.Strings(asked.Select(a => a.NameSpace + "/" + a.Identifier)), ["signed"] = request.DocRequests[0].ReaderAuth is not null });
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> SdJwtRequestAsync(DocumentType type, string claims, string? retain, string? readerDirectory, string? audience, string? nonce, string outputPath, ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (nonce is null || readerDirectory is null)
        {
            throw new UsageException("--nonce and --reader are required for an sd-jwt request.");
        }

        var asked = PresentCommand.ClaimPaths(claims);
        var kept = string.IsNullOrWhiteSpace(retain) ? [] : PresentCommand.ClaimPaths(retain);
        using var certificate = CaCommand.ReadCertificate(Path.Combine(readerDirectory, RegistrarCommand.ReaderCertificateFile), "reader certificate");
        using var signer = KeyFiles.ReadPemSigner(Path.Combine(readerDirectory, RegistrarCommand.ReaderKeyFile), "reader key");
        audience = AudienceFor(certificate, audience);
        SdJwt.SdJwtPresentationRequest request;
        try
        {
            request = await SdJwtPresentationRequestBuilder.CreateAsync(type.Vct, asked, kept, audience, nonce, signer, [certificate.RawData], TimeProvider.System.GetUtcNow(), RequestLifetime, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(ErrorText.Plain(e));
        }

        OutputFiles.WriteText(outputPath, request + "\n", "--out");
        Reports.Write(
            parseResult,
            $"Wrote a request for {asked.Count} claim(s) of {type.Vct}, signed with the reader certificate, to {outputPath}; it can be answered for {RequestLifetime.TotalMinutes:0} minutes.\nAudience (client id): {audience}",
            new JsonObject { ["file"] = outputPath, ["format"] = "sd-jwt", ["vct"] = type.Vct, ["claims"] = Reports.Strings(asked.Select(a => a.ToString())), ["audience"] = audience, ["expires"] = request.ExpiresAt?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) });
        return ExitCodes.Success;
    }

    /// <summary>How long a request written here can be answered.</summary>
    internal static readonly TimeSpan RequestLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The client identifier the key-binding JWT must name: the reader certificate's <c>x509_hash</c>, or the one given,
    /// which must name that certificate, since a wallet refuses a request whose audience is not its signer's.
    /// </summary>
    private static string AudienceFor(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string? audience)
    {
        if (audience is null)
        {
            return Registration.ClientId.ForCertificateHash(certificate).Value;
        }

        return Registration.ClientId.TryParse(audience, out var given) && given.Names(certificate)
            ? given.Value
            : throw new UsageException($"--aud must name the reader certificate: {Registration.ClientId.X509HashPrefix} with the base64url SHA-256 of its DER (the default), or {Registration.ClientId.X509SanDnsPrefix} with one of its DNS names; a wallet refuses a request whose audience is not its signer's.");
    }

    internal static SessionTranscript ReadTranscript(string path)
    {
        try
        {
            return SessionTranscript.Decode(InputFiles.ReadBinaryOrHex(path, "--transcript"));
        }
        catch (CredentialFormatException e)
        {
            throw new InputException(InputException.WrongKind, $"The --transcript file '{path}' is not a SessionTranscript ({e.Code}).");
        }
    }
}
