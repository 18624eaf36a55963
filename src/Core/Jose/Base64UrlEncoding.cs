using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace Honnin.Jose;

/// <summary>
/// Strict unpadded base64url (RFC 4648 §5, as RFC 7515 §2 uses it): no padding, no whitespace, only the
/// URL-safe alphabet, and only the canonical encoding (unused trailing bits must be zero), so one byte string
/// has exactly one accepted text form.
/// </summary>
public static class Base64UrlEncoding
{
    /// <summary>Encodes bytes as unpadded base64url.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The text.</returns>
    public static string Encode(ReadOnlySpan<byte> data) => Base64Url.EncodeToString(data);

    /// <summary>Decodes strict unpadded base64url.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="CredentialFormatException">The text is not canonical unpadded base64url (code <see cref="JoseFailureCodes.InvalidBase64Url"/>).</exception>
    public static byte[] Decode(ReadOnlySpan<char> text) =>
        TryDecode(text, out var bytes)
            ? bytes
            : throw new CredentialFormatException(JoseFailureCodes.InvalidBase64Url, "The value is not canonical unpadded base64url.");

    /// <summary>Decodes strict unpadded base64url without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="bytes">The bytes, when the text is valid.</param>
    /// <returns>Whether the text is canonical unpadded base64url.</returns>
    public static bool TryDecode(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;

        // Canonical form only: the unused low bits of the last character must be zero. Checked before decoding,
        // because the BCL decoder throws (rather than returning false) for such input.
        if (text.Length % 4 == 1 || !IsAlphabet(text) || !IsCanonicalTail(text))
        {
            return false;
        }

        var decoded = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        int written;
        try
        {
            if (!Base64Url.TryDecodeFromChars(text, decoded, out written))
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        bytes = written == decoded.Length ? decoded : decoded[..written];
        return true;
    }

    /// <summary>Whether every character is in the base64url alphabet.</summary>
    /// <param name="text">The text.</param>
    /// <returns>True when only <c>A–Z a–z 0–9 - _</c> occur.</returns>
    public static bool IsAlphabet(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsCanonicalTail(ReadOnlySpan<char> text)
    {
        var remainder = text.Length % 4;
        if (remainder == 0)
        {
            return true;
        }

        var last = ValueOf(text[^1]);
        return remainder == 2 ? (last & 0x0F) == 0 : (last & 0x03) == 0;
    }

    private static int ValueOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };
}
