using System.Security.Cryptography.X509Certificates;

namespace Honnin.X509;

/// <summary>
/// The ISO/IEC 18013-5 Annex B certificate profile checks for IACA, document signer and mdoc reader
/// authentication certificates. Each check returns the list of problems found (empty when the
/// certificate fits the profile) and never throws for a bad certificate.
/// </summary>
/// <remarks>
/// The checks cover what a verifier relies on: CA flags, key usages, the mdoc extended key usages and
/// the subject country. They do not require the extensions to be marked critical (Annex B does; some
/// deployed document signers, such as the EUDI PID test issuer, carry a non-critical EKU), and they do
/// not check IssuerAltName or CRLDistributionPoints.
/// </remarks>
public static class MdocCertificateProfile
{
    /// <summary>The extended key usage of an mdoc document signer certificate (ISO/IEC 18013-5 Annex B.1.4).</summary>
    public const string DocumentSignerExtendedKeyUsage = "1.0.18013.5.1.2";

    /// <summary>The extended key usage of an mdoc reader authentication certificate (ISO/IEC 18013-5 Annex B.1.7).</summary>
    public const string ReaderAuthenticationExtendedKeyUsage = "1.0.18013.5.1.6";

    /// <summary>
    /// Checks an IACA certificate: BasicConstraints <c>cA = TRUE</c>, KeyUsage keyCertSign and cRLSign,
    /// and exactly one countryName (C) in the subject.
    /// </summary>
    /// <param name="iaca">The IACA certificate.</param>
    /// <returns>The problems found; empty when the certificate fits the profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="iaca"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<Problem> CheckIaca(X509Certificate2 iaca)
    {
        ArgumentNullException.ThrowIfNull(iaca);
        var problems = new List<Problem>();
        var extensions = X509Fields.TryReadExtensions(iaca);
        if (extensions is null)
        {
            problems.Add(Malformed("IACA"));
            return problems;
        }

        if (extensions.IsCertificateAuthority != true)
        {
            problems.Add(new(CertificateProblemCodes.IacaNotCa, "The IACA certificate has no BasicConstraints extension with cA = TRUE."));
        }

        const X509KeyUsageFlags required = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign;
        if (extensions.KeyUsage is not { } usage || (usage & required) != required)
        {
            problems.Add(new(CertificateProblemCodes.IacaKeyUsage, "The IACA certificate's KeyUsage does not include both keyCertSign and cRLSign."));
        }

        if (!TryReadSingle(iaca.SubjectName, X509Fields.CountryNameOid, out var country, out var malformed) || country is null)
        {
            problems.Add(malformed
                ? Malformed("IACA")
                : new(CertificateProblemCodes.IacaMissingCountry, "The IACA certificate's subject does not hold exactly one countryName (C) attribute."));
        }

        return problems;
    }

    /// <summary>
    /// Checks a document signer certificate against the IACA that issued it: KeyUsage digitalSignature,
    /// the extended key usage <see cref="DocumentSignerExtendedKeyUsage"/>, not a CA, and a subject
    /// countryName (C) equal to the IACA's (and stateOrProvinceName (ST) equal when both carry one).
    /// </summary>
    /// <param name="documentSigner">The document signer certificate (<c>x5chain[0]</c> of the issuerAuth).</param>
    /// <param name="iaca">The IACA the document signer chains to.</param>
    /// <returns>The problems found; empty when the certificate fits the profile.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IReadOnlyList<Problem> CheckDocumentSigner(X509Certificate2 documentSigner, X509Certificate2 iaca)
    {
        ArgumentNullException.ThrowIfNull(documentSigner);
        ArgumentNullException.ThrowIfNull(iaca);
        var problems = new List<Problem>();
        var extensions = X509Fields.TryReadExtensions(documentSigner);
        if (extensions is null)
        {
            problems.Add(Malformed("document signer"));
            return problems;
        }

        CheckEndEntity(
            extensions,
            DocumentSignerExtendedKeyUsage,
            "document signer",
            CertificateProblemCodes.DsMissingEku,
            CertificateProblemCodes.DsKeyUsage,
            CertificateProblemCodes.DsIsCa,
            problems);

        if (!TryReadSingle(documentSigner.SubjectName, X509Fields.CountryNameOid, out var country, out var malformed) || country is null)
        {
            problems.Add(malformed
                ? Malformed("document signer")
                : new(CertificateProblemCodes.DsMissingCountry, "The document signer certificate's subject does not hold exactly one countryName (C) attribute."));
        }
        else if (!TryReadSingle(iaca.SubjectName, X509Fields.CountryNameOid, out var iacaCountry, out _)
                 || !string.Equals(country, iacaCountry, StringComparison.Ordinal))
        {
            problems.Add(new(CertificateProblemCodes.DsCountryMismatch, "The document signer's subject countryName (C) does not equal the IACA's subject countryName."));
        }

        if (!TryReadSingle(documentSigner.SubjectName, X509Fields.StateOrProvinceNameOid, out var state, out malformed))
        {
            problems.Add(malformed
                ? Malformed("document signer")
                : new(CertificateProblemCodes.DsStateMismatch, "The document signer's subject holds more than one stateOrProvinceName (ST) attribute."));
        }
        else if (state is not null
                 && TryReadSingle(iaca.SubjectName, X509Fields.StateOrProvinceNameOid, out var iacaState, out _)
                 && iacaState is not null
                 && !string.Equals(state, iacaState, StringComparison.Ordinal))
        {
            problems.Add(new(CertificateProblemCodes.DsStateMismatch, "The document signer's subject stateOrProvinceName (ST) does not equal the IACA's."));
        }

        return problems;
    }

