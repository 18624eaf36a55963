using System.Text;

namespace Honnin.Cli;

/// <summary>Reads input files: binary CBOR or hex text (auto-detected), PEM or DER certificates, bounded in size.</summary>
internal static class InputFiles
{
    /// <summary>The largest input file read: a credential file with a batch of 1000.</summary>
    public const long MaxLength = 32 * 1024 * 1024;

    /// <summary>The largest single presentation, request, transcript, certificate or key read (the CBOR decoder's default bound).</summary>
    public const long MaxItemLength = 4 * 1024 * 1024;

    /// <summary>Reads a file as bytes; a file holding only hex digits and whitespace is hex-decoded.</summary>
    public static byte[] ReadBinaryOrHex(string path, string what, long maxLength = MaxLength)
    {
        // Hex text takes two characters (and some whitespace) per byte.
        var bytes = ReadBounded(path, what, maxLength * 2 + 4096);
        var result = TryDecodeHex(bytes, out var decoded) ? decoded : bytes;
        return result.Length <= maxLength
            ? result
            : throw new InputException(InputException.TooLarge, $"The {what} input is larger than {maxLength / (1024 * 1024)} MiB, the limit for this kind of input.");
    }

    /// <summary>Reads a file as UTF-8 text.</summary>
    public static string ReadText(string path, string what, long maxLength = MaxLength)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(ReadBounded(path, what, maxLength));
        }
        catch (DecoderFallbackException)
        {
            throw new InputException(InputException.Malformed, $"The {what} file '{path}' is not UTF-8 text.");
        }
    }

    /// <summary>Reads a file (or standard input for <c>-</c>), refusing missing, unreadable and oversized files.</summary>
    public static byte[] ReadBounded(string path, string what, long maxLength = MaxLength)
    {
        if (path == StandardStreams.Dash)
        {
            return StandardStreams.Current.ReadInput(what, maxLength);
        }

        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new InputException(InputException.Missing, $"The {what} file '{path}' does not exist.");
            }

            if (info.Length > maxLength)
            {
                throw new InputException(InputException.TooLarge, $"The {what} file '{path}' is larger than {maxLength / (1024 * 1024)} MiB, the limit for this kind of input.");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException(InputException.Unreadable, $"The {what} file '{path}' cannot be read: {ErrorText.Plain(e)}");
        }
    }

    // Hex text (white space allowed between digits) read byte for byte, as InputKind reads it.
    private static bool TryDecodeHex(byte[] bytes, out byte[] decoded) => InputKinds.TryHex(Encoding.Latin1.GetString(bytes), out decoded);
}
