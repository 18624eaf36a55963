using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// A value the service hands out and reads back later without storing it — a pushed authorization request's
/// <c>request_uri</c>, an authorization code — sealed with AES-256-GCM under a key of its own purpose, carrying its
/// expiry. Nobody can read or forge one without the service's secret; single use is the replay store's job.
/// </summary>
internal sealed class SealedGrant(byte[] key, string purpose, TimeProvider time)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int MaxLength = 4096;

    public string Seal(JsonObject content, TimeSpan lifetime)
    {
        var body = StrictJson.SerializeToUtf8Bytes(content);
        var plain = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt64BigEndian(plain, (time.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        body.CopyTo(plain, 8);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, NonceSize));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(sealedBytes.AsSpan(0, NonceSize), plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Encoding.ASCII.GetBytes(purpose));
        return Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>Opens a sealed value: its content and expiry, or null when it is not one of this purpose or has expired.</summary>
    public (JsonObject Content, DateTimeOffset ExpiresAt)? Open(string? text)
    {
        if (text is null || text.Length > MaxLength || !Base64Url.IsValid(text))
        {
            return null;
        }

        var bytes = Base64Url.DecodeFromChars(text);
        if (bytes.Length < NonceSize + 8 + TagSize)
        {
            return null;
        }

        var plain = new byte[bytes.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(bytes.AsSpan(0, NonceSize), bytes.AsSpan(NonceSize, plain.Length), bytes.AsSpan(NonceSize + plain.Length), plain, Encoding.ASCII.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(plain));
        if (expires <= time.GetUtcNow() || !StrictJson.TryParse(plain.AsSpan(8), out var node, out _) || node is not JsonObject content)
        {
            return null;
        }

        return (content, expires);
    }
}
