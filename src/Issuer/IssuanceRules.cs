using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Honnin.DocumentTypes;
using Honnin.Pseudonyms;

namespace Honnin.Issuer;

/// <summary>The rules every format's issuer applies before it builds a credential.</summary>
internal static class IssuanceRules
{
    /// <summary>Finds the document type and checks the claims against it (and the My Number policy).</summary>
    public static DocumentType CheckClaims(DocumentTypeRegistry registry, string docType, DocumentClaims claims, MyNumberPolicy myNumbers)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (!registry.TryGet(docType, out var type))
        {
            throw new ArgumentException($"The document type '{docType}' is not registered.", nameof(docType));
        }

        var problems = claims.Validate(type, myNumbers);
        return problems.Count == 0 ? type : throw new InvalidClaimsException(type.DocType, problems);
    }

    /// <summary>Checks the per-domain pseudonyms: valid domain ids and non-empty values.</summary>
    public static void CheckPseudonyms(IReadOnlyDictionary<PseudonymDomain, string> pseudonyms)
    {
        ArgumentNullException.ThrowIfNull(pseudonyms);
        foreach (var (domain, value) in pseudonyms)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"The pseudonym of domain '{domain}' is empty.", nameof(pseudonyms));
            }
        }
    }

    /// <summary>
    /// The signing time: rounded down to the granularity so that credentials of one batch (or one day) share it, but never
    /// before the signer's certificate became valid. Refuses to sign outside the certificate's validity.
    /// </summary>
    public static DateTimeOffset SigningTime(DateTimeOffset now, TimeSpan granularity, DateTimeOffset? signerNotBefore, DateTimeOffset? signerNotAfter)
    {
        if (signerNotBefore is { } notBefore && now < notBefore)
        {
            throw new SignerCertificateException(SignerCertificateException.NotYetValid, $"The signing certificate is valid only from {Format(notBefore)}; credentials signed before then would not verify.");
        }

        if (signerNotAfter is { } notAfter && now > notAfter)
        {
            throw new SignerCertificateException(SignerCertificateException.Expired, $"The signing certificate expired at {Format(notAfter)}; credentials signed with it would not verify. Issue a new Document Signer certificate.");
        }

        var utc = now.UtcTicks;
        var signed = new DateTimeOffset(utc - (utc % granularity.Ticks), TimeSpan.Zero);
        return signerNotBefore is { } start && signed < start ? start : signed;
    }

    /// <summary>
    /// The credential's validity: from the request's start (never before the signing time) to the request's end, or by
    /// default for the validity period — but never past the signing certificate's notAfter, after which verifiers
    /// refuse the credential anyway. A default end is cut to that notAfter; an end the request states past it is refused.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset Until) Validity(DateTimeOffset signed, DateTimeOffset? requestedFrom, DateTimeOffset? requestedUntil, TimeSpan period, DateTimeOffset? signerNotAfter, string parameterName)
    {
        var from = requestedFrom ?? signed;
        if (from < signed)
        {
            throw new ArgumentException("ValidFrom must not precede the (rounded) signing time.", parameterName);
        }

        if (signerNotAfter is { } expiry && from >= expiry)
        {
            throw new SignerCertificateException(SignerCertificateException.ExpiresBeforeCredential, $"The signing certificate expires at {Format(expiry)}, before the credential would become valid.");
        }

        DateTimeOffset until;
        if (requestedUntil is { } stated)
        {
            if (signerNotAfter is { } notAfter && stated > notAfter)
            {
                throw new SignerCertificateException(SignerCertificateException.ExpiresBeforeCredential, $"The signing certificate expires at {Format(notAfter)}, before the requested end of validity; verifiers would refuse the credential from then on. Ask for an earlier ValidUntil, or issue with a newer Document Signer.");
            }

            until = stated;
        }
        else
        {
            until = from + period;
            if (signerNotAfter is { } notAfter && until > notAfter)
            {
                until = notAfter;
            }
        }

        return until > from ? (from, until) : throw new ArgumentException("ValidUntil must follow ValidFrom.", parameterName);
    }

    /// <summary>Refuses a CA certificate (an IACA) as the signing certificate: credentials are signed by a Document Signer under it.</summary>
    public static void CheckNotCertificateAuthority(X509Certificate2 certificate)
    {
        var basic = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (basic is { CertificateAuthority: true } || (usage is not null && usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign)))
        {
            throw new SignerCertificateException(SignerCertificateException.IsCertificateAuthority, "The signing certificate is a CA certificate (an IACA); credentials are signed with a Document Signer certificate issued under it.");
        }
    }

    private static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Checks the options every issuer shares.</summary>
    public static void CheckPeriods(TimeSpan validityPeriod, TimeSpan granularity)
    {
        if (validityPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(validityPeriod), "The validity period must be positive.");
        }

        if (granularity < TimeSpan.FromSeconds(1) || granularity > TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(nameof(granularity), "The timestamp granularity must be between one second and seven days.");
        }
    }
}
