using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.X509;

namespace Honnin.Verifier.Trust;

/// <summary>
/// Issuer certificates a verifier trusts directly (pinned), keyed by their exact DER bytes: a signature whose leaf is one
/// of them is trusted without a chain to an anchor, as long as the certificate is valid at the verification time.
/// </summary>
internal sealed class PinnedSigners
{
    private readonly FrozenDictionary<string, (DateTimeOffset NotBefore, DateTimeOffset NotAfter)> _validity;

    private PinnedSigners(FrozenDictionary<string, (DateTimeOffset, DateTimeOffset)> validity) => _validity = validity;

    public static PinnedSigners Empty { get; } = new(FrozenDictionary<string, (DateTimeOffset, DateTimeOffset)>.Empty);

    public int Count => _validity.Count;

    /// <summary>Loads the pinned certificates; each must be exactly one DER certificate.</summary>
    /// <exception cref="ArgumentException">An entry is not one DER certificate.</exception>
    public static PinnedSigners Create(IReadOnlyList<ReadOnlyMemory<byte>> certificates, string parameterName)
    {
        var validity = new Dictionary<string, (DateTimeOffset, DateTimeOffset)>(StringComparer.Ordinal);
        foreach (var der in certificates)
        {
            validity[Key(der.Span)] = Read(der, parameterName);
        }

        return new(validity.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Checks that each entry is one DER certificate, without keeping anything.</summary>
    public static void Validate(IReadOnlyList<ReadOnlyMemory<byte>>? certificates, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(certificates, parameterName);
        foreach (var der in certificates)
        {
            _ = Read(der, parameterName);
        }
    }

    /// <summary>Whether <paramref name="leaf"/> is pinned; then the problems of its validity at <paramref name="at"/> (none when valid).</summary>
    public bool TryCheck(ReadOnlySpan<byte> leaf, DateTimeOffset at, TimeSpan clockSkew, out Problem? problem)
    {
        problem = null;
        if (_validity.Count == 0 || !_validity.TryGetValue(Key(leaf), out var validity))
        {
            return false;
        }

        if (at + clockSkew < validity.NotBefore)
        {
            problem = new(CertificateProblemCodes.CertificateNotYetValid, $"The pinned issuer certificate is valid only from {validity.NotBefore.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }
        else if (at - clockSkew > validity.NotAfter)
        {
            problem = new(CertificateProblemCodes.CertificateExpired, $"The pinned issuer certificate expired at {validity.NotAfter.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }

        return true;
    }

    private static string Key(ReadOnlySpan<byte> der) => Convert.ToHexString(der);

    private static (DateTimeOffset, DateTimeOffset) Read(ReadOnlyMemory<byte> der, string parameterName)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der.Span);
            if (!certificate.RawData.AsSpan().SequenceEqual(der.Span))
            {
                throw new ArgumentException("A pinned issuer certificate must be exactly one DER certificate.", parameterName);
            }

            return (new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        }
        catch (CryptographicException)
        {
            throw new ArgumentException("A pinned issuer certificate is not a DER certificate.", parameterName);
        }
    }
}