    /// <summary>
    /// Checks an mdoc reader authentication certificate: KeyUsage digitalSignature, the extended key
    /// usage <see cref="ReaderAuthenticationExtendedKeyUsage"/>, and not a CA.
    /// </summary>
    /// <param name="reader">The reader authentication certificate (<c>x5chain[0]</c> of the readerAuth).</param>
    /// <returns>The problems found; empty when the certificate fits the profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<Problem> CheckReaderAuthentication(X509Certificate2 reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new List<Problem>();
        var extensions = X509Fields.TryReadExtensions(reader);
        if (extensions is null)
        {
            problems.Add(Malformed("reader authentication"));
            return problems;
        }

        CheckEndEntity(
            extensions,
            ReaderAuthenticationExtendedKeyUsage,
            "reader authentication",
            CertificateProblemCodes.ReaderMissingEku,
            CertificateProblemCodes.ReaderKeyUsage,
            CertificateProblemCodes.ReaderIsCa,
            problems);
        return problems;
    }

    /// <summary>
    /// Checks that <paramref name="verificationTime"/> lies within the certificate's validity period,
    /// widened by <paramref name="clockSkew"/> on both ends.
    /// </summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="verificationTime">The time to check, normally <see cref="TimeProvider.GetUtcNow"/>.</param>
    /// <param name="clockSkew">The tolerated clock difference; zero for none.</param>
    /// <returns>
    /// Empty when valid; otherwise one <see cref="CertificateProblemCodes.CertificateExpired"/>,
    /// <see cref="CertificateProblemCodes.CertificateNotYetValid"/> or
    /// <see cref="CertificateProblemCodes.CertificateMalformed"/> problem.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clockSkew"/> is negative.</exception>
    public static IReadOnlyList<Problem> CheckValidityPeriod(X509Certificate2 certificate, DateTimeOffset verificationTime, TimeSpan clockSkew)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentOutOfRangeException.ThrowIfLessThan(clockSkew, TimeSpan.Zero);
        var problem = CheckValidityPeriod(certificate, verificationTime, clockSkew, "certificate");
        return problem is null ? [] : [problem];
    }

    internal static Problem? CheckValidityPeriod(X509Certificate2 certificate, DateTimeOffset verificationTime, TimeSpan clockSkew, string position)
    {
        if (!X509Fields.TryReadValidity(certificate, out var notBefore, out var notAfter))
        {
            return new(CertificateProblemCodes.CertificateMalformed, $"The {position}'s validity period cannot be decoded.");
        }

        // Shift the verification time rather than the bounds: a notAfter of 9999-12-31 (RFC 5280
        // §4.1.2.5) plus a skew would overflow. The shift saturates at the ends of the range.
        var earliest = verificationTime.UtcTicks - DateTimeOffset.MinValue.UtcTicks < clockSkew.Ticks
            ? DateTimeOffset.MinValue
            : verificationTime - clockSkew;
        var latest = DateTimeOffset.MaxValue.UtcTicks - verificationTime.UtcTicks < clockSkew.Ticks
            ? DateTimeOffset.MaxValue
            : verificationTime + clockSkew;
        if (earliest > notAfter)
        {
            return new(CertificateProblemCodes.CertificateExpired, $"The {position} expired before the verification time.");
        }

        if (latest < notBefore)
        {
            return new(CertificateProblemCodes.CertificateNotYetValid, $"The {position} is not yet valid at the verification time.");
        }

        return null;
    }

    private static void CheckEndEntity(
        CertificateExtensionSummary extensions,
        string extendedKeyUsage,
        string role,
        string missingEkuCode,
        string keyUsageCode,
        string isCaCode,
        List<Problem> problems)
    {
        if (extensions.ExtendedKeyUsages is not { } usages || !usages.Contains(extendedKeyUsage, StringComparer.Ordinal))
        {
            problems.Add(new(missingEkuCode, $"The {role} certificate's ExtendedKeyUsage does not include {extendedKeyUsage}."));
        }

        if (extensions.KeyUsage is not { } keyUsage || (keyUsage & X509KeyUsageFlags.DigitalSignature) == 0)
        {
            problems.Add(new(keyUsageCode, $"The {role} certificate's KeyUsage does not include digitalSignature."));
        }

        if (extensions.IsCertificateAuthority == true
            || (extensions.KeyUsage is { } caUsage && (caUsage & X509KeyUsageFlags.KeyCertSign) != 0))
        {
            problems.Add(new(isCaCode, $"The {role} certificate is a CA certificate (BasicConstraints cA or KeyUsage keyCertSign)."));
        }
    }

    /// <summary>
    /// Reads an attribute that may occur at most once. Returns <see langword="false"/> when it occurs more
    /// than once or the name is malformed (<paramref name="malformed"/> tells which); <paramref name="value"/>
    /// is <see langword="null"/> when the attribute is absent.
    /// </summary>
    private static bool TryReadSingle(X500DistinguishedName name, string attributeOid, out string? value, out bool malformed)
    {
        value = null;
        malformed = !X509Fields.TryReadAttribute(name, attributeOid, out var values);
        if (malformed || values.Count > 1)
        {
            return false;
        }

        value = values.Count == 1 ? values[0] : null;
        return true;
    }

    private static Problem Malformed(string role) =>
        new(CertificateProblemCodes.CertificateMalformed, $"The {role} certificate holds an extension or name that cannot be decoded, or an extension twice.");
}
