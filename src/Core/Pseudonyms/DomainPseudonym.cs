using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Honnin.Jose;

namespace Honnin.Pseudonyms;

/// <summary>
/// A per-domain pseudonym: <c>v1.&lt;kid&gt;.&lt;base64url(tag)&gt;</c>, where tag = HMAC-SHA256(K[kid], msg) over the
/// length-prefixed subject reference and domain identifier. A domain joins a person's records with it instead of
/// the My Number; without the key, a value of one domain says nothing about the value of another.
/// </summary>
/// <remarks>
/// Equality compares the key id and the tag, the tag in constant time; <see cref="Domain"/> is not part of it, so a
/// value read from a credential equals the value derived for the same domain. The value is personal data: it is the
/// element value of <c>dp_&lt;domain&gt;</c> and the SD-JWT claim <c>pseudonyms.&lt;domain&gt;</c>, and does not belong
/// in logs or error messages.
/// </remarks>
public sealed class DomainPseudonym : IEquatable<DomainPseudonym>
{
    /// <summary>The version label that starts every value of this scheme.</summary>
    public const string Version = "v1";

    /// <summary>The length of the tag, in bytes.</summary>
    public const int TagLength = 32;

    /// <summary>The longest subject reference, in UTF-8 bytes.</summary>
    public const int MaxSubjectRefBytes = 256;

    // "v1." + kid (≤ 32) + "." + 43 base64url characters.
    private const int EncodedTagLength = 43;
    private const int MaxValueLength = 3 + PseudonymKey.MaxKeyIdLength + 1 + EncodedTagLength;

    private readonly byte[] _tag;

    private DomainPseudonym(string keyId, byte[] tag, PseudonymDomain? domain, string value)
    {
        KeyId = keyId;
        _tag = tag;
        Domain = domain;
        Value = value;
    }

    /// <summary>The identifier of the key the value was derived with.</summary>
    public string KeyId { get; }

    /// <summary>The domain, when known: set when derived, or when parsed with a domain (e.g. from element <c>dp_tax</c>).</summary>
    public PseudonymDomain? Domain { get; }

    /// <summary>The 32-byte HMAC-SHA256 tag.</summary>
    public ReadOnlySpan<byte> Tag => _tag;

    /// <summary>The text form <c>v1.&lt;kid&gt;.&lt;base64url(tag)&gt;</c>.</summary>
    public string Value { get; }

