using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Honnin.X509;

namespace Honnin.Verifier;

/// <summary>
/// Issuer trust read from configuration files, for both formats: CA certificates (IACAs, SD-JWT VC issuing roots) in PEM or
/// DER, and issuer public keys as a JWK or a JWK Set. Each input is recognised by its content, not its name, and
/// <see cref="Sources"/> says what was read from it. Apply it to a verifier's options with <see cref="ApplyTo(MdocVerifierOptions)"/>
/// or <see cref="ApplyTo(SdJwtVcVerifierOptions)"/>.
/// </summary>
/// <remarks>
/// Certificates must be CAs (BasicConstraints <c>cA = TRUE</c>): trusting a Document Signer or issuer certificate directly,
/// and VICAL files, are refused with <see cref="TrustFileCodes.UnsupportedTrust"/> rather than silently treated as
/// something else. The instance owns its <see cref="Anchors"/> and disposes them.
/// </remarks>
public sealed class IssuerTrust : IDisposable
{
    private IssuerTrust(TrustAnchorSet? anchors, IReadOnlyList<JsonWebKey> keys, IReadOnlyList<string> sources)
    {
        Anchors = anchors;
        IssuerKeys = keys;
        Sources = sources;
    }

    /// <summary>The CA certificates read, or <see langword="null"/> when none was.</summary>
    public TrustAnchorSet? Anchors { get; }

    /// <summary>The issuer public keys read (SD-JWT VC only).</summary>
    public IReadOnlyList<JsonWebKey> IssuerKeys { get; }

    /// <summary>One line per input: its name and what was read from it (certificate subjects, key ids and types).</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Reads trust from named inputs (a file name, for messages, and the file's bytes).</summary>
    /// <param name="inputs">The inputs; at least one.</param>
    /// <returns>The trust.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is empty.</exception>
    /// <exception cref="CredentialFormatException">An input is not a certificate, JWK or JWK Set (code <see cref="TrustFileCodes.Unreadable"/>), or is a kind of trust this version does not take (<see cref="TrustFileCodes.UnsupportedTrust"/>).</exception>
    public static IssuerTrust Read(IEnumerable<(string Name, ReadOnlyMemory<byte> Content)> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var certificates = new List<ReadOnlyMemory<byte>>();
        var keys = new List<JsonWebKey>();
        var sources = new List<string>();
        foreach (var (name, content) in inputs)
        {
            sources.Add(name + ": " + ReadOne(name, content.Span, certificates, keys));
        }

        if (sources.Count == 0)
        {
            throw new ArgumentException("At least one trust input is required.", nameof(inputs));
        }

        return new IssuerTrust(certificates.Count > 0 ? TrustAnchorSet.FromDer(certificates) : null, keys, sources);
    }

    /// <summary>Reads trust from files; see <see cref="Read"/>.</summary>
    /// <param name="paths">The file paths; at least one.</param>
    /// <returns>The trust.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="paths"/> is empty.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
    /// <exception cref="CredentialFormatException">A file's content is not accepted; see <see cref="Read"/>.</exception>
    public static IssuerTrust ReadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Read(paths.Select(p => (Path.GetFileName(p), (ReadOnlyMemory<byte>)File.ReadAllBytes(p))).ToList());
    }

    /// <summary>Options that trust exactly these anchors (mdoc Document Signers must chain to them).</summary>
    /// <param name="options">The options to derive from.</param>
    /// <returns>A copy with <see cref="MdocVerifierOptions.TrustAnchors"/> set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">No CA certificate was read, or issuer keys were (mdoc has no bare-key trust).</exception>
    public MdocVerifierOptions ApplyTo(MdocVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Anchors is null || IssuerKeys.Count > 0)
        {
            throw new InvalidOperationException("mdoc trust needs IACA certificates, and takes no issuer keys.");
        }

        return options with { TrustAnchors = Anchors };
    }

    /// <summary>Options that trust exactly these anchors or these issuer keys.</summary>
    /// <param name="options">The options to derive from.</param>
    /// <returns>A copy with <see cref="SdJwtVcVerifierOptions.TrustAnchors"/> or <see cref="SdJwtVcVerifierOptions.IssuerKeys"/> set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Both CA certificates and issuer keys were read.</exception>
    public SdJwtVcVerifierOptions ApplyTo(SdJwtVcVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Anchors is not null && IssuerKeys.Count > 0)
        {
            throw new InvalidOperationException("An SD-JWT VC verifier trusts either CA certificates or issuer keys, not both.");
        }

        return Anchors is not null ? options with { TrustAnchors = Anchors, IssuerKeys = [] } : options with { TrustAnchors = null, IssuerKeys = IssuerKeys };
    }

    /// <summary>Disposes the anchors.</summary>
    public void Dispose() => Anchors?.Dispose();

    private static string ReadOne(string name, ReadOnlySpan<byte> content, List<ReadOnlyMemory<byte>> certificates, List<JsonWebKey> keys)
    {
        var start = 0;
        while (start < content.Length && content[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start < content.Length && content[start] == (byte)'{')
        {
            return ReadJson(name, content, keys);
        }

        if (content.IndexOf("-----BEGIN"u8) >= 0)
        {
            var text = Encoding.ASCII.GetString(content);
            using var pem = Wrap(name, () => TrustAnchorSet.FromPem(text));
            return AddCertificates(name, [.. pem.Certificates.Select(c => (ReadOnlyMemory<byte>)c.RawData)], certificates);
        }

        if (CertificateChainValidator.IsDerCertificate(content))
        {
            return AddCertificates(name, [content.ToArray()], certificates);
        }

        if (content.Length > 0 && content[0] is 0x84 or 0xD2 or 0xD8)
        {
            throw new CredentialFormatException(TrustFileCodes.UnsupportedTrust, $"'{name}' looks like CBOR (a VICAL?); VICAL files are not read by this version.");
        }

        throw new CredentialFormatException(TrustFileCodes.Unreadable, $"'{name}' is not a PEM or DER certificate, a JWK or a JWK Set.");
    }

    private static string AddCertificates(string name, List<ReadOnlyMemory<byte>> found, List<ReadOnlyMemory<byte>> certificates)
    {
        var subjects = new List<string>();
        foreach (var der in found)
        {
            using var certificate = Wrap(name, () => X509CertificateLoader.LoadCertificate(der.Span));
            var isCa = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
            if (!isCa)
            {
                throw new CredentialFormatException(TrustFileCodes.UnsupportedTrust, $"'{name}' holds an end-entity certificate ({certificate.Subject}); trusting a signer certificate directly is not supported by this version: give its CA.");
            }

            subjects.Add("CA certificate " + certificate.Subject);
            certificates.Add(der);
        }

        return string.Join("; ", subjects);
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
}
