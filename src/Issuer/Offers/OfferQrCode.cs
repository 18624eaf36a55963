using QRCoder;

namespace Honnin.Issuer.Offers;

/// <summary>
/// A Credential Offer link as a QR code for a phone to scan: PNG for a page or a letter, SVG for print, and text for a
/// terminal. Error correction level M (15 %), the usual choice for links shown on screens.
/// </summary>
public static class OfferQrCode
{
    /// <summary>The longest text encoded (a version 40 code at level M holds 2,331 bytes).</summary>
    public const int MaxLength = 2331;

    /// <summary>The link as a PNG image.</summary>
    /// <param name="link">The offer link.</param>
    /// <param name="pixelsPerModule">The size of one module in pixels.</param>
    /// <returns>The PNG bytes.</returns>
    /// <exception cref="ArgumentException">The link is too long for a QR code: offer by reference instead.</exception>
    public static byte[] Png(string link, int pixelsPerModule = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerModule, 1);
        using var data = Encode(link);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    /// <summary>The link as an SVG image.</summary>
    /// <param name="link">The offer link.</param>
    /// <param name="pixelsPerModule">The size of one module in SVG units.</param>
    /// <returns>The SVG document.</returns>
    /// <exception cref="ArgumentException">The link is too long for a QR code.</exception>
    public static string Svg(string link, int pixelsPerModule = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerModule, 1);
        using var data = Encode(link);
        return new SvgQRCode(data).GetGraphic(pixelsPerModule);
    }

    /// <summary>The link as text for a terminal (two modules per character, with a quiet zone).</summary>
    /// <param name="link">The offer link.</param>
    /// <returns>The lines of the code.</returns>
    /// <exception cref="ArgumentException">The link is too long for a QR code.</exception>
    public static string Terminal(string link)
    {
        using var data = Encode(link);
        return new AsciiQRCode(data).GetGraphicSmall(drawQuietZones: true);
    }

    private static QRCodeData Encode(string link)
    {
        ArgumentException.ThrowIfNullOrEmpty(link);
        if (System.Text.Encoding.UTF8.GetByteCount(link) > MaxLength)
        {
            throw new ArgumentException($"The link is longer than {MaxLength} bytes, more than a QR code holds: offer by reference (credential_offer_uri).", nameof(link));
        }

        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(link, QRCodeGenerator.ECCLevel.M);
    }
}
