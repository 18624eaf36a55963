using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Issuer.Certificates;
using Honnin.Tests;
using Honnin.X509;

namespace Honnin.Core.Tests.X509;

/// <summary>A generated CA certificate with its private key, disposed together.</summary>
internal sealed class TestIssuer(X509Certificate2 certificate, ECDsa key) : IDisposable
{
    public X509Certificate2 Certificate { get; } = certificate;

    public ECDsa Key { get; } = key;

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}

/// <summary>
/// Generated test PKI (fixed validity 2024-01-01 .. 2030-01-01, checked at <see cref="Now"/>) and the
/// ISO/IEC 18013-5 Annex D certificates.
/// </summary>
internal static class TestPki
{
    public static readonly DateTimeOffset NotBefore = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NotAfter = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The fixed clock suggested by the Annex D vector file, inside every Annex D validity period.</summary>
    public static readonly DateTimeOffset AnnexDNow = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An Annex D certificate (tests/vectors/mdoc/iso18013-5-annexd.json).</summary>
    public static X509Certificate2 AnnexD(string name) => X509CertificateLoader.LoadCertificate(Vectors.AnnexD(name));

    public static TestIssuer Iaca(string country = "US", string? state = null, string name = "test iaca")
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new TestIssuer(MdocCertificateFactory.CreateIaca(country, name, key, NotBefore, NotAfter, state), key);
    }

    public static X509Certificate2 DocumentSigner(TestIssuer iaca, string country = "US", string? state = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return MdocCertificateFactory.CreateDocumentSigner(iaca.Certificate, iaca.Key, country, "test ds", key, NotBefore, NotAfter, state);
    }

    /// <summary>
    /// A certificate issued by <paramref name="issuer"/> with exactly the given extensions, for profile
    /// violations the factory refuses to create.
    /// </summary>
    public static X509Certificate2 Custom(
        TestIssuer issuer,
        string subject,
        X509KeyUsageFlags? keyUsage = X509KeyUsageFlags.DigitalSignature,
        string[]? extendedKeyUsages = null,
        bool? certificateAuthority = null,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        if (keyUsage is { } usage)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        }

        if (extendedKeyUsages is not null)
        {
            var oids = new OidCollection();
            foreach (var oid in extendedKeyUsages)
            {
                oids.Add(new Oid(oid));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: true));
        }

        if (certificateAuthority is { } ca)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, hasPathLengthConstraint: false, 0, critical: true));
        }

        return request.Create(
            issuer.Certificate.SubjectName,
            X509SignatureGenerator.CreateForECDsa(issuer.Key),
            notBefore ?? NotBefore,
            notAfter ?? NotAfter,
            [0x01, 0x02, 0x03, 0x04]);
    }

    /// <summary>A self-signed CA without a path length constraint, able to issue intermediates.</summary>
    public static TestIssuer Root(string subject)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        return new TestIssuer(request.CreateSelfSigned(NotBefore, NotAfter), key);
    }

    /// <summary>An intermediate CA issued by <paramref name="issuer"/>.</summary>
    public static TestIssuer Intermediate(TestIssuer issuer, string subject)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, hasPathLengthConstraint: true, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        var certificate = request.Create(issuer.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(issuer.Key), NotBefore, NotAfter, [0x05, 0x06]);
        return new TestIssuer(certificate, key);
    }
}
