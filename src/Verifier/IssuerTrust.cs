using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Honnin.X509.Vicals;

namespace Honnin.Verifier;

/// <summary>
/// Issuer trust read from configuration files, for both formats, each input recognised by its content, not its name:
/// CA certificates (IACAs, SD-JWT VC issuing roots) in PEM or DER become <see cref="Anchors"/>; other certificates are
/// issuer certificates trusted directly (<see cref="PinnedCertificates"/>: mdoc Document Signers, SD-JWT VC issuer
/// certificates); a JWK or a JWK Set gives <see cref="IssuerKeys"/>; and a VICAL (ISO/IEC 18013-5 Verified Issuer CA
/// List) adds its IACAs to the anchors once its signature verifies against the configured VICAL signers.
/// <see cref="Sources"/> says what was read from each input. Apply it to a verifier's options with
/// <see cref="ApplyTo(MdocVerifierOptions)"/> or <see cref="ApplyTo(SdJwtVcVerifierOptions)"/>.
/// </summary>
/// <remarks>The instance owns its <see cref="Anchors"/> and disposes them.</remarks>
public sealed class IssuerTrust : IDisposable
{
    private IssuerTrust(TrustAnchorSet? anchors, IReadOnlyList<ReadOnlyMemory<byte>> pinned, IReadOnlyList<JsonWebKey> keys, IReadOnlyList<string> sources)
    {
        Anchors = anchors;
        PinnedCertificates = pinned;
        IssuerKeys = keys;
        Sources = sources;
    }

    /// <summary>The CA certificates read, with the IACAs of trusted VICALs, or <see langword="null"/> when none was.</summary>
    public TrustAnchorSet? Anchors { get; }

    /// <summary>The end-entity certificates read (DER), trusted directly as issuer certificates.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> PinnedCertificates { get; }

    /// <summary>The issuer public keys read (SD-JWT VC only).</summary>
    public IReadOnlyList<JsonWebKey> IssuerKeys { get; }

    /// <summary>One line per input: its name and what was read from it (certificate subjects, key ids and types).</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Reads trust from named inputs (a file name, for messages, and the file's bytes).</summary>
    /// <param name="inputs">The inputs; at least one.</param>
    /// <param name="options">How VICALs are checked; none may be read without it (or its <see cref="IssuerTrustOptions.AcceptUnverifiedVicals"/>).</param>
    /// <returns>The trust.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is empty.</exception>
    /// <exception cref="CredentialFormatException">
    /// An input is not a certificate, JWK, JWK Set or VICAL (<see cref="TrustFileCodes.Unreadable"/>), a VICAL cannot be
    /// checked (<see cref="TrustFileCodes.VicalUnverified"/>) or does not verify (<see cref="TrustFileCodes.VicalNotTrusted"/>).
    /// </exception>
    public static IssuerTrust Read(IEnumerable<(string Name, ReadOnlyMemory<byte> Content)> inputs, IssuerTrustOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new IssuerTrustOptions();
        var found = new Found();
        var sources = new List<string>();
        foreach (var (name, content) in inputs)
        {
            sources.Add(name + ": " + ReadOne(name, content, options, found));
        }

        if (sources.Count == 0)
        {
            throw new ArgumentException("At least one trust input is required.", nameof(inputs));
        }

        return new IssuerTrust(found.Anchors.Count > 0 ? TrustAnchorSet.FromDer(found.Anchors) : null, found.Pinned.AsReadOnly(), found.Keys.AsReadOnly(), sources.AsReadOnly());
    }

    /// <summary>Reads trust from files; see <see cref="Read"/>.</summary>
    /// <param name="paths">The file paths; at least one.</param>
    /// <param name="options">How VICALs are checked.</param>
    /// <returns>The trust.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="paths"/> is empty.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
    /// <exception cref="CredentialFormatException">A file's content is not accepted; see <see cref="Read"/>.</exception>
    public static IssuerTrust ReadFiles(IEnumerable<string> paths, IssuerTrustOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Read(paths.Select(p => (Path.GetFileName(p), (ReadOnlyMemory<byte>)File.ReadAllBytes(p))).ToList(), options);
    }

    /// <summary>Options that trust exactly these anchors and pinned Document Signers.</summary>
    /// <param name="options">The options to derive from.</param>
    /// <returns>A copy with <see cref="MdocVerifierOptions.TrustAnchors"/> and <see cref="MdocVerifierOptions.PinnedDocumentSigners"/> set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">No certificate was read, or issuer keys were (mdoc has no bare-key trust).</exception>
    public MdocVerifierOptions ApplyTo(MdocVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((Anchors is null && PinnedCertificates.Count == 0) || IssuerKeys.Count > 0)
        {
            throw new InvalidOperationException("mdoc trust needs certificates (IACAs, pinned Document Signers or a VICAL), and takes no issuer keys.");
        }

        return options with { TrustAnchors = Anchors, PinnedDocumentSigners = PinnedCertificates };
    }

    /// <summary>Options that trust exactly these certificates (anchors and pinned issuer certificates) or these issuer keys.</summary>
    /// <param name="options">The options to derive from.</param>
    /// <returns>A copy with the trust of <see cref="SdJwtVcVerifierOptions"/> set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Both certificates and issuer keys were read.</exception>
    public SdJwtVcVerifierOptions ApplyTo(SdJwtVcVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var certificates = Anchors is not null || PinnedCertificates.Count > 0;
        if (certificates && IssuerKeys.Count > 0)
        {
            throw new InvalidOperationException("An SD-JWT VC verifier trusts either certificates (CA or pinned issuer certificates) or issuer keys, not both.");
        }

        return certificates
            ? options with { TrustAnchors = Anchors, PinnedIssuerCertificates = PinnedCertificates, IssuerKeys = [] }
            : options with { TrustAnchors = null, PinnedIssuerCertificates = [], IssuerKeys = IssuerKeys };
    }

