using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Honnin.X509;

/// <summary>
/// The names an SD-JWT VC issuer certificate gives its holder in its SubjectAltName extension (RFC 5280 §4.2.1.6): the
/// <c>dNSName</c> and <c>uniformResourceIdentifier</c> entries, which an Issuer-signed JWT's <c>iss</c> must match when
/// its key comes from the certificate's <c>x5c</c> (draft-ietf-oauth-sd-jwt-vc, X.509 Certificates).
/// </summary>
public sealed class SdJwtVcIssuerNames
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";
    private static readonly Asn1Tag DnsNameTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    private SdJwtVcIssuerNames(string subject, IReadOnlyList<string> dnsNames, IReadOnlyList<string> uris)
    {
        Subject = subject;
        DnsNames = dnsNames;
        Uris = uris;
    }

    /// <summary>The certificate's subject, as <see cref="X509Certificate.Subject"/> gives it.</summary>
    public string Subject { get; }

    /// <summary>The <c>dNSName</c> entries, as written (no wildcard is ever matched).</summary>
    public IReadOnlyList<string> DnsNames { get; }

    /// <summary>The <c>uniformResourceIdentifier</c> entries, as written.</summary>
    public IReadOnlyList<string> Uris { get; }

    /// <summary>Reads the names of a certificate; <see langword="null"/> when the SubjectAltName extension cannot be decoded or occurs twice.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The names (empty lists when the certificate has no SubjectAltName), or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is <see langword="null"/>.</exception>
    public static SdJwtVcIssuerNames? TryRead(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var dnsNames = new List<string>();
        var uris = new List<string>();
        var seen = false;
        try
        {
            foreach (var extension in certificate.Extensions)
            {
                if (extension.Oid?.Value != SubjectAlternativeNameOid)
                {
                    continue;
                }

                if (seen)
                {
                    return null;
                }

                seen = true;
                var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
                var names = reader.ReadSequence();
                reader.ThrowIfNotEmpty();
                while (names.HasData)
                {
                    var tag = names.PeekTag();
                    if (tag.HasSameClassAndValue(DnsNameTag))
                    {
                        dnsNames.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, DnsNameTag));
                    }
                    else if (tag.HasSameClassAndValue(UriTag))
                    {
                        uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }

            return new SdJwtVcIssuerNames(certificate.Subject, dnsNames, uris);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when <paramref name="issuer"/> (an <c>iss</c> value) is named by the certificate: it equals a
    /// <c>uniformResourceIdentifier</c> entry exactly, or it is an <c>https</c> URL without user information whose host
    /// equals a <c>dNSName</c> entry (ASCII case-insensitive; wildcard entries never match).
    /// </summary>
    /// <param name="issuer">The <c>iss</c> value.</param>
    /// <returns>Whether the certificate names that issuer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="issuer"/> is <see langword="null"/>.</exception>
    public bool Names(string issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        if (Uris.Contains(issuer, StringComparer.Ordinal))
        {
            return true;
        }

        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttps
            || !issuer.StartsWith("https://", StringComparison.Ordinal)
            || uri.UserInfo.Length > 0
            || uri.HostNameType != UriHostNameType.Dns)
        {
            return false;
        }

        var host = uri.IdnHost.TrimEnd('.');
        return DnsNames.Any(name => !name.Contains('*', StringComparison.Ordinal)
            && string.Equals(name.TrimEnd('.'), host, StringComparison.OrdinalIgnoreCase));
    }
}
