using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Honnin.Jose;

/// <summary>
/// The Concat KDF of NIST SP 800-56A §5.8.1 with SHA-256, as RFC 7518 §4.6.2 uses it for ECDH-ES: rounds of
/// SHA-256(counter || Z || OtherInfo), where OtherInfo is AlgorithmID || PartyUInfo || PartyVInfo (each a 32-bit
/// big-endian length and the bytes) || SuppPubInfo (keydatalen in bits, 32-bit big-endian), SuppPrivInfo empty.
/// </summary>
internal static class ConcatKdf
{
    private const int HashLength = 32;

    /// <summary>Derives <paramref name="key"/>.Length bytes. Every intermediate holding Z or key bytes is wiped.</summary>
    /// <param name="sharedSecret">Z, the ECDH output.</param>
    /// <param name="algorithmId">The AlgorithmID: the <c>enc</c> value for direct key agreement.</param>
    /// <param name="partyUInfo">The decoded <c>apu</c> (empty when absent).</param>
    /// <param name="partyVInfo">The decoded <c>apv</c> (empty when absent).</param>
    /// <param name="key">Receives the derived key.</param>
    public static void DeriveKey(ReadOnlySpan<byte> sharedSecret, string algorithmId, ReadOnlySpan<byte> partyUInfo, ReadOnlySpan<byte> partyVInfo, Span<byte> key)
    {
        var algorithm = Encoding.ASCII.GetBytes(algorithmId);
        var length = 4 + sharedSecret.Length + 4 + algorithm.Length + 4 + partyUInfo.Length + 4 + partyVInfo.Length + 4;
        var input = new byte[length];
        Span<byte> hash = stackalloc byte[HashLength];
        try
        {
            var at = 4;
            sharedSecret.CopyTo(input.AsSpan(at));
            at += sharedSecret.Length;
            at = WriteLengthPrefixed(input, at, algorithm);
            at = WriteLengthPrefixed(input, at, partyUInfo);
            at = WriteLengthPrefixed(input, at, partyVInfo);
            BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(at), checked(key.Length * 8));

            for (int counter = 1, done = 0; done < key.Length; counter++, done += HashLength)
            {
                BinaryPrimitives.WriteInt32BigEndian(input, counter);
                SHA256.HashData(input, hash);
                hash[..Math.Min(HashLength, key.Length - done)].CopyTo(key[done..]);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(hash);
        }
    }

    private static int WriteLengthPrefixed(byte[] buffer, int at, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(at), value.Length);
        value.CopyTo(buffer.AsSpan(at + 4));
        return at + 4 + value.Length;
    }
}