    /// <summary>Parses <c>v1.&lt;kid&gt;.&lt;base64url(tag)&gt;</c>.</summary>
    /// <param name="value">The text.</param>
    /// <param name="domain">The domain the value belongs to, when the caller knows it (e.g. from the element identifier).</param>
    /// <returns>The pseudonym.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="CredentialFormatException">
    /// The text is not a pseudonym (code <see cref="PseudonymFailureCodes.Malformed"/>), or has another version
    /// (code <see cref="PseudonymFailureCodes.UnsupportedVersion"/>).
    /// </exception>
    public static DomainPseudonym Parse(string value, PseudonymDomain? domain = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, domain, out var pseudonym, out var code)
            ? pseudonym
            : throw new CredentialFormatException(
                code,
                code == PseudonymFailureCodes.UnsupportedVersion
                    ? "The domain pseudonym has an unsupported version label."
                    : "The domain pseudonym is not 'v1.<kid>.<base64url(32 bytes)>'.");
    }

    /// <summary>Parses <c>v1.&lt;kid&gt;.&lt;base64url(tag)&gt;</c> without throwing.</summary>
    /// <param name="value">The text.</param>
    /// <param name="domain">The domain the value belongs to, when known.</param>
    /// <param name="pseudonym">The pseudonym, when the text is valid.</param>
    /// <returns>Whether the text is a version 1 pseudonym.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, PseudonymDomain? domain, [NotNullWhen(true)] out DomainPseudonym? pseudonym) =>
        TryParse(value, domain, out pseudonym, out _);

    /// <summary>Parses <c>v1.&lt;kid&gt;.&lt;base64url(tag)&gt;</c> without throwing, with no domain.</summary>
    /// <param name="value">The text.</param>
    /// <param name="pseudonym">The pseudonym, when the text is valid.</param>
    /// <returns>Whether the text is a version 1 pseudonym.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out DomainPseudonym? pseudonym) =>
        TryParse(value, null, out pseudonym, out _);

    /// <summary>
    /// Whether a text may be a subject reference: 1–256 UTF-8 bytes of well-formed UTF-16, and not a My Number — not 12
    /// digits with a valid check digit, also not when written with full-width digits, spaces or hyphens. Providers
    /// refuse other references with <see cref="ArgumentException"/>; a client of a remote authority checks here before
    /// a reference leaves the process.
    /// </summary>
    /// <param name="subjectRef">The text.</param>
    /// <returns>True when the text is acceptable.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="subjectRef"/> is null.</exception>
    public static bool IsValidSubjectRef(string subjectRef)
    {
        ArgumentNullException.ThrowIfNull(subjectRef);
        return PseudonymDerivation.SubjectRefProblem(subjectRef) is null;
    }

    /// <summary>Whether this and <paramref name="other"/> have the same key id and tag (the tag compared in constant time).</summary>
    /// <param name="other">Another pseudonym.</param>
    /// <returns>True for the same value.</returns>
    public bool Equals(DomainPseudonym? other) =>
        other is not null
        && string.Equals(KeyId, other.KeyId, StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(_tag, other._tag);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DomainPseudonym);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(KeyId, StringComparer.Ordinal);
        hash.AddBytes(_tag);
        return hash.ToHashCode();
    }

    /// <summary>The text form.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;

    /// <summary>Whether two pseudonyms are the same value.</summary>
    /// <param name="left">A pseudonym.</param>
    /// <param name="right">Another pseudonym.</param>
    /// <returns>True when both are null or <see cref="Equals(DomainPseudonym)"/> holds.</returns>
    public static bool operator ==(DomainPseudonym? left, DomainPseudonym? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two pseudonyms differ.</summary>
    /// <param name="left">A pseudonym.</param>
    /// <param name="right">Another pseudonym.</param>
    /// <returns>The negation of <c>==</c>.</returns>
    public static bool operator !=(DomainPseudonym? left, DomainPseudonym? right) => !(left == right);

    /// <summary>A freshly derived pseudonym; takes ownership of <paramref name="tag"/>.</summary>
    internal static DomainPseudonym FromTag(string keyId, byte[] tag, PseudonymDomain domain) =>
        new(keyId, tag, domain, Version + "." + keyId + "." + Base64UrlEncoding.Encode(tag));

    private static bool TryParse(string? value, PseudonymDomain? domain, [NotNullWhen(true)] out DomainPseudonym? pseudonym, out string code)
    {
        pseudonym = null;
        code = PseudonymFailureCodes.Malformed;
        if (value is null || value.Length > MaxValueLength)
        {
            return false;
        }

        var text = value.AsSpan();
        var firstDot = text.IndexOf('.');
        if (firstDot < 0)
        {
            return false;
        }

        if (!text[..firstDot].SequenceEqual(Version))
        {
            // Only a version-like label ("v" and digits) is reported as a version; anything else is malformed.
            if (firstDot > 1 && text[0] == 'v' && !text[1..firstDot].ContainsAnyExceptInRange('0', '9'))
            {
                code = PseudonymFailureCodes.UnsupportedVersion;
            }

            return false;
        }

        var rest = text[(firstDot + 1)..];
        var secondDot = rest.IndexOf('.');
        if (secondDot < 0)
        {
            return false;
        }

        var keyId = rest[..secondDot];
        var encodedTag = rest[(secondDot + 1)..];
        if (!PseudonymKey.IsValidKeyId(keyId)
            || encodedTag.Length != EncodedTagLength
            || !Base64UrlEncoding.TryDecode(encodedTag, out var tag)
            || tag.Length != TagLength)
        {
            return false;
        }

        pseudonym = new DomainPseudonym(keyId.ToString(), tag, domain, value);
        return true;
    }
}
