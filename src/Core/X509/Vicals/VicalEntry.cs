namespace Honnin.X509.Vicals;

/// <summary>One IACA a VICAL lists (ISO/IEC 18013-5 second edition, <c>CertificateInfo</c>).</summary>
/// <param name="Certificate">The IACA certificate (DER), as listed.</param>
/// <param name="DocTypes">The document types the IACA may be trusted for.</param>
/// <param name="IssuingAuthority">The issuing authority, when listed.</param>
/// <param name="IssuingCountry">The issuing country (ISO 3166-1 alpha-2), when listed.</param>
/// <param name="StateOrProvinceName">The state or province (ISO 3166-2), when listed.</param>
public sealed record VicalEntry(ReadOnlyMemory<byte> Certificate, IReadOnlyList<string> DocTypes, string? IssuingAuthority, string? IssuingCountry, string? StateOrProvinceName)
{
    /// <summary>Names the entry by its authority, never by its bytes.</summary>
    public override string ToString() => $"VicalEntry({IssuingAuthority ?? IssuingCountry ?? "unnamed"})";
}
