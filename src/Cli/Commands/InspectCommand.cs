using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Cbor;
using Honnin.Mdoc;

namespace Honnin.Cli.Commands;

/// <summary><c>honnin inspect</c>: decodes a credential or presentation and prints its structure, without verifying it.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "An SD-JWT (VC), a DeviceResponse, or any CBOR item (binary or hex)." };
        var command = new Command("inspect", "Decode an SD-JWT, a DeviceResponse or any CBOR and print its structure. Nothing is verified.") { file };
        command.SetAction(parseResult => Run(parseResult.GetValue(file)!, parseResult.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(string path, TextWriter output)
    {
        var raw = InputFiles.ReadBounded(path, "input");
        if (raw.Length > 0 && (raw[0] == (byte)'e' || raw[0] == (byte)'{') && TryInspectSdJwt(raw, output))
        {
            return ExitCodes.Success;
        }

        var bytes = InputFiles.ReadBinaryOrHex(path, "input");
        CborValue value;
        try
        {
            value = CborDecoder.Decode(bytes);
        }
        catch (CredentialFormatException e)
        {
            throw new UsageException($"'{path}' is not well-formed CBOR ({e.Code}): {e.Message}");
        }

        void Line(string text) => output.WriteLine(ValueText.Clean(text));

        if (value is CborMap map && map.TryGetValue("documents", out _) || value is CborMap statusOnly && statusOnly.TryGetValue("status", out _))
        {
            if (DeviceResponse.TryDecode(bytes, out var response, out var error))
            {
                PrintDeviceResponse(response, bytes.Length, Line);
                return ExitCodes.Success;
            }

            Line($"A DeviceResponse that does not decode ({error.Code}): {error.Message}");
        }

        Line($"CBOR item, {bytes.Length} bytes:");
        Line(ValueText.Format(value));
        return ExitCodes.Success;
    }

    private static bool TryInspectSdJwt(byte[] raw, TextWriter output)
    {
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, true).GetString(raw).Trim();
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false;
        }

        if (!Honnin.SdJwt.SelectiveDisclosureJwt.TryParse(text, out var sdJwt, out _))
        {
            return false;
        }

        void Line(string text)
        {
            foreach (var line in text.Split('\n'))
            {
                output.WriteLine(ValueText.Clean(line.TrimEnd('\r')));
            }
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
