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
    public static void CheckPseudonyms(IReadOnlyDictionary<string, string> pseudonyms)
    {
        ArgumentNullException.ThrowIfNull(pseudonyms);
        foreach (var (domain, value) in pseudonyms)
        {
            if (!PseudonymDomain.IsValidId(domain))
            {
                throw new ArgumentException($"'{domain}' is not a pseudonym domain id (lowercase letters, digits and '_', starting with a letter).", nameof(pseudonyms));
            }

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
        if ((signerNotBefore is { } notBefore && now < notBefore) || (signerNotAfter is { } notAfter && now > notAfter))
        {
            throw new InvalidOperationException("The signer's certificate is not valid now; credentials signed with it would not verify.");
        }

        var utc = now.UtcTicks;
        var signed = new DateTimeOffset(utc - (utc % granularity.Ticks), TimeSpan.Zero);
        return signerNotBefore is { } start && signed < start ? start : signed;
    }

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
