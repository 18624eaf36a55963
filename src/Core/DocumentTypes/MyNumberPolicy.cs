using System.Globalization;
using System.Text;

namespace Honnin.DocumentTypes;

/// <summary>
/// Whether issuance may carry a My Number (個人番号). The employee's copy of a withholding slip carries none, and
/// 番号法 §20 forbids collecting another person's My Number even with consent, so the default refuses elements named
/// <c>individual_number*</c> and any value that is a valid 12-digit My Number. A caller with a legal basis states it.
/// </summary>
public sealed class MyNumberPolicy
{
    private MyNumberPolicy(string? legalBasis) => LegalBasis = legalBasis;

    /// <summary>Refuse My Numbers (the default).</summary>
    public static MyNumberPolicy Refuse { get; } = new(null);

    /// <summary>The legal basis the caller stated, or null when My Numbers are refused.</summary>
    public string? LegalBasis { get; }

    /// <summary>Allows My Numbers, recording the legal basis (e.g. the article of 番号法 that permits it).</summary>
    /// <param name="legalBasis">The legal basis, in words.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">The legal basis is empty.</exception>
    public static MyNumberPolicy AllowWithLegalBasis(string legalBasis)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(legalBasis);
        return new MyNumberPolicy(legalBasis);
    }

    /// <summary>Whether a text is a valid My Number: 12 digits whose last is the check digit of the first 11.</summary>
    /// <param name="text">The text.</param>
    /// <returns>True for a valid My Number.</returns>
    public static bool IsMyNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 12 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        // Check digit (個人番号の指定等に関する省令 §5): Pn is the n-th digit counted from the right of the first 11,
        // Qn = n + 1 for n ≤ 6 and n − 5 for n ≥ 7; r = Σ Pn·Qn mod 11; check = 0 when r ≤ 1, else 11 − r.
        var sum = 0;
        for (var n = 1; n <= 11; n++)
        {
            var digit = text[11 - n] - '0';
            var weight = n <= 6 ? n + 1 : n - 5;
            sum += digit * weight;
        }

        var remainder = sum % 11;
        var check = remainder <= 1 ? 0 : 11 - remainder;
        return text[11] - '0' == check;
    }

    /// <summary>
    /// Whether a text is or holds a valid My Number anywhere in it: after NFKC normalisation (full-width digits become
    /// ASCII) and with the decimal digits of every script read as digits and invisible format characters ignored, every run of digits written in groups separated by spaces, hyphens, dashes, minus signs or 「ー」 is checked, and so is every
    /// sequence of consecutive groups that adds up to exactly 12 digits ("個人番号:1234 5678 9018", "２０２４ 1234-5678-9018").
    /// A single group of more than 12 digits (a 13-digit 法人番号, say) is a different number and is not taken apart.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>True when the text holds a valid My Number.</returns>
    public static bool ContainsMyNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = Normalize(text);
        var groups = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i <= normalized.Length; i++)
        {
            var c = i < normalized.Length ? normalized[i] : '\0';
            if (char.IsAsciiDigit(c))
            {
                current.Append(c);
                continue;
            }

            // Invisible format characters (zero-width space and joiners, soft hyphen, word joiner, BOM) neither end a
            // group nor separate groups: "1234\u200B5678\u200B9018" reads as one number.
            if (i < normalized.Length && char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                continue;
            }

            if (current.Length > 0)
            {
                groups.Add(current.ToString());
                current.Clear();
            }

            // Spaces, hyphens, dashes, the minus sign, the katakana prolonged sound mark, dots, slashes and the katakana
            // middle dot, all used between groups.
            var separator = i < normalized.Length
                && (char.IsWhiteSpace(c) || c is '-' or '\u2212' or '\u30FC' or '.' or '/' or '\u30FB' || char.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation);
            if (!separator && groups.Count > 0)
            {
                if (HoldsMyNumber(groups))
                {
                    return true;
                }

                groups.Clear();
            }
        }

        return HoldsMyNumber(groups);
    }

    // NFKC (full-width and mathematical digits become ASCII), then every other decimal digit (Arabic-Indic, Devanagari,
    // …) to its ASCII digit: a reader converts them as easily as full-width ones.
    private static string Normalize(string text)
    {
        string normalized;
        try
        {
            normalized = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            normalized = text; // not well-formed UTF-16; digits are still read one by one
        }

        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            var digit = CharUnicodeInfo.GetDecimalDigitValue(c);
            builder.Append(digit >= 0 && !char.IsAsciiDigit(c) ? (char)('0' + digit) : c);
        }

        return builder.ToString();
    }

    private static bool HoldsMyNumber(List<string> groups)
    {
        for (var start = 0; start < groups.Count; start++)
        {
            var digits = new StringBuilder();
            for (var end = start; end < groups.Count && digits.Length < 12; end++)
            {
                digits.Append(groups[end]);
                if (digits.Length == 12 && IsMyNumber(digits.ToString()))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
