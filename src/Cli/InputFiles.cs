using System.Text;

namespace Honnin.Cli;

/// <summary>Reads input files: binary CBOR or hex text (auto-detected), PEM or DER certificates, bounded in size.</summary>
internal static class InputFiles
{
    /// <summary>The largest input file read.</summary>
    public const long MaxLength = 16 * 1024 * 1024;

    /// <summary>Reads a file as bytes; a file holding only hex digits and whitespace is hex-decoded.</summary>
    public static byte[] ReadBinaryOrHex(string path, string what)
    {
        var bytes = ReadBounded(path, what);
        return TryDecodeHex(bytes, out var decoded) ? decoded : bytes;
    }

    /// <summary>Reads a file as UTF-8 text.</summary>
    public static string ReadText(string path, string what)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(ReadBounded(path, what));
        }
        catch (DecoderFallbackException)
        {
            throw new UsageException($"The {what} file '{path}' is not UTF-8 text.");
        }
    }

    /// <summary>Reads a file, refusing missing, unreadable and oversized files with a usage error.</summary>
    public static byte[] ReadBounded(string path, string what)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new UsageException($"The {what} file '{path}' does not exist.");
            }

            if (info.Length > MaxLength)
            {
                throw new UsageException($"The {what} file '{path}' is larger than {MaxLength / (1024 * 1024)} MiB.");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"The {what} file '{path}' cannot be read: {e.Message}");
        }
    }

    private static bool TryDecodeHex(byte[] bytes, out byte[] decoded)
    {
        decoded = [];
        var digits = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (char.IsAsciiHexDigit(c))
            {
                digits.Append(c);
            }
            else if (!char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        if (digits.Length == 0 || digits.Length % 2 != 0)
        {
            return false;
        }

        decoded = Convert.FromHexString(digits.ToString());
        return true;
    }
}
