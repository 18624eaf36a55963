namespace Honnin.X509;

/// <summary>
/// Limits and tolerances of a <see cref="CertificateChainValidator"/>. Checked when the validator is
/// built.
/// </summary>
public sealed class CertificateChainValidationOptions
{
    /// <summary>The largest accepted <see cref="ClockSkew"/>: one day.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromDays(1);

    /// <summary>
    /// The tolerated difference between the verifier's clock and the issuer's, applied to both ends of
    /// every certificate's validity period. Zero (the default) up to <see cref="MaxClockSkew"/>.
    /// </summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.Zero;

    /// <summary>The most certificates an x5chain may hold (leaf plus intermediates). Default 5.</summary>
    public int MaxChainLength { get; init; } = 5;

    /// <summary>The largest accepted encoded certificate, in bytes. Default 16 KiB.</summary>
    public int MaxCertificateSize { get; init; } = 16 * 1024;

    /// <exception cref="ArgumentException">A value is out of range.</exception>
    internal void Validate()
    {
        if (ClockSkew < TimeSpan.Zero || ClockSkew > MaxClockSkew)
        {
            throw new ArgumentException($"{nameof(ClockSkew)} must be between zero and {MaxClockSkew}.", "options");
        }

        if (MaxChainLength < 1)
        {
            throw new ArgumentException($"{nameof(MaxChainLength)} must be at least 1.", "options");
        }

        if (MaxCertificateSize < 1)
        {
            throw new ArgumentException($"{nameof(MaxCertificateSize)} must be at least 1.", "options");
        }
    }
}
