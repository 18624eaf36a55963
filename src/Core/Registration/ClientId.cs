using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Honnin.Registration;

/// <summary>
/// A verifier's client identifier as OpenID4VP 1.0 §5.9 writes it: a Client Identifier Prefix and a value, e.g.
/// <c>x509_hash:</c> with the base64url SHA-256 of the verifier's certificate, or <c>x509_san_dns:</c> with one of its
/// DNS names. It is what a key-binding JWT names as <c>aud</c> and what the OpenID4VP session transcripts carry, always
/// in full, prefix included. Identifiers with another prefix (or none) are kept as written and name no certificate.
/// </summary>
public sealed class ClientId : IEquatable<ClientId>
{
    /// <summary>The prefix for the SHA-256 hash of the verifier's leaf certificate.</summary>
    public const string X509HashPrefix = "x509_hash:";

    /// <summary>The prefix for a DNS name in the verifier's leaf certificate.</summary>
    public const string X509SanDnsPrefix = "x509_san_dns:";

    private const string SubjectAltNameOid = "2.5.29.17";

    private ClientId(string value) => Value = value;

    /// <summary>The identifier in full, prefix included.</summary>
    public string Value { get; }

    /// <summary>Whether the identifier is the <c>x509_hash</c> of a certificate.</summary>
    public bool IsX509Hash => Value.StartsWith(X509HashPrefix, StringComparison.Ordinal);

    /// <summary>Whether the identifier is an <c>x509_san_dns</c> name.</summary>
    public bool IsX509SanDns => Value.StartsWith(X509SanDnsPrefix, StringComparison.Ordinal);

    /// <summary>The <c>x509_hash</c> identifier of a certificate: the base64url SHA-256 of its DER.</summary>
    /// <param name="certificate">The verifier's leaf certificate.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public static ClientId ForCertificateHash(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new ClientId(X509HashPrefix + Base64Url.EncodeToString(SHA256.HashData(certificate.RawData)));
    }

    /// <summary>The <c>x509_san_dns</c> identifier for a DNS name.</summary>
    /// <param name="dnsName">A DNS name the verifier's certificate carries.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentException">The name is empty or holds white space or a control character.</exception>
    public static ClientId ForDnsName(string dnsName)
    {
        ArgumentException.ThrowIfNullOrEmpty(dnsName);
        return Parse(X509SanDnsPrefix + dnsName);
    }

    /// <summary>Reads an identifier as received.</summary>
    /// <param name="text">The identifier, prefix included.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentException">The text is empty, holds white space or a control character, or has a prefix and no value.</exception>
    public static ClientId Parse(string text) =>
        TryParse(text, out var clientId) ? clientId : throw new ArgumentException("A client identifier is printable text without white space, and a prefix is followed by a value.", nameof(text));

    /// <summary>Reads an identifier as received.</summary>
    /// <param name="text">The identifier, prefix included.</param>
    /// <param name="clientId">The identifier, when the text is one.</param>
    /// <returns>True when the text is a client identifier.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ClientId? clientId)
    {
        clientId = null;
        if (string.IsNullOrEmpty(text) || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || text is X509HashPrefix or X509SanDnsPrefix)
        {
            return false;
        }

        clientId = new ClientId(text);
        return true;
    }

    /// <summary>
    /// Whether this identifier names <paramref name="certificate"/>: its <c>x509_hash</c>, or <c>x509_san_dns:</c> with
    /// one of its subjectAltName DNS names (compared without regard to case, as DNS names are).
    /// </summary>
    /// <param name="certificate">The certificate that signed the request.</param>
    /// <returns>True when the identifier names the certificate.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public bool Names(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (IsX509Hash)
        {
            return Equals(ForCertificateHash(certificate));
        }

        if (!IsX509SanDns)
        {
            return false;
        }

        var name = Value[X509SanDnsPrefix.Length..];
        return certificate.Extensions[SubjectAltNameOid] is X509SubjectAlternativeNameExtension san
            && san.EnumerateDnsNames().Any(d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <inheritdoc/>
    public bool Equals(ClientId? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ClientId);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The identifier in full, prefix included.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;
}
