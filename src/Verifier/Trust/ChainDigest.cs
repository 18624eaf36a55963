using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Honnin.Verifier.Trust;

/// <summary>
/// The SHA-256 of an x5chain as received: every certificate's DER bytes in order, each preceded by its length
/// (4 bytes, big-endian) so that no two different chains give the same input.
/// </summary>
internal readonly record struct ChainDigest(ulong Part0, ulong Part1, ulong Part2, ulong Part3)
{
    public static ChainDigest Compute(IReadOnlyList<ReadOnlyMemory<byte>> chain)
    {
        var length = 0L;
        foreach (var certificate in chain)
        {
            length += sizeof(int) + certificate.Length;
        }

        // Chains are bounded by the decoder's limits; an input beyond int range cannot arrive here.
        var buffer = ArrayPool<byte>.Shared.Rent(checked((int)length));
        try
        {
            var offset = 0;
            foreach (var certificate in chain)
            {
                BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(offset), certificate.Length);
                offset += sizeof(int);
                certificate.Span.CopyTo(buffer.AsSpan(offset));
                offset += certificate.Length;
            }

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, offset), hash);
            return new ChainDigest(
                BinaryPrimitives.ReadUInt64LittleEndian(hash),
                BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
