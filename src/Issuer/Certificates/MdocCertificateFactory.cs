using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.X509;

namespace Honnin.Issuer.Certificates;

/// <summary>
/// Creates IACA, document signer and reader authentication certificates with the ISO/IEC 18013-5
/// Annex B fields that <see cref="MdocCertificateProfile"/> checks, for tests, samples and development
/// issuers.
/// </summary>
/// <remarks>
/// The certificates carry BasicConstraints, KeyUsage, the mdoc extended key usages (all critical),
/// SubjectKeyIdentifier and AuthorityKeyIdentifier, and a random 16-byte serial number. They carry no
/// IssuerAltName or CRLDistributionPoints, which Annex B requires of production certificates. The
/// caller owns, and should dispose, every returned certificate.
/// </remarks>
public static class MdocCertificateFactory
{
    private const string CountryNameOid = "2.5.4.6";
    private const string StateOrProvinceNameOid = "2.5.4.8";

    /// <summary>Creates a self-signed IACA certificate (CA, path length 0, keyCertSign and cRLSign).</summary>
    /// <param name="country">The ISO 3166-1 alpha-2 country code for the subject C, e.g. <c>US</c>.</param>
    /// <param name="commonName">The subject CN.</param>
    /// <param name="key">The IACA key pair (P-256, P-384 or P-521); it signs the certificate.</param>
    /// <param name="notBefore">The start of the validity period.</param>
    /// <param name="notAfter">The end of the validity period.</param>
    /// <param name="stateOrProvince">An optional subject ST.</param>
    /// <returns>The certificate, associated with <paramref name="key"/>'s private key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="country"/>, <paramref name="commonName"/> or <paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The country is not two letters, the key is not on a supported curve, or <paramref name="notAfter"/> is not after <paramref name="notBefore"/>.</exception>
    public static X509Certificate2 CreateIaca(
        string country,
        string commonName,
        ECDsa key,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        string? stateOrProvince = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckPeriod(notBefore, notAfter);
        var request = new CertificateRequest(Name(country, commonName, stateOrProvince), key, HashFor(key));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var certificate = request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, NewSerialNumber());
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Creates a document signer certificate issued by an IACA (digitalSignature, extended key usage
    /// <see cref="MdocCertificateProfile.DocumentSignerExtendedKeyUsage"/>).
    /// </summary>
    /// <param name="iaca">The issuing IACA certificate.</param>
    /// <param name="iacaKey">The IACA's private key; it signs the certificate.</param>
    /// <param name="country">The subject C; must equal the IACA's subject C.</param>
    /// <param name="commonName">The subject CN.</param>
    /// <param name="documentSignerPublicKey">The document signer's key; only its public part is used.</param>
    /// <param name="notBefore">The start of the validity period, within the IACA's.</param>
    /// <param name="notAfter">The end of the validity period, within the IACA's.</param>
    /// <param name="stateOrProvince">An optional subject ST; must equal the IACA's ST when both are present.</param>
    /// <param name="issuerUris">
    /// Optional SubjectAltName URIs naming the issuer: the identifiers an SD-JWT VC signed with this certificate may carry
    /// as <c>iss</c> (see <see cref="SdJwtVcIssuerNames"/>).
    /// </param>
    /// <returns>The certificate, without a private key.</returns>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// An issuer URI is not absolute, the country or state does not match the IACA's, <paramref name="iacaKey"/> is not the IACA's key,
    /// a key is not on a supported curve, or the validity period is empty or outside the IACA's.
    /// </exception>
    public static X509Certificate2 CreateDocumentSigner(
        X509Certificate2 iaca,
        ECDsa iacaKey,
        string country,
        string commonName,
        ECDsa documentSignerPublicKey,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        string? stateOrProvince = null,
        IReadOnlyList<string>? issuerUris = null)
    {
        ArgumentNullException.ThrowIfNull(iaca);
        ArgumentNullException.ThrowIfNull(iacaKey);
        ArgumentNullException.ThrowIfNull(documentSignerPublicKey);
        CheckIssuer(iaca, iacaKey, notBefore, notAfter);
        var iacaCountry = SingleAttribute(iaca.SubjectName, CountryNameOid);
        if (!string.Equals(iacaCountry, country, StringComparison.Ordinal))
        {
            throw new ArgumentException("The document signer's country must equal the IACA's subject country.", nameof(country));
        }

        var iacaState = SingleAttribute(iaca.SubjectName, StateOrProvinceNameOid);
        if (stateOrProvince is not null && iacaState is not null && !string.Equals(iacaState, stateOrProvince, StringComparison.Ordinal))
        {
            throw new ArgumentException("The document signer's state must equal the IACA's subject state.", nameof(stateOrProvince));
        }

        var request = new CertificateRequest(Name(country, commonName, stateOrProvince), documentSignerPublicKey, HashFor(iacaKey));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(MdocCertificateProfile.DocumentSignerExtendedKeyUsage)], critical: true));
        if (issuerUris is { Count: > 0 })
        {
            // Written exactly as given (SubjectAlternativeNameBuilder would normalise, e.g. add a trailing '/'), because
            // an SD-JWT VC iss must equal a URI entry character for character.
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                foreach (var uri in issuerUris)
                {
                    ArgumentNullException.ThrowIfNull(uri, nameof(issuerUris));
                    if (!Uri.TryCreate(uri, UriKind.Absolute, out _) || uri.Any(c => c > 0x7E || c < 0x21))
                    {
                        throw new ArgumentException("An issuer URI must be an absolute URI in printable ASCII.", nameof(issuerUris));
                    }

                    writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, new Asn1Tag(TagClass.ContextSpecific, 6));
                }
            }

            request.CertificateExtensions.Add(new X509Extension("2.5.29.17", writer.Encode(), critical: false));
        }

        return Issue(request, iaca, iacaKey, notBefore, notAfter);
    }

    /// <summary>
    /// Creates an mdoc reader authentication certificate (digitalSignature, extended key usage
    /// <see cref="MdocCertificateProfile.ReaderAuthenticationExtendedKeyUsage"/>) issued by a reader root,
    /// which <see cref="CreateIaca"/> can create.
    /// </summary>
    /// <param name="readerRoot">The issuing reader root certificate.</param>
    /// <param name="readerRootKey">The reader root's private key; it signs the certificate.</param>
    /// <param name="commonName">The subject CN.</param>
    /// <param name="readerPublicKey">The reader's key; only its public part is used.</param>
    /// <param name="notBefore">The start of the validity period, within the root's.</param>
    /// <param name="notAfter">The end of the validity period, within the root's.</param>
    /// <param name="registration">The verifier's registration, when the root is a registrar (see <see cref="Registration.VerifierRegistration"/>).</param>
    /// <returns>The certificate, without a private key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="readerRootKey"/> is not the root's key, a key is not on a supported curve, or the
    /// validity period is empty or outside the root's.
    /// </exception>
    public static X509Certificate2 CreateReaderAuthentication(
        X509Certificate2 readerRoot,
        ECDsa readerRootKey,
        string commonName,
        ECDsa readerPublicKey,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        Registration.VerifierRegistration? registration = null)
    {
        ArgumentNullException.ThrowIfNull(readerRoot);
        ArgumentNullException.ThrowIfNull(readerRootKey);
        ArgumentNullException.ThrowIfNull(commonName);
        ArgumentNullException.ThrowIfNull(readerPublicKey);
        CheckIssuer(readerRoot, readerRootKey, notBefore, notAfter);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        var request = new CertificateRequest(name.Build(), readerPublicKey, HashFor(readerRootKey));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(MdocCertificateProfile.ReaderAuthenticationExtendedKeyUsage)], critical: true));
        if (registration is not null)
        {
            request.CertificateExtensions.Add(registration.ToExtension());
        }

        return Issue(request, readerRoot, readerRootKey, notBefore, notAfter);
    }

    private static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 issuer, ECDsa issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, NewSerialNumber());
    }

    private static void CheckIssuer(X509Certificate2 issuer, ECDsa issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        CheckPeriod(notBefore, notAfter);
        using var issuerPublicKey = issuer.GetECDsaPublicKey()
            ?? throw new ArgumentException("The issuer certificate does not hold an EC public key.", nameof(issuer));
        if (!issuerPublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(issuerKey.ExportSubjectPublicKeyInfo()))
        {
            throw new ArgumentException("The issuer key does not match the issuer certificate.", nameof(issuerKey));
        }

        if (notBefore < new DateTimeOffset(issuer.NotBefore.ToUniversalTime())
            || notAfter > new DateTimeOffset(issuer.NotAfter.ToUniversalTime()))
        {
            throw new ArgumentException("The validity period must lie within the issuer's.", nameof(notAfter));
        }
    }

    private static void CheckPeriod(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (notAfter <= notBefore)
        {
            throw new ArgumentException("notAfter must be after notBefore.", nameof(notAfter));
        }
    }

    private static X500DistinguishedName Name(string country, string commonName, string? stateOrProvince)
    {
        ArgumentNullException.ThrowIfNull(country);
        ArgumentNullException.ThrowIfNull(commonName);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        if (stateOrProvince is not null)
        {
            name.AddStateOrProvinceName(stateOrProvince);
        }

        name.AddCountryOrRegion(country);
        return name.Build();
    }

    // The attribute's value when the name holds it exactly once.
    private static string? SingleAttribute(X500DistinguishedName name, string oid)
    {
        var values = name.EnumerateRelativeDistinguishedNames()
            .Where(rdn => !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == oid)
            .Select(rdn => rdn.GetSingleElementValue())
            .Take(2)
            .ToList();
        return values.Count == 1 ? values[0] : null;
    }

    private static HashAlgorithmName HashFor(ECDsa key) => key.KeySize switch
    {
        256 => HashAlgorithmName.SHA256,
        384 => HashAlgorithmName.SHA384,
        521 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentException("Only P-256, P-384 and P-521 keys are supported.", nameof(key)),
    };

    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40); // positive, and no leading zero octet
        return serial;
    }
}
