using Honnin.Issuer.Offers;

namespace Honnin.Cli;

/// <summary>A link as a QR code: a PNG or SVG file, or the terminal (on standard error), for <c>--qr</c>.</summary>
internal static class QrOutput
{
    /// <summary>Checks <c>--qr</c> before anything is done: a .png or .svg file, or - for the terminal.</summary>
    public static void Check(string? path) => _ = path is null ? null : Kind(path);

    /// <summary>Writes <paramref name="link"/> as a QR code where <paramref name="path"/> says; nothing when it is null.</summary>
    public static void Write(string? path, string link, TextWriter error)
    {
        switch (path is null ? null : Kind(path))
        {
            case ".png":
                OutputFiles.Write(path!, OfferQrCode.Png(link), "--qr");
                break;
            case ".svg":
                OutputFiles.WriteText(path!, OfferQrCode.Svg(link), "--qr");
                break;
            case StandardStreams.Dash:
                var terminal = OfferQrCode.Terminal(link);
                error.Write(terminal.EndsWith('\n') ? terminal : terminal + "\n");
                break;
        }
    }

    /// <summary>Whether the QR code went to a file.</summary>
    public static bool IsFile(string? path) => path is not null && Kind(path) is ".png" or ".svg";

    private static string Kind(string path)
    {
        if (path == StandardStreams.Dash)
        {
            return StandardStreams.Dash;
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension is ".png" or ".svg"
            ? extension
            : throw new UsageException($"--qr '{path}' names neither a .png nor a .svg file (or - for the terminal).");
    }
}
