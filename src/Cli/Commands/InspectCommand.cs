using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Mdoc;

namespace Honnin.Cli.Commands;

/// <summary><c>honnin inspect</c>: says what a file is (any file the tool reads or writes) and prints its structure, without verifying it.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Any file the tool reads or writes (credential files, SD-JWTs, requests, responses, transcripts, certificates, keys), or '-' for standard input." };
        var json = CommonOptions.Json();
        var command = new Command("inspect", "Say what a file is and print its structure. Nothing is verified; key material is never printed.") { file, json };
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(file)!;
            var (kind, lines) = Describe(path);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                output.WriteLine(new JsonObject
                {
                    ["kind"] = KindName(kind),
                    ["description"] = InputKinds.Describe(kind),
                    ["lines"] = new JsonArray([.. lines.Select(l => (JsonNode)ValueText.Clean(l))]),
                }.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            }
            else
            {
                lines.ForEach(l => output.WriteLine(ValueText.Clean(l)));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The kind's name in JSON output, e.g. <c>mdoc-credential-file</c>.</summary>
    internal static string KindName(InputKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static (InputKind Kind, List<string> Lines) Describe(string path)
    {
        var raw = InputFiles.ReadBounded(path, "input");
        var kind = InputKinds.Detect(raw, out var bytes, out var cbor);
        var lines = new List<string>();
        void Line(string text) => lines.AddRange(text.Split('\n').Select(l => l.TrimEnd('\r')));
        var text = kind is InputKind.Wallet or InputKind.Cbor or InputKind.DeviceResponse or InputKind.DeviceRequest or InputKind.SessionTranscript or InputKind.MdocCredentialFile or InputKind.Unknown
            ? string.Empty
            : Encoding.UTF8.GetString(raw).Trim();
        try
        {
            switch (kind)
            {
                case InputKind.MdocCredentialFile:
                    DescribeMdocCredentialFile(CredentialFile.Parse(bytes, path), Line);
                    break;
                case InputKind.SdJwtCredentialFile:
                    var file = SdJwtCredentialFile.Parse(text, path);
                    Line($"SD-JWT VC credential file (from 'honnin issue --format sd-jwt'): vct {file.Vct}, {file.Credentials.Count} credential(s), {file.Credentials.Count(c => c.Used == 0)} never presented");
                    for (var i = 0; i < file.Credentials.Count; i++)
                    {
                        Line($"  credential {i + 1}: presented {file.Credentials[i].Used} time(s)");
                    }

                    Line("credential 1:");
                    if (!DescribeSdJwt(file.Credentials[0].SdJwt, Line))
                    {
                        Line("  (does not parse as an SD-JWT)");
                    }

                    break;
                case InputKind.SdJwt:
                    if (!DescribeSdJwt(text, Line))
                    {
                        throw new InputException(InputException.Malformed, $"'{path}' looks like an SD-JWT but does not parse.");
                    }

                    break;
                case InputKind.SdJwtRequest:
                    DescribeSdJwtRequest(SdJwt.SdJwtPresentationRequest.Parse(text), Line);
                    break;
                case InputKind.Certificate:
                    DescribeCertificates(bytes, text, Line);
                    break;
                case InputKind.PrivateKeyPem:
                    Line($"PEM private key ({(text.Contains("EC PRIVATE KEY", StringComparison.Ordinal) ? "SEC 1 EC" : "PKCS#8")}); the key is not printed.");
                    break;
                case InputKind.Jwk:
                case InputKind.JwkSet:
                    DescribeJwks(text, Line);
                    break;
                case InputKind.PseudonymKey:
                    var key = JsonNode.Parse(text)!;
                    Line($"Pseudonym key (from 'honnin pseudonym-key create'), key id '{key["kid"]}'; the secret is not printed. Whoever holds it can compute every domain's pseudonym.");
                    break;
                case InputKind.Json:
                    Line("JSON, not a file the tool writes:");
                    Line(JsonNode.Parse(text)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                    break;
                case InputKind.DeviceResponse:
                    if (DeviceResponse.TryDecode(bytes, out var response, out var error))
                    {
                        PrintDeviceResponse(response, bytes.Length, Line);
                    }
                    else
                    {
                        Line($"A DeviceResponse that does not decode ({error.Code}): {error.Message}");
                        Line(ValueText.Format(cbor!));
                    }

                    break;
                case InputKind.DeviceRequest:
                    DescribeDeviceRequest(bytes, Line);
                    break;
                case InputKind.SessionTranscript:
                    DescribeTranscript(SessionTranscript.Decode(bytes), Line);
                    break;
                case InputKind.Wallet:
                    Line($"An SQLite database, {bytes.Length} bytes: the tool writes one as a wallet ('honnin wallet import'), whose credentials, holder keys and log are encrypted under its passphrase. 'honnin wallet list --wallet FILE' opens a wallet; nothing is read here.");
                    break;
                case InputKind.Cbor:
                    Line($"CBOR item, {bytes.Length} bytes:");
                    Line(ValueText.Format(cbor!));
                    break;
                default:
                    var reason = CborDecoder.TryDecode(bytes, out _, out var cborError, CredentialFile.FileBounds) ? string.Empty : $" (as CBOR: {cborError!.Code})";
                    throw new InputException(InputException.Malformed, $"'{path}' is not a file the tool knows: not an SD-JWT, a request, a credential file, a certificate, a key, JSON or well-formed CBOR{reason}.");
            }
        }
        catch (CredentialFormatException e)
        {
            throw new InputException(InputException.Malformed, $"'{path}' looks like {InputKinds.Describe(kind)} but does not decode ({e.Code}): {e.Message}");
        }

        return (kind, lines);
    }

    private static void DescribeMdocCredentialFile(CredentialFile file, Action<string> line)
    {
        line($"mdoc credential file (from 'honnin issue --format mdoc'): docType {file.DocType}, {file.Credentials.Count} credential(s), {file.Credentials.Count(c => c.Used == 0)} never presented");
        IssuerSigned? first = null;
        for (var i = 0; i < file.Credentials.Count; i++)
        {
            var (encoded, used) = file.Credentials[i];
            try
            {
                var issuerSigned = IssuerSigned.Decode(encoded);
                first ??= issuerSigned;
                var validity = issuerSigned.MobileSecurityObject.ValidityInfo;
                line($"  credential {i + 1}: presented {used} time(s), valid {validity.ValidFrom:yyyy-MM-dd'T'HH:mm:ss'Z'} .. {validity.ValidUntil:yyyy-MM-dd'T'HH:mm:ss'Z'}");
            }
            catch (CredentialFormatException e)
            {
                line($"  credential {i + 1}: does not decode ({e.Code})");
            }
        }

        if (first is null)
        {
            return;
        }

        line("credential 1 holds:");
        foreach (var (nameSpace, items) in first.NameSpaces)
        {
            line($"    {nameSpace}");
            foreach (var item in items)
            {
                line($"      [{item.DigestId}] {item.ElementIdentifier}: {ValueText.Format(item.ElementValue)}");
            }
        }
    }

    private static void DescribeSdJwtRequest(SdJwt.SdJwtPresentationRequest request, Action<string> line)
    {
        line($"SD-JWT presentation request (typ {SdJwt.SdJwtPresentationRequest.MediaType}); the signature is not verified here");
        line($"  vct:      {request.Vct}");
        line($"  claims:   {string.Join(", ", request.Claims)}");
        line($"  retain:   {(request.Retain.Count == 0 ? "none" : string.Join(", ", request.Retain))}");
        line($"  audience: {request.Audience}");
        line($"  nonce:    {request.Nonce}");
        line($"  issued:   {request.IssuedAt?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "(not stated)"}, expires {request.ExpiresAt?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "(not stated)"}");
        if (request.Jws.GetHeader()["x5c"] is JsonArray { Count: > 0 } chain && chain[0] is JsonValue first && first.TryGetValue<string>(out var der))
        {
            try
            {
                using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(der));
                line($"  signed by: {certificate.Subject} (issuer {certificate.Issuer})");
            }
            catch (Exception e) when (e is CryptographicException or FormatException)
            {
                line("  signed by: (the certificate cannot be read)");
            }
        }
    }

    private static void DescribeCertificates(byte[] bytes, string text, Action<string> line)
    {
        var certificates = new X509Certificate2Collection();
        var pem = text.StartsWith("-----BEGIN", StringComparison.Ordinal);
        try
        {
            if (pem)
            {
                certificates.ImportFromPem(text);
            }
            else
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(bytes));
            }

            line($"{certificates.Count} X.509 certificate(s) ({(pem ? "PEM" : "DER")})");
            foreach (var certificate in certificates)
            {
                line($"  subject: {certificate.Subject}");
                line($"    issuer:  {certificate.Issuer}{(certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? " (self-signed)" : string.Empty)}");
                line($"    valid:   {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'} .. {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'}");
                line($"    serial:  {certificate.SerialNumber}");
                line($"    key:     {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value}");
                foreach (var extension in certificate.Extensions)
                {
                    switch (extension)
                    {
                        case X509BasicConstraintsExtension basic:
                            line($"    basic constraints: {(basic.CertificateAuthority ? "CA" : "not a CA")}{(basic.HasPathLengthConstraint ? $", path length {basic.PathLengthConstraint}" : string.Empty)}");
                            break;
                        case X509KeyUsageExtension usage:
                            line($"    key usage: {usage.KeyUsages}");
                            break;
                        case X509EnhancedKeyUsageExtension eku:
                            line($"    extended key usage: {string.Join(", ", eku.EnhancedKeyUsages.Cast<Oid>().Select(o => Role(o.Value)))}");
                            break;
                        case X509SubjectAlternativeNameExtension san:
                            line($"    subject alternative names: {string.Join(", ", san.EnumerateDnsNames().Select(n => "DNS:" + n))}");
                            break;
                        default:
                            if (extension.Oid?.Value == Registration.VerifierRegistration.ExtensionOid)
                            {
                                line("    registration extension (domains, purpose, elements): present");
                            }

                            break;
                    }
                }
            }
        }
        catch (CryptographicException)
        {
            throw new InputException(InputException.Malformed, "The certificate cannot be read.");
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static string Role(string? oid) => oid switch
    {
        "1.0.18013.5.1.2" => "mdoc Document Signer (1.0.18013.5.1.2)",
        "1.0.18013.5.1.6" => "mdoc reader authentication (1.0.18013.5.1.6)",
        _ => oid ?? "?",
    };

    private static void DescribeJwks(string text, Action<string> line)
    {
        var root = JsonNode.Parse(text)!;
        var keys = root["keys"] is JsonArray set ? set.OfType<JsonObject>().ToList() : [root.AsObject()];
        line(root["keys"] is null ? "JWK" : $"JWK set of {keys.Count} key(s)");
        foreach (var key in keys)
        {
            var parts = new[] { ("kty", key["kty"]), ("crv", key["crv"]), ("alg", key["alg"]), ("kid", key["kid"]), ("use", key["use"]) }
                .Where(p => p.Item2 is JsonValue).Select(p => $"{p.Item1} {p.Item2}");
            line($"  {string.Join(", ", parts)}; {(key["d"] is null ? "public key" : "private key (holds 'd'; not printed)")}");
        }
    }

    private static void DescribeDeviceRequest(byte[] bytes, Action<string> line)
    {
        var request = DeviceRequest.Decode(bytes);
        line($"DeviceRequest ({bytes.Length} bytes), version {request.Version}, {request.DocRequests.Count} document request(s); readerAuth is not verified here");
        foreach (var docRequest in request.DocRequests)
        {
            line($"  docType {docRequest.ItemsRequest.DocType}");
            foreach (var (nameSpace, elements) in docRequest.ItemsRequest.NameSpaces)
            {
                line($"    {nameSpace}");
                foreach (var (identifier, retain) in elements)
                {
                    line($"      {identifier}{(retain ? " (the verifier will keep it)" : string.Empty)}");
                }
            }

            if (docRequest.ReaderAuth is { } readerAuth)
            {
                var chain = SafeChain(readerAuth);
                line($"  readerAuth: {readerAuth.Algorithm}, signed by {(chain.Count > 0 ? chain[0] : "(no certificate)")}");
            }
            else
            {
                line("  readerAuth: none (unsigned)");
            }
        }
    }

    private static void DescribeTranscript(SessionTranscript transcript, Action<string> line)
    {
        var handover = transcript.Handover is CborArray { Count: 2 } pair && pair[0] is CborTextString name ? name.Value : null;
        var kind = handover switch
        {
            OpenId4VpHandoverInfo.DcApiHandoverIdentifier => "OpenID4VP over the Digital Credentials API",
            OpenId4VpHandoverInfo.RedirectHandoverIdentifier => "OpenID4VP redirect",
            _ => "ISO 18013-5 (device engagement)",
        };
        line($"SessionTranscript ({transcript.SessionTranscriptBytes.Length} bytes as SessionTranscriptBytes), handover: {kind}");
        line(ValueText.Format(transcript.Value));
    }

    private static bool DescribeSdJwt(string text, Action<string> Line)
    {
        if (!Honnin.SdJwt.SelectiveDisclosureJwt.TryParse(text, out var sdJwt, out _))
        {
            return false;
        }

        var options = new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var algorithm = sdJwt.HashAlgorithm ?? Honnin.SdJwt.SdHashAlgorithm.Sha256;
        Line($"SD-JWT ({sdJwt.Serialization}), {sdJwt.Disclosures.Count} disclosure(s), {(sdJwt.KeyBinding is null ? "no key binding" : "with a key-binding JWT")}");
        Line("issuer JWT header:");
        Line(sdJwt.IssuerSigned.GetHeader().ToJsonString(options));
        Line("issuer JWT payload:");
        Line(sdJwt.GetIssuerPayload().ToJsonString(options));
        Line($"disclosures (digest = base64url({sdJwt.HashAlgorithmName}(disclosure))):");
        foreach (var disclosure in sdJwt.Disclosures)
        {
            Line($"  {disclosure.ComputeDigest(algorithm)}  {disclosure.ClaimName ?? "(array element)"} = {disclosure.GetValue()?.ToJsonString(ValueText.JsonOptions) ?? "null"}");
        }

        if (sdJwt.KeyBinding is { } keyBinding)
        {
            Line("key-binding JWT payload:");
            Line(keyBinding.Jws.ReadPayloadObject().ToJsonString(options));
        }

        return true;
    }

    private static void PrintDeviceResponse(DeviceResponse response, int length, Action<string> line)
    {
        line($"DeviceResponse ({length} bytes), version {response.Version}, status {response.Status}, {response.Documents.Count} document(s)");
        for (var i = 0; i < response.Documents.Count; i++)
        {
            var document = response.Documents[i];
            var mso = document.IssuerSigned.MobileSecurityObject;
            var issuerAuth = document.IssuerSigned.IssuerAuth;
            line($"document {i}: {document.DocType}");
            line($"  issuerAuth: {issuerAuth.Algorithm}, x5chain of {SafeCount(issuerAuth)} certificate(s)");
            foreach (var certificate in SafeChain(issuerAuth))
            {
                line($"    {certificate}");
            }

            line($"  MSO: version {mso.Version}, docType {mso.DocType}, digests {mso.DigestAlgorithm.Name}, device key {mso.DeviceKey.Curve}");
            line($"    signed {mso.ValidityInfo.Signed:yyyy-MM-dd'T'HH:mm:ss'Z'}, valid {mso.ValidityInfo.ValidFrom:yyyy-MM-dd'T'HH:mm:ss'Z'} .. {mso.ValidityInfo.ValidUntil:yyyy-MM-dd'T'HH:mm:ss'Z'}");
            foreach (var (nameSpace, digests) in mso.ValueDigests)
            {
                line($"    {nameSpace}: {digests.Count} digest(s)");
            }

            line($"  disclosed:");
            foreach (var (nameSpace, items) in document.IssuerSigned.NameSpaces)
            {
                line($"    {nameSpace}");
                foreach (var item in items)
                {
                    line($"      [{item.DigestId}] {item.ElementIdentifier}: {ValueText.Format(item.ElementValue)}");
                }
            }

            var deviceSigned = document.DeviceSigned;
            line(deviceSigned.DeviceSignature is { } signature
                ? $"  deviceAuth: deviceSignature ({signature.Algorithm})"
                : "  deviceAuth: deviceMac (HMAC 256/256)");
            line($"  device-signed namespaces: {deviceSigned.NameSpaces.Count}");
        }
    }

    private static int SafeCount(Cose.CoseSign1Message message)
    {
        try
        {
            return message.Headers.X5Chain.Count;
        }
        catch (CredentialFormatException)
        {
            return 0;
        }
    }

    private static List<string> SafeChain(Cose.CoseSign1Message message)
    {
        var lines = new List<string>();
        try
        {
            foreach (var der in message.Headers.X5Chain)
            {
                using var certificate = X509CertificateLoader.LoadCertificate(der.Span);
                lines.Add($"{certificate.Subject} (issuer {certificate.Issuer}; {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd} .. {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd})");
            }
        }
        catch (Exception e) when (e is CredentialFormatException or CryptographicException)
        {
            lines.Add("(a certificate cannot be read)");
        }

        return lines;
    }
}
