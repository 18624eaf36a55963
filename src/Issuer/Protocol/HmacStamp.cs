using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Honnin.Jose;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// Stateless server nonces: a stamp carries its own expiry and random bytes under an HMAC, so issuing one stores
/// nothing and every instance that shares the secret recognises it. The layout is
/// <c>version (1) || expiry, Unix seconds, big-endian (8) || random (16) || HMAC-SHA-256 truncated (16)</c>, in
/// unpadded base64url (55 characters).
/// </summary>
/// <remarks>
/// The MAC key is derived from the host's secret and a purpose (<c>c_nonce</c>, <c>dpop_nonce</c>), so a host may give
/// one secret to several services without a stamp of one being accepted by another. Whether a stamp may be used once
/// or many times is the caller's decision (a <c>c_nonce</c> is spent through the <see cref="State.IReplayStore"/>, a
/// DPoP nonce is not).
/// </remarks>
internal sealed class HmacStamp
{
    /// <summary>The shortest secret accepted, in bytes.</summary>
    internal const int MinSecretLength = 32;

    private const byte Version = 1;
    private const int RandomSize = 16;
    private const int TagSize = 16;
    private const int Size = 1 + 8 + RandomSize + TagSize;
    private const int TextLength = (Size * 4 + 2) / 3;

    private readonly byte[] _key;

    /// <summary>Creates the stamp for one purpose.</summary>
    /// <param name="secret">The host's secret, at least <see cref="MinSecretLength"/> bytes (checked by <see cref="CheckSecret"/>).</param>
    /// <param name="purpose">What the stamps are for; part of the key derivation.</param>
    internal HmacStamp(ReadOnlySpan<byte> secret, string purpose)
    {
        CheckSecret(secret, nameof(secret));
        _key = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes("honnin-stamp/" + purpose));
    }

    /// <summary>Refuses a secret shorter than <see cref="MinSecretLength"/> bytes.</summary>
    /// <param name="secret">The secret.</param>
    /// <param name="parameterName">The caller's name for it, for the exception.</param>
    /// <exception cref="ArgumentException">The secret is too short.</exception>
    internal static void CheckSecret(ReadOnlySpan<byte> secret, string parameterName)
    {
        if (secret.Length < MinSecretLength)
        {
            throw new ArgumentException($"The nonce secret has at least {MinSecretLength} bytes.", parameterName);
        }
    }

    /// <summary>A fresh stamp.</summary>
    /// <param name="expiresAt">When it stops being accepted (whole seconds).</param>
    /// <returns>The stamp, base64url.</returns>
    internal string Issue(DateTimeOffset expiresAt)
    {
        Span<byte> stamp = stackalloc byte[Size];
        stamp[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(stamp[1..], expiresAt.ToUnixTimeSeconds());
        RandomNumberGenerator.Fill(stamp.Slice(9, RandomSize));
        Tag(stamp[..(Size - TagSize)], stamp[(Size - TagSize)..]);
        return Base64UrlEncoding.Encode(stamp);
    }

    /// <summary>Reads a stamp.</summary>
    /// <param name="text">The stamp as received.</param>
    /// <param name="now">The current time.</param>
    /// <param name="expiresAt">Its expiry, when it is of this form and its tag verifies.</param>
    /// <returns>What was found.</returns>
    internal HmacStampStatus Read(string? text, DateTimeOffset now, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        if (text is null || text.Length != TextLength || !Base64UrlEncoding.TryDecode(text, out var bytes) || bytes.Length != Size || bytes[0] != Version)
        {
            return HmacStampStatus.Malformed;
        }

        Span<byte> expected = stackalloc byte[TagSize];
        Tag(bytes.AsSpan(0, Size - TagSize), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(Size - TagSize)))
        {
            return HmacStampStatus.Forged;
        }

        var seconds = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        expiresAt = seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds() ? DateTimeOffset.MinValue : DateTimeOffset.FromUnixTimeSeconds(seconds);
        return expiresAt <= now ? HmacStampStatus.Expired : HmacStampStatus.Valid;
    }

    private void Tag(ReadOnlySpan<byte> data, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, data, mac);
        mac[..TagSize].CopyTo(tag);
    }
}

/// <summary>What <see cref="HmacStamp.Read"/> found.</summary>
internal enum HmacStampStatus
{
    /// <summary>Issued with this secret and purpose, and not expired.</summary>
    Valid,

    /// <summary>Not a stamp of this form.</summary>
    Malformed,

    /// <summary>Of this form, but its tag does not verify: not issued with this secret and purpose.</summary>
    Forged,

    /// <summary>Issued here, but its lifetime is over.</summary>
    Expired,
}
