using System.Security.Cryptography.X509Certificates;

namespace Honnin.X509;

/// <summary>The profile-relevant extensions of one certificate, read once.</summary>
/// <param name="KeyUsage">The KeyUsage bits, or <see langword="null"/> when the extension is absent.</param>
/// <param name="IsCertificateAuthority">BasicConstraints cA, or <see langword="null"/> when the extension is absent.</param>
/// <param name="ExtendedKeyUsages">The EKU OIDs, or <see langword="null"/> when the extension is absent.</param>
internal sealed record CertificateExtensionSummary(
    X509KeyUsageFlags? KeyUsage,
    bool? IsCertificateAuthority,
    IReadOnlyList<string>? ExtendedKeyUsages);
