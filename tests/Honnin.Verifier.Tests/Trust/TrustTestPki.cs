using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.SdJwt;
using Honnin.SdJwt;
using Honnin.X509;

namespace Honnin.Verifier.Tests.Trust;

/// <summary>
/// Certificates generated for the trust tests, shaped freely (unlike <see cref="MdocCertificateFactory"/>, which only
/// makes profile-conforming ones): CAs with or without a path length, sub-CAs, end entities with chosen key usages,
/// extended key usages, country and SubjectAltName entries. Valid 2024–2030 unless told otherwise.
/// </summary>
internal static class TrustTestPki
{
    public static readonly DateTimeOffset NotBefore = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NotAfter = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A self-signed CA: keyCertSign and cRLSign, subject C, and the given path length (null for none).</summary>
    public static X509Certificate2 Root(ECDsa key, string commonName, int? pathLength = 0, string country = "JP")
    {
        var request = new CertificateRequest(Name(commonName, country), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, pathLength is not null, pathLength ?? 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(NotBefore, NotAfter);
    }

    /// <summary>A CA issued by <paramref name="issuer"/>.</summary>
    public static X509Certificate2 SubCa(X509Certificate2 issuer, ECDsa issuerKey, ECDsa key, string commonName, string country = "JP")
    {
        var request = new CertificateRequest(Name(commonName, country), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        return Issue(request, issuer, issuerKey, NotBefore, NotAfter);
    }

    /// <summary>An end-entity certificate issued by <paramref name="issuer"/>, shaped as told.</summary>
    public static X509Certificate2 Leaf(
        X509Certificate2 issuer,
        ECDsa issuerKey,
        ECDsa key,
        string commonName,
        string? country = "JP",
        X509KeyUsageFlags? keyUsage = X509KeyUsageFlags.DigitalSignature,
        string[]? extendedKeyUsages = null,
        string[]? dnsNames = null,
        string[]? uris = null,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null)
    {
        var request = new CertificateRequest(Name(commonName, country), key, HashAlgorithmName.SHA256);
        if (keyUsage is { } usage)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        }

        if (extendedKeyUsages is not null)
        {
            var oids = new OidCollection();
            foreach (var eku in extendedKeyUsages)
            {
                oids.Add(new Oid(eku));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        }

        if (dnsNames is not null || uris is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var dns in dnsNames ?? [])
            {
                names.AddDnsName(dns);
            }

            foreach (var uri in uris ?? [])
            {
                names.AddUri(new Uri(uri));
            }

            request.CertificateExtensions.Add(names.Build());
        }

        return Issue(request, issuer, issuerKey, notBefore ?? NotBefore, notAfter ?? NotAfter);
    }

    /// <summary>An mdoc Document Signer (EKU 1.0.18013.5.1.2, digitalSignature, C=JP) with optional SubjectAltName entries.</summary>
    public static X509Certificate2 DocumentSigner(X509Certificate2 issuer, ECDsa issuerKey, ECDsa key, string[]? dnsNames = null, string[]? uris = null) =>
        Leaf(issuer, issuerKey, key, "Honnin trust test DS", extendedKeyUsages: [MdocCertificateProfile.DocumentSignerExtendedKeyUsage], dnsNames: dnsNames, uris: uris);

    /// <summary>An SD-JWT VC signed by <paramref name="key"/> with the given <c>x5c</c> chain (leaf first), without key binding.</summary>
    public static async Task<string> IssueSdJwtAsync(JsonObject claims, ECDsa key, params X509Certificate2[] x5c)
    {
        using var signer = SoftwareSigner.FromECDsa(ECDsa.Create(key.ExportParameters(includePrivateParameters: true)));
        var builder = new SdJwtBuilder(claims);
        if (claims.ContainsKey("given_name"))
        {
            builder.MakeDisclosable("given_name");
        }

        if (x5c.Length > 0)
        {
            builder.WithHeader("x5c", new JsonArray([.. x5c.Select(c => (JsonNode)JsonValue.Create(Convert.ToBase64String(c.RawData))!)]));
        }

        return (await builder.BuildAsync(signer)).Serialize();
    }

    /// <summary>SD-JWT VC claims with the given <c>iss</c> (none when null).</summary>
    public static JsonObject Claims(string? iss)
    {
        var claims = new JsonObject
        {
            ["iat"] = Now.AddDays(-1).ToUnixTimeSeconds(),
            ["vct"] = "urn:honnin:jp:enrollment-certificate:1",
            ["given_name"] = "Taro",
        };
        if (iss is not null)
        {
            claims["iss"] = iss;
        }

        return claims;
    }

    private static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 issuer, ECDsa issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, serial);
    }

    private static X500DistinguishedName Name(string commonName, string? country)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        if (country is not null)
        {
            name.AddCountryOrRegion(country);
        }

        return name.Build();
    }
}
