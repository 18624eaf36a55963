using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Honnin.Jose;
using Honnin.X509;
using Honnin.X509.Vicals;

namespace Honnin.Cli;

/// <summary>
/// What <c>verify --trust</c> and <c>--vical</c> files hold, told apart by their content: certificates (PEM, one or more,
/// or DER), a CA certificate being an anchor and any other a pinned issuer certificate; public keys (a JWK or a JWK
/// Set); and VICALs, whose IACAs become anchors once the VICAL's own signature is checked against a VICAL signer.
/// </summary>
internal sealed class TrustFiles
{
    private TrustFiles(List<byte[]> anchors, List<byte[]> pinned, List<JsonWebKey> keys, List<string> described)
    {
        Anchors = anchors;
        Pinned = pinned;
        Keys = keys;
        Described = described;
    }

    /// <summary>CA certificates (DER): trust anchors.</summary>
    public IReadOnlyList<byte[]> Anchors { get; }

    /// <summary>End-entity certificates (DER): issuer certificates trusted directly.</summary>
    public IReadOnlyList<byte[]> Pinned { get; }

    /// <summary>Issuer public keys.</summary>
    public IReadOnlyList<JsonWebKey> Keys { get; }

    /// <summary>One line per file: what it was read as.</summary>
    public IReadOnlyList<string> Described { get; }

    /// <summary>Reads the files of <c>--trust</c>, and the VICALs of <c>--vical</c> with their signers.</summary>
    /// <exception cref="InputException">A file cannot be read or is none of the kinds.</exception>
    /// <exception cref="UsageException">A VICAL is given without a signer and without <c>--vical-unverified</c>.</exception>
    public static TrustFiles Read(IReadOnlyList<string> trust, IReadOnlyList<string> vicals, IReadOnlyList<string> vicalSigners, bool vicalUnverified, DateTimeOffset at)
    {
        List<byte[]> anchors = [];
        List<byte[]> pinned = [];
        List<JsonWebKey> keys = [];
        List<string> described = [];
        foreach (var path in trust)
        {
            var bytes = InputFiles.ReadBounded(path, "--trust");
            var text = TryText(bytes);
            if (text is not null && text.TrimStart().StartsWith('{'))
            {
                var read = ReadKeys(text, path);
                keys.AddRange(read);
                described.Add($"{path}: {(read.Count == 1 ? "an issuer public key (JWK)" : $"{read.Count} issuer public keys (JWK Set)")}");
                continue;
            }

            foreach (var certificate in ReadCertificates(bytes, text, path))
            {
                using var loaded = X509CertificateLoader.LoadCertificate(certificate);
                var isCa = loaded.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
                (isCa ? anchors : pinned).Add(certificate);
                described.Add($"{path}: {(isCa ? "a trust anchor" : "a pinned issuer certificate")} ({loaded.GetNameInfo(X509NameType.SimpleName, forIssuer: false)})");
            }
        }

        if (vicals.Count > 0 && vicalSigners.Count == 0 && !vicalUnverified)
        {
            throw new UsageException("--vical needs --vical-signer FILE (the certificate that signs the list, e.g. the AAMVA root), or --vical-unverified to use a list whose signature is not checked.");
        }

        using var signers = vicalSigners.Count > 0 ? TrustAnchorSet.FromDer(vicalSigners.SelectMany(p => ReadCertificates(InputFiles.ReadBounded(p, "--vical-signer"), null, p)).Select(c => (ReadOnlyMemory<byte>)c)) : null;
        foreach (var path in vicals)
        {
            if (!Vical.TryDecode(InputFiles.ReadBounded(path, "--vical", Vical.MaxSize), out var vical, out var error))
            {
                throw new InputException(InputException.Malformed, $"The --vical file '{path}' is not a VICAL ({error.Code}): {error.Message}");
            }

            if (signers is not null)
            {
                var problems = vical.Verify(signers, at);
                if (problems.Count > 0)
                {
                    throw new RefusedException(problems[0].Code, $"The VICAL '{path}' is not trusted: {string.Join("; ", problems.Select(p => $"{p.Message} ({p.Code})"))}");
                }
            }

            anchors.AddRange(vical.Entries.Select(e => e.Certificate.ToArray()));
            described.Add($"{path}: a VICAL of {vical.Provider} ({vical.Date:yyyy-MM-dd}) with {vical.Entries.Count} IACAs{(signers is null ? ", its signature not checked (--vical-unverified)" : ", signature and signer checked")}");
        }

        return new TrustFiles(anchors, pinned, keys, described);
    }

    private static string? TryText(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static List<JsonWebKey> ReadKeys(string text, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("keys", out var set) && set.ValueKind == JsonValueKind.Array)
            {
                var keys = set.EnumerateArray().Select(k => JsonWebKey.TryParse(k.GetRawText(), out var key, out _) ? key : null).ToList();
                return keys.Count > 0 && keys.All(k => k is not null)
                    ? [.. keys.Select(k => k!)]
                    : throw new InputException(InputException.Malformed, $"The --trust file '{path}' is a JWK Set with an entry that is not a public JWK (or no entry).");
            }
        }
        catch (JsonException)
        {
            throw new InputException(InputException.Malformed, $"The --trust file '{path}' starts like JSON but is not.");
        }

        return JsonWebKey.TryParse(text, out var single, out _)
            ? [single]
            : throw new InputException(InputException.Malformed, $"The --trust file '{path}' is JSON but not a public JWK or a JWK Set.");
    }

    private static List<byte[]> ReadCertificates(byte[] bytes, string? text, string path)
    {
        text ??= TryText(bytes);
        try
        {
            if (text is not null && text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPem(text);
                var certificates = collection.Select(c => c.RawData).ToList();
                foreach (var c in collection)
                {
                    c.Dispose();
                }

                return certificates.Count > 0 ? certificates : throw new InputException(InputException.Malformed, $"The file '{path}' holds no certificate.");
            }

            using var der = X509CertificateLoader.LoadCertificate(bytes);
            return der.RawData.AsSpan().SequenceEqual(bytes)
                ? [der.RawData]
                : throw new InputException(InputException.Malformed, $"The file '{path}' is not exactly one DER certificate.");
        }
        catch (CryptographicException)
        {
            throw new InputException(InputException.Malformed, $"The file '{path}' is not a certificate (PEM or DER), a JWK or a JWK Set.");
        }
    }
}
