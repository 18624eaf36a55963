using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Honnin.DocumentTypes;

namespace Honnin.Pseudonyms;

/// <summary>
/// The derivation of DESIGN.md "Per-domain pseudonyms":
/// <c>msg = "honnin/domain-pseudonym/v1" || 0x00 || u32be(len(subjectRef)) || subjectRef || u32be(len(domainId)) || domainId</c>,
/// <c>tag = HMAC-SHA256(K[kid], msg)</c>. Pure functions; the keys come from the caller.
/// </summary>
internal static class PseudonymDerivation
{
    /// <summary>The version label that starts every message, followed by one zero byte.</summary>
    internal static ReadOnlySpan<byte> Label => "honnin/domain-pseudonym/v1"u8;

    /// <summary>The longest message: label, 0x00, two length prefixes, the longest subject reference and domain id.</summary>
    internal const int MaxMessageLength = 26 + 1 + 4 + DomainPseudonym.MaxSubjectRefBytes + 4 + PseudonymDomain.MaxIdLength;

    /// <summary>Derives the pseudonym of <paramref name="subjectRef"/> in <paramref name="domain"/> under <paramref name="key"/>.</summary>
    internal static DomainPseudonym Derive(PseudonymKey key, string subjectRef, PseudonymDomain domain)
    {
        ArgumentNullException.ThrowIfNull(subjectRef);
        ArgumentNullException.ThrowIfNull(domain);
        Span<byte> message = stackalloc byte[MaxMessageLength];
        var length = EncodeMessage(subjectRef, domain.Id, message);
        var tag = new byte[DomainPseudonym.TagLength];
        try
        {
            key.ComputeTag(message[..length], tag);
        }
        finally
        {
            // The message holds the subject reference: personal data that need not outlive the call.
            CryptographicOperations.ZeroMemory(message);
        }

        return DomainPseudonym.FromTag(key.KeyId, tag, domain);
    }

    /// <summary>Derives with the ring's key <paramref name="keyId"/>.</summary>
    /// <exception cref="ArgumentException">The ring has no such key, or the subject reference is not acceptable.</exception>
    internal static DomainPseudonym Derive(PseudonymKeyRing keys, string subjectRef, PseudonymDomain domain, string keyId)
    {
        ArgumentNullException.ThrowIfNull(subjectRef);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(keyId);
        return keys.TryGetKey(keyId, out var key)
            ? Derive(key, subjectRef, domain)
            : throw new ArgumentException("The key ring holds no key with this key id.", nameof(keyId));
    }

    /// <summary>Derives one pseudonym per domain with the ring's current key.</summary>
    /// <exception cref="ArgumentException">A domain occurs twice, or the subject reference is not acceptable.</exception>
    internal static IReadOnlyDictionary<PseudonymDomain, DomainPseudonym> DeriveMany(
        PseudonymKeyRing keys, string subjectRef, IEnumerable<PseudonymDomain> domains)
    {
        ArgumentNullException.ThrowIfNull(subjectRef);
        ArgumentNullException.ThrowIfNull(domains);
        ThrowIfInvalidSubjectRef(subjectRef, nameof(subjectRef));
        var result = new Dictionary<PseudonymDomain, DomainPseudonym>();
        foreach (var domain in domains)
        {
            ArgumentNullException.ThrowIfNull(domain, nameof(domains));
            if (result.ContainsKey(domain))
            {
                throw new ArgumentException("A domain occurs more than once.", nameof(domains));
            }

            result.Add(domain, Derive(keys.Current, subjectRef, domain));
        }

        return result.AsReadOnly();
    }

    /// <summary>
    /// Whether <paramref name="pseudonym"/> is the value of <paramref name="subjectRef"/> in <paramref name="domain"/>
    /// under the ring's key of the same id (compared in constant time).
    /// </summary>
    internal static bool Matches(PseudonymKeyRing keys, string subjectRef, PseudonymDomain domain, DomainPseudonym pseudonym)
    {
        ArgumentNullException.ThrowIfNull(subjectRef);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(pseudonym);
        if ((pseudonym.Domain is not null && pseudonym.Domain != domain) || !keys.TryGetKey(pseudonym.KeyId, out var key))
        {
            ThrowIfInvalidSubjectRef(subjectRef, nameof(subjectRef));
            return false;
        }

        return Derive(key, subjectRef, domain).Equals(pseudonym);
    }

