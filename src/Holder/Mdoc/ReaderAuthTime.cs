using Honnin.Cbor;
using Honnin.Cose;

namespace Honnin.Holder.Mdoc;

/// <summary>
/// Reads the time a reader put in its readerAuth: the protected <c>CWT Claims</c> header (label 15, RFC 9597) with
/// <c>iat</c> (6) and <c>exp</c> (4) as NumericDates. Unprotected claims do not count.
/// </summary>
internal static class ReaderAuthTime
{
    private const long IssuedAtClaim = 6;
    private const long ExpiresAtClaim = 4;
    private const long MaxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    /// <summary>Reads the times.</summary>
    /// <param name="readerAuth">The readerAuth COSE_Sign1.</param>
    /// <returns>The times (null when absent), and false when the header is present but malformed.</returns>
    public static (DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt, bool Readable) Read(CoseSign1Message readerAuth)
    {
        if (!readerAuth.Headers.Protected.TryGetValue(CoseHeaderLabels.CwtClaims, out var header))
        {
            return (null, null, true);
        }

        if (header is not CborMap claims)
        {
            return (null, null, false);
        }

        var iat = Time(claims, IssuedAtClaim, out var iatOk);
        var exp = Time(claims, ExpiresAtClaim, out var expOk);
        return (iat, exp, iatOk && expOk);
    }

    private static DateTimeOffset? Time(CborMap claims, long label, out bool readable)
    {
        readable = true;
        if (!claims.TryGetValue(label, out var value))
        {
            return null;
        }

        if (value is CborInteger seconds && seconds.Value >= 0 && seconds.Value <= MaxSeconds)
        {
            return DateTimeOffset.FromUnixTimeSeconds((long)seconds.Value);
        }

        readable = false;
        return null;
    }
}
