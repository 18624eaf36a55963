using System.Security.Cryptography;
using Honnin.X509;

namespace Honnin.Verifier.Mdoc.Checks;

/// <summary>
/// The MSO is consistent (signed ≤ validFrom &lt; validUntil), valid now (within the clock skew), and, by
/// default, was signed while the Document Signer certificate was valid.
/// </summary>
internal sealed class ValidityCheck : IMdocCheck
{
    public string Name => "validity";

    public CheckStatus Run(MdocDocumentContext context)
    {
        var validity = context.Mso.ValidityInfo;
        var skew = context.Options.ClockSkew;
        var status = CheckStatus.Passed;
        if (validity.ValidUntil <= validity.ValidFrom || validity.ValidFrom < validity.Signed)
        {
            status = context.Fail(VerificationFailureCodes.MsoValidityInconsistent, "The MSO validity is inconsistent: validFrom must not precede signed, and validUntil must follow validFrom.");
        }

        if (Shift(context.Now, skew) < validity.ValidFrom)
        {
            status = context.Fail(VerificationFailureCodes.MsoNotYetValid, $"The MSO is valid from {validity.ValidFrom:yyyy-MM-dd'T'HH:mm:ss'Z'}, after the verification time {context.Now:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }

        if (Shift(context.Now, -skew) > validity.ValidUntil)
        {
            status = context.Fail(VerificationFailureCodes.MsoExpired, $"The MSO was valid until {validity.ValidUntil:yyyy-MM-dd'T'HH:mm:ss'Z'}, before the verification time {context.Now:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }

        if (context.Options.RequireMsoSignedWithinCertificateValidity)
        {
            DateTimeOffset notBefore, notAfter;
            if (context.DocumentSigner is { } signer)
            {
                try
                {
                    notBefore = new DateTimeOffset(signer.NotBefore.ToUniversalTime(), TimeSpan.Zero);
                    notAfter = new DateTimeOffset(signer.NotAfter.ToUniversalTime(), TimeSpan.Zero);
                }
                catch (CryptographicException)
                {
                    // The certificate loads, but its validity (e.g. a UTCTime with a non-digit) does not parse.
                    return context.Fail(CertificateProblemCodes.CertificateMalformed, "The Document Signer certificate's validity period cannot be decoded.");
                }
            }
            else if (context.CachedChain is { } cached)
            {
                // Read the same way when the chain was first validated.
                notBefore = cached.LeafNotBefore;
                notAfter = cached.LeafNotAfter;
            }
            else
            {
                return CheckStatus.NotRun;
            }

            if (Shift(validity.Signed, skew) < notBefore || Shift(validity.Signed, -skew) > notAfter)
            {
                status = context.Fail(
                    VerificationFailureCodes.MsoSignedOutsideCertificateValidity,
                    $"The MSO was signed at {validity.Signed:yyyy-MM-dd'T'HH:mm:ss'Z'}, outside the Document Signer certificate's validity {notBefore:yyyy-MM-dd'T'HH:mm:ss'Z'} .. {notAfter:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
            }
        }

        return status;
    }

    // Saturates at the ends of the range: the MSO is read before (and whether or not) its signature verifies, and
    // may say 9999-12-31T23:59:59Z, which plus a skew does not exist.
    private static DateTimeOffset Shift(DateTimeOffset time, TimeSpan by)
    {
        if (by >= TimeSpan.Zero)
        {
            return DateTimeOffset.MaxValue - time < by ? DateTimeOffset.MaxValue : time + by;
        }

        return time - DateTimeOffset.MinValue < -by ? DateTimeOffset.MinValue : time + by;
    }
}