    /// <summary>Writes the message into <paramref name="destination"/> (at least <see cref="MaxMessageLength"/> bytes) and returns its length.</summary>
    /// <exception cref="ArgumentException">The subject reference or domain id is not acceptable (see <see cref="ThrowIfInvalidSubjectRef"/>).</exception>
    internal static int EncodeMessage(string subjectRef, string domainId, Span<byte> destination)
    {
        ThrowIfInvalidSubjectRef(subjectRef, nameof(subjectRef));
        var position = 0;
        Label.CopyTo(destination);
        position += Label.Length;
        destination[position++] = 0x00;
        position += WritePrefixed(subjectRef, destination[position..], DomainPseudonym.MaxSubjectRefBytes, nameof(subjectRef));
        position += WritePrefixed(domainId, destination[position..], PseudonymDomain.MaxIdLength, nameof(domainId));
        return position;
    }

    /// <summary>
    /// Rejects a subject reference that is empty, longer than <see cref="DomainPseudonym.MaxSubjectRefBytes"/> UTF-8
    /// bytes, not well-formed UTF-16 (a lone surrogate would encode as U+FFFD and collide with other references), or a
    /// My Number (番号法 §20): twelve digits with a valid check digit, also when written with full-width digits,
    /// spaces or hyphens.
    /// </summary>
    /// <exception cref="ArgumentNullException">The subject reference is null.</exception>
    /// <exception cref="ArgumentException">The subject reference is not acceptable. The message never contains it.</exception>
    internal static void ThrowIfInvalidSubjectRef(string subjectRef, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(subjectRef, parameterName);
        if (SubjectRefProblem(subjectRef) is { } problem)
        {
            throw new ArgumentException(problem, parameterName);
        }
    }

    /// <summary>What is wrong with a subject reference, in words that never repeat it; null when it is acceptable.</summary>
    internal static string? SubjectRefProblem(string subjectRef)
    {
        if (subjectRef.Length == 0)
        {
            return "The subject reference is empty.";
        }

        // Every UTF-16 code unit takes at least one UTF-8 byte, so a longer text cannot fit; stop before counting.
        var utf8Length = subjectRef.Length > DomainPseudonym.MaxSubjectRefBytes ? int.MaxValue : Utf8Length(subjectRef);
        if (utf8Length < 0)
        {
            return "The subject reference is not well-formed UTF-16 (it holds a lone surrogate).";
        }

        if (utf8Length > DomainPseudonym.MaxSubjectRefBytes)
        {
            return "The subject reference is longer than 256 UTF-8 bytes.";
        }

        return LooksLikeMyNumber(subjectRef)
            ? "The subject reference is a My Number; use an internal reference instead (番号法 §20)."
            : null;
    }

    private static int WritePrefixed(string text, Span<byte> destination, int maxBytes, string parameterName)
    {
        var status = Utf8.FromUtf16(text, destination.Slice(4, maxBytes), out var read, out var written, replaceInvalidSequences: false);
        if (status == OperationStatus.DestinationTooSmall)
        {
            throw new ArgumentException($"The value is longer than {maxBytes} UTF-8 bytes.", parameterName);
        }

        if (status != OperationStatus.Done || read != text.Length)
        {
            throw new ArgumentException("The value is not well-formed UTF-16 (it holds a lone surrogate).", parameterName);
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)written);
        return 4 + written;
    }

    /// <summary>The UTF-8 length of a text, or -1 when it is not well-formed UTF-16.</summary>
    private static int Utf8Length(ReadOnlySpan<char> text)
    {
        var length = 0;
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var consumed) != OperationStatus.Done)
            {
                return -1;
            }

            length += rune.Utf8SequenceLength;
            text = text[consumed..];
        }

        return length;
    }

    private static bool LooksLikeMyNumber(string subjectRef)
    {
        if (MyNumberPolicy.IsMyNumber(subjectRef))
        {
            return true;
        }

        // A My Number written as "1234 5678 9018", "1234-5678-9018" or with full-width digits is still one.
        if (subjectRef.Length > 40)
        {
            return false;
        }

        var normalized = subjectRef.Normalize(NormalizationForm.FormKC);
        Span<char> digits = stackalloc char[12];
        var count = 0;
        foreach (var c in normalized)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return false;
                }

                digits[count++] = c;
            }
            else if (!(c is ' ' or '-' || char.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation))
            {
                return false;
            }
        }

        return count == digits.Length && MyNumberPolicy.IsMyNumber(new string(digits));
    }
}
