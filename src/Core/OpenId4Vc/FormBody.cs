using System.Text;

namespace Honnin.OpenId4Vc;

/// <summary>
/// An <c>application/x-www-form-urlencoded</c> body (the token endpoint's), read strictly: bounded in size and count,
/// each parameter at most once (RFC 6749 §3.2), valid UTF-8. The token endpoint's body and an OpenID4VP
/// <c>direct_post</c> response are read with it.
/// </summary>
public static class FormBody
{
    /// <summary>The default limit on a body's length, in bytes.</summary>
    public const int MaxLength = 16 * 1024;

    private const int MaxParameters = 32;

    /// <summary>Reads a body of at most <see cref="MaxLength"/> bytes.</summary>
    /// <param name="body">The body.</param>
    /// <param name="form">The parameters, when the body reads.</param>
    /// <param name="problem">Why it does not read, for the client (names no value).</param>
    /// <returns>Whether the body reads.</returns>
    public static bool TryParse(ReadOnlySpan<byte> body, out Dictionary<string, string> form, out string problem) =>
        TryParse(body, MaxLength, out form, out problem);

    /// <summary>Reads a body of at most <paramref name="maxLength"/> bytes.</summary>
    /// <param name="body">The body.</param>
    /// <param name="maxLength">The limit on its length.</param>
    /// <param name="form">The parameters, when the body reads.</param>
    /// <param name="problem">Why it does not read, for the client (names no value).</param>
    /// <returns>Whether the body reads.</returns>
    public static bool TryParse(ReadOnlySpan<byte> body, int maxLength, out Dictionary<string, string> form, out string problem)
    {
        form = new Dictionary<string, string>(StringComparer.Ordinal);
        problem = string.Empty;
        if (body.Length > maxLength)
        {
            problem = $"The body is longer than {maxLength} bytes.";
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

    /// <summary>Writes parameters as a form body, each name and value percent-encoded.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The body text.</returns>
    public static string Write(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
    }

    private static string Decode(string part) => Uri.UnescapeDataString(part.Replace('+', ' '));
}
