using System.Security.Cryptography.X509Certificates;

namespace Honnin.X509;

/// <summary>
/// The profile of an SD-JWT VC issuer certificate (the <c>x5c</c> leaf of an Issuer-signed JWT). SD-JWT VC asks only that
/// the chain validates to a trust anchor and that <c>iss</c> matches the leaf (see <see cref="SdJwtVcIssuerNames"/>); this
/// profile adds what any signing end-entity certificate must show: KeyUsage digitalSignature and not a CA. It does not
/// require the mdoc Document Signer extended key usage 1.0.18013.5.1.2 nor a subject country, which SD-JWT VC issuers
/// (such as the European PID issuers) do not carry.
/// </summary>
public static class SdJwtVcCertificateProfile
{
    /// <summary>Checks an SD-JWT VC issuer certificate: KeyUsage present with digitalSignature, and not a CA.</summary>
    /// <param name="issuer">The issuer certificate (<c>x5c[0]</c>).</param>
    /// <returns>The problems found; empty when the certificate fits the profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="issuer"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<Problem> CheckIssuer(X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var extensions = X509Fields.TryReadExtensions(issuer);
        if (extensions is null)
        {
            return [new(CertificateProblemCodes.CertificateMalformed, "The SD-JWT VC issuer certificate holds an extension that cannot be decoded, or an extension twice.")];
        }

        var problems = new List<Problem>();
        if (extensions.KeyUsage is not { } usage || (usage & X509KeyUsageFlags.DigitalSignature) == 0)
        {
            problems.Add(new(CertificateProblemCodes.SdJwtIssuerKeyUsage, "The SD-JWT VC issuer certificate's KeyUsage does not include digitalSignature."));
        }

        if (extensions.IsCertificateAuthority == true || (extensions.KeyUsage is { } caUsage && (caUsage & X509KeyUsageFlags.KeyCertSign) != 0))
        {
            problems.Add(new(CertificateProblemCodes.SdJwtIssuerIsCa, "The SD-JWT VC issuer certificate is a CA certificate (BasicConstraints cA or KeyUsage keyCertSign)."));
        }

        return problems;
    }
}