    /// <summary>Disposes the anchors.</summary>
    public void Dispose() => Anchors?.Dispose();

    private static string ReadOne(string name, ReadOnlyMemory<byte> input, IssuerTrustOptions options, Found found)
    {
        var content = input.Span;
        var start = 0;
        while (start < content.Length && content[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start < content.Length && content[start] == (byte)'{')
        {
            return ReadJson(name, content, found.Keys);
        }

        if (content.IndexOf("-----BEGIN"u8) >= 0)
        {
            var text = Encoding.ASCII.GetString(content);
            using var pem = Wrap(name, () => TrustAnchorSet.FromPem(text));
            return AddCertificates(name, [.. pem.Certificates.Select(c => (ReadOnlyMemory<byte>)c.RawData)], found);
        }

        if (CertificateChainValidator.IsDerCertificate(content))
        {
            return AddCertificates(name, [content.ToArray()], found);
        }

        if (content.Length > 0 && content[0] is 0x84 or 0xD2 or 0xD8)
        {
            return ReadVical(name, input, options, found);
        }

        throw new CredentialFormatException(TrustFileCodes.Unreadable, $"'{name}' is not a PEM or DER certificate, a JWK, a JWK Set or a VICAL.");
    }

    private static string AddCertificates(string name, List<ReadOnlyMemory<byte>> certificates, Found found)
    {
        var read = new List<string>();
        foreach (var der in certificates)
        {
            using var certificate = Wrap(name, () => X509CertificateLoader.LoadCertificate(der.Span));
            if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority))
            {
                found.Anchors.Add(der);
                read.Add("CA certificate " + certificate.Subject);
            }
            else
            {
                found.Pinned.Add(der);
                read.Add("pinned issuer certificate " + certificate.Subject);
            }
        }

        return string.Join("; ", read);
    }

    private static string ReadVical(string name, ReadOnlyMemory<byte> content, IssuerTrustOptions options, Found found)
    {
        if (!Vical.TryDecode(content, out var vical, out var error))
        {
            throw new CredentialFormatException(TrustFileCodes.Unreadable, $"'{name}' looks like CBOR but is not a VICAL ({error.Code}).");
        }

        if (options.VicalSigners is { } signers)
        {
            var problems = vical.Verify(signers, options.At ?? TimeProvider.System.GetUtcNow());
            if (problems.Count > 0)
            {
                throw new CredentialFormatException(TrustFileCodes.VicalNotTrusted, $"The VICAL '{name}' is not trusted: {string.Join("; ", problems.Select(p => $"{p.Message} ({p.Code})"))}");
            }
        }
        else if (!options.AcceptUnverifiedVicals)
        {
            throw new CredentialFormatException(TrustFileCodes.VicalUnverified, $"'{name}' is a VICAL, and no VICAL signer is configured to check its signature.");
        }

        found.Anchors.AddRange(vical.Entries.Select(e => e.Certificate));
        return $"VICAL of {vical.Provider} ({vical.Date:yyyy-MM-dd}) with {vical.Entries.Count} IACAs, {(options.VicalSigners is null ? "its signature not checked" : "signature and signer checked")}";
    }

    private static string ReadJson(string name, ReadOnlySpan<byte> content, List<JsonWebKey> keys)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(content) as JsonObject ?? throw new CredentialFormatException(TrustFileCodes.Unreadable, $"'{name}' is not a JSON object.");
        }
        catch (JsonException)
        {
            throw new CredentialFormatException(TrustFileCodes.Unreadable, $"'{name}' is not valid JSON.");
        }

        var entries = json["keys"] is JsonArray set ? set.ToList() : [json];
        var read = new List<string>();
        foreach (var entry in entries)
        {
            if (entry is not JsonObject jwk || !JsonWebKey.TryFromJson(jwk, out var key, out var error))
            {
                throw new CredentialFormatException(TrustFileCodes.Unreadable, $"'{name}' holds an entry that is not a public JWK.");
            }

            if (jwk.ContainsKey("d"))
            {
                throw new CredentialFormatException(TrustFileCodes.Unreadable, $"'{name}' holds a private key; give the public JWK.");
            }

            keys.Add(key);
            read.Add("issuer key " + (key.KeyId ?? "(no kid)"));
        }

        return read.Count == 0 ? throw new CredentialFormatException(TrustFileCodes.Unreadable, $"'{name}' is a JWK Set without keys.") : string.Join("; ", read);
    }

    private static T Wrap<T>(string name, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (CryptographicException)
        {
            throw new CredentialFormatException(TrustFileCodes.Unreadable, $"'{name}' does not hold a readable certificate.");
        }
        catch (CredentialFormatException)
        {
            throw new CredentialFormatException(TrustFileCodes.Unreadable, $"'{name}' does not hold a readable certificate.");
        }
    }

    /// <summary>What the inputs held, as they are read.</summary>
    private sealed class Found
    {
        public List<ReadOnlyMemory<byte>> Anchors { get; } = [];

        public List<ReadOnlyMemory<byte>> Pinned { get; } = [];

        public List<JsonWebKey> Keys { get; } = [];
    }
}
