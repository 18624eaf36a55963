using System.Security.Cryptography;

namespace Honnin.Pseudonyms;

/// <summary>
/// A pseudonym key K[kid]: a key identifier and a 32-byte HMAC-SHA256 secret held in process memory. The secret
/// cannot be read back, is never printed (<see cref="ToString"/> shows only the key id) and is wiped with
/// <see cref="CryptographicOperations.ZeroMemory"/> when the key is disposed.
/// </summary>
/// <remarks>
/// Pseudonyms are only as stable as this key: keep the secret in a secret store or KMS and import it on start.
/// Create it with 32 bytes from a cryptographic random number generator. A key whose secret must never leave an
/// HSM belongs behind an <see cref="IPseudonymProvider"/> instead. A <see cref="PseudonymKeyRing"/> does not own its
/// keys: dispose a key once no ring or provider that uses it derives any more.
/// </remarks>
public sealed class PseudonymKey : IDisposable
{
    /// <summary>The length of the secret, in bytes.</summary>
    public const int SecretLength = 32;

    /// <summary>The longest key identifier, in characters.</summary>
    public const int MaxKeyIdLength = 32;

    // Pinned, so the garbage collector never leaves a moved copy of the secret behind.
    private readonly byte[] _secret;
    private volatile bool _disposed;

    private PseudonymKey(string keyId, ReadOnlySpan<byte> secret)
    {
        KeyId = keyId;
        _secret = GC.AllocateUninitializedArray<byte>(SecretLength, pinned: true);
        secret.CopyTo(_secret);
    }

    /// <summary>The key identifier, written into every pseudonym derived with this key.</summary>
    public string KeyId { get; }

    /// <summary>Imports a key. The key keeps its own copy of the secret; the caller may wipe <paramref name="secret"/> afterwards.</summary>
    /// <param name="keyId">The key identifier: 1–32 characters from <c>A–Z a–z 0–9 - _</c>.</param>
    /// <param name="secret">The 32-byte secret.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keyId"/> is null.</exception>
    /// <exception cref="ArgumentException">The key id does not have the key id syntax, or the secret is not 32 bytes.</exception>
    public static PseudonymKey Import(string keyId, ReadOnlySpan<byte> secret)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (!IsValidKeyId(keyId))
        {
            throw new ArgumentException("A pseudonym key id is 1–32 characters from A–Z, a–z, 0–9, '-' and '_'.", nameof(keyId));
        }

        if (secret.Length != SecretLength)
        {
            throw new ArgumentException("A pseudonym key secret is 32 bytes.", nameof(secret));
        }

        return new PseudonymKey(keyId, secret);
    }

    /// <summary>Whether a text has the key id syntax: 1–32 characters from <c>A–Z a–z 0–9 - _</c>.</summary>
    /// <param name="keyId">The text.</param>
    /// <returns>True for a valid key id.</returns>
    public static bool IsValidKeyId(ReadOnlySpan<char> keyId)
    {
        if (keyId.IsEmpty || keyId.Length > MaxKeyIdLength)
        {
            return false;
        }

        foreach (var c in keyId)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Wipes the secret. Deriving with a disposed key throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_secret);
    }

    /// <summary>Names the key without its secret.</summary>
    /// <returns><c>PseudonymKey { KeyId = … }</c>.</returns>
    public override string ToString() => "PseudonymKey { KeyId = " + KeyId + " }";

    /// <summary>Whether both keys hold the same secret (compared in constant time).</summary>
    internal bool HasSameSecretAs(PseudonymKey other)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ObjectDisposedException.ThrowIf(other._disposed, other);
        return CryptographicOperations.FixedTimeEquals(_secret, other._secret);
    }

    /// <summary>HMAC-SHA256 of <paramref name="message"/> under the secret.</summary>
    internal void ComputeTag(ReadOnlySpan<byte> message, Span<byte> tag)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        HMACSHA256.HashData(_secret, message, tag);
    }
}
