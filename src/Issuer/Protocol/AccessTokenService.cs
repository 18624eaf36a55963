using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// The access tokens of the token endpoint: each names its offer and the thumbprint of the DPoP key it is bound to
/// (RFC 9449 §6), and carries its expiry under an HMAC of the issuer's secret, so that issuing one stores nothing and
/// any instance of the issuer can check it. A token is worthless without the DPoP key: the credential endpoint checks
/// that each request's DPoP proof is signed by that key.
/// </summary>
public sealed class AccessTokenService
{
    private const byte Version = 1;
    private const int OfferIdSize = 16;
    private const int ThumbprintSize = 32;
    private const int TagSize = 32;
    private const int BodySize = 1 + 8 + OfferIdSize + ThumbprintSize;
    private const int Size = BodySize + TagSize;

    private readonly byte[] _key;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the service.</summary>
    /// <param name="key">The token key, at least 32 bytes, the same on every instance.</param>
    /// <param name="lifetime">How long a token is accepted.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public AccessTokenService(ReadOnlySpan<byte> key, TimeSpan lifetime, TimeProvider? timeProvider = null)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The token key has at least 32 bytes.", nameof(key));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.FromSeconds(30), nameof(lifetime));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lifetime, TimeSpan.FromDays(1), nameof(lifetime));
        _key = key.ToArray();
        Lifetime = lifetime;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long a token is accepted.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>Issues a token for an offer, bound to a DPoP key.</summary>
    /// <param name="offerId">The offer (an id from <see cref="State.OfferRecord.NewId"/>).</param>
    /// <param name="dpopThumbprint">The RFC 7638 SHA-256 thumbprint of the DPoP key, base64url.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ArgumentException">The offer id or the thumbprint is not of the expected form.</exception>
    public string Issue(string offerId, string dpopThumbprint)
    {
        Span<byte> token = stackalloc byte[Size];
        token[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(token[1..], (_timeProvider.GetUtcNow() + Lifetime).ToUnixTimeSeconds());
        if (!Base64Url.TryDecodeFromChars(offerId, token.Slice(9, OfferIdSize), out var idLength) || idLength != OfferIdSize)
        {
            throw new ArgumentException("The offer id is not 16 bytes in base64url.", nameof(offerId));
        }

        if (!Base64Url.TryDecodeFromChars(dpopThumbprint, token.Slice(9 + OfferIdSize, ThumbprintSize), out var thumbprintLength) || thumbprintLength != ThumbprintSize)
        {
            throw new ArgumentException("The thumbprint is not a SHA-256 digest in base64url.", nameof(dpopThumbprint));
        }

        HMACSHA256.HashData(_key, token[..BodySize], token[BodySize..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>Checks a token.</summary>
    /// <param name="token">The token from the <c>Authorization: DPoP</c> header.</param>
    /// <returns>The offer and the DPoP thumbprint it was issued for, or null when it is not a valid token of this issuer or has expired.</returns>
    public AccessTokenGrant? Check(string? token)
    {
        var bytes = new byte[Size];
        if (token is null || token.Length != Base64Url.GetEncodedLength(Size) || !Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != Size || bytes[0] != Version)
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[TagSize];
        HMACSHA256.HashData(_key, bytes.AsSpan(0, BodySize), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(BodySize)))
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1)));
        if (expires <= _timeProvider.GetUtcNow())
        {
            return null;
        }

        return new AccessTokenGrant(
            Base64Url.EncodeToString(bytes.AsSpan(9, OfferIdSize)),
            Base64Url.EncodeToString(bytes.AsSpan(9 + OfferIdSize, ThumbprintSize)),
            expires);
    }
}

/// <summary>What a valid access token grants.</summary>
/// <param name="OfferId">The offer whose credentials it may fetch.</param>
/// <param name="DpopThumbprint">The thumbprint of the DPoP key every request must be signed with.</param>
/// <param name="ExpiresAt">When it stops being accepted.</param>
public sealed record AccessTokenGrant(string OfferId, string DpopThumbprint, DateTimeOffset ExpiresAt);
