using System.Text;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// An <c>application/x-www-form-urlencoded</c> body (the token endpoint's), read strictly: bounded in size and count,
/// each parameter at most once (RFC 6749 §3.2), valid UTF-8.
/// </summary>
internal static class FormBody
{
    public const int MaxLength = 16 * 1024;
    private const int MaxParameters = 32;

    public static bool TryParse(ReadOnlySpan<byte> body, out Dictionary<string, string> form, out string problem)
    {
        form = new Dictionary<string, string>(StringComparer.Ordinal);
        problem = string.Empty;
        if (body.Length > MaxLength)
        {
            problem = $"The body is longer than {MaxLength} bytes.";
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            problem = "The body is not UTF-8.";
            return false;
        }

        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (form.Count == MaxParameters)
            {
                problem = "The body has too many parameters.";
                return false;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name, value;
            try
            {
                name = Decode(equals < 0 ? pair : pair[..equals]);
                value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            }
            catch (UriFormatException)
            {
                problem = "The body is not well-formed form encoding.";
                return false;
            }

            if (!form.TryAdd(name, value))
            {
                problem = $"The parameter '{name}' appears more than once.";
                return false;
            }
        }

        return true;
    }

    private static string Decode(string part) => Uri.UnescapeDataString(part.Replace('+', ' '));
}
