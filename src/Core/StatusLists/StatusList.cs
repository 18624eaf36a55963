using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.StatusLists;

/// <summary>
/// A Token Status List (draft-ietf-oauth-status-list §4): statuses of <see cref="Bits"/> bits each (1, 2, 4 or 8), packed
/// least-significant bit first, compressed with DEFLATE in the ZLIB format (RFC 1950) and carried as base64url
/// <c>lst</c>. Decompression is bounded. Status values: 0 VALID, 1 INVALID, 2 SUSPENDED, others application-specific.
/// </summary>
public sealed class StatusList
{
    /// <summary>The default bound on the decompressed list, in bytes (16 MiB: 2^27 one-bit entries).</summary>
    public const int DefaultMaxBytes = 16 * 1024 * 1024;

    private readonly byte[] _bytes;

    private StatusList(int bits, byte[] bytes)
    {
        Bits = bits;
        _bytes = bytes;
    }

    /// <summary>Bits per status: 1, 2, 4 or 8.</summary>
    public int Bits { get; }

    /// <summary>How many statuses the list holds.</summary>
    public long Count => (long)_bytes.Length * 8 / Bits;

    /// <summary>The decompressed bytes.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>Reads the JSON <c>status_list</c> object <c>{"bits": n, "lst": "…"}</c>.</summary>
    /// <param name="statusList">The object.</param>
    /// <param name="maxBytes">The largest decompressed list accepted.</param>
    /// <returns>The list.</returns>
    /// <exception cref="CredentialFormatException">The object or its data is malformed (code <see cref="StatusListFailureCodes.Malformed"/>).</exception>
    public static StatusList Decode(JsonObject statusList, int maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(statusList);
        if (statusList["bits"] is not JsonValue bitsValue || bitsValue.GetValueKind() != JsonValueKind.Number || !bitsValue.TryGetValue<int>(out var bits))
        {
            throw Malformed("'bits' is missing or not an integer.");
        }

        if (statusList["lst"] is not JsonValue lstValue || lstValue.GetValueKind() != JsonValueKind.String
            || !Base64UrlEncoding.TryDecode(lstValue.GetValue<string>(), out var compressed))
        {
            throw Malformed("'lst' is missing or not base64url.");
        }

        return FromCompressed(bits, compressed, maxBytes);
    }

    /// <summary>Reads the JSON <c>status_list</c> object without throwing.</summary>
    /// <param name="statusList">The object.</param>
    /// <param name="list">The list, when reading succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <param name="maxBytes">The largest decompressed list accepted.</param>
    /// <returns>Whether reading succeeded.</returns>
    public static bool TryDecode(JsonObject statusList, [NotNullWhen(true)] out StatusList? list, [NotNullWhen(false)] out CredentialFormatException? error, int maxBytes = DefaultMaxBytes)
    {
        return CredentialFormatException.Try(() => Decode(statusList, maxBytes), out list, out error);
    }

    /// <summary>Reads a list from its ZLIB-compressed bytes (the JSON <c>lst</c> decoded, or the CBOR <c>lst</c> byte string).</summary>
    /// <param name="bits">Bits per status: 1, 2, 4 or 8.</param>
    /// <param name="compressed">The ZLIB (RFC 1950) data.</param>
    /// <param name="maxBytes">The largest decompressed list accepted.</param>
    /// <returns>The list.</returns>
    /// <exception cref="CredentialFormatException">The data does not inflate within the limit, or <paramref name="bits"/> is not 1, 2, 4 or 8.</exception>
    public static StatusList FromCompressed(int bits, ReadOnlySpan<byte> compressed, int maxBytes = DefaultMaxBytes)
    {
        if (bits is not (1 or 2 or 4 or 8))
        {
            throw Malformed("'bits' must be 1, 2, 4 or 8.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = zlib.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    throw Malformed($"The status list inflates to more than {maxBytes} bytes.");
                }

                output.Write(buffer, 0, read);
            }

            return output.Length == 0 ? throw Malformed("The status list is empty.") : new StatusList(bits, output.ToArray());
        }
        catch (InvalidDataException e)
        {
            throw new CredentialFormatException(StatusListFailureCodes.Malformed, "The status list is not ZLIB/DEFLATE data.", e);
        }
    }

    /// <summary>Creates a list from one status per entry, for issuers.</summary>
    /// <param name="bits">Bits per status: 1, 2, 4 or 8.</param>
    /// <param name="statuses">The statuses, each below 2^<paramref name="bits"/>.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ArgumentException">A status does not fit in <paramref name="bits"/>, or <paramref name="bits"/> is not 1, 2, 4 or 8.</exception>
    public static StatusList Create(int bits, ReadOnlySpan<byte> statuses)
    {
        if (bits is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentException("Bits must be 1, 2, 4 or 8.", nameof(bits));
        }

        var perByte = 8 / bits;
        var bytes = new byte[Math.Max(1, (statuses.Length + perByte - 1) / perByte)];
        for (var i = 0; i < statuses.Length; i++)
        {
            if (statuses[i] >> bits != 0)
            {
                throw new ArgumentException($"Status {i} does not fit in {bits} bits.", nameof(statuses));
            }

            bytes[i / perByte] |= (byte)(statuses[i] << (i % perByte * bits));
        }

        return new StatusList(bits, bytes);
    }

    /// <summary>The status at <paramref name="index"/>.</summary>
    /// <param name="index">The index from the Referenced Token.</param>
    /// <param name="status">The status value.</param>
    /// <returns>False when the index is outside the list (which a relying party must treat as an error).</returns>
    public bool TryGetStatus(long index, out int status)
    {
        status = 0;
        if (index < 0 || index >= Count)
        {
            return false;
        }

        var bitOffset = index * Bits;
        status = (_bytes[bitOffset / 8] >> (int)(bitOffset % 8)) & ((1 << Bits) - 1);
        return true;
    }

    /// <summary>The ZLIB-compressed list (highest compression), as an issuer publishes it.</summary>
    /// <returns>The compressed bytes.</returns>
    public byte[] Compress()
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(_bytes);
        }

        return output.ToArray();
    }

    /// <summary>The JSON <c>status_list</c> object <c>{"bits": n, "lst": "…"}</c>.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject ToJsonObject() => new() { ["bits"] = Bits, ["lst"] = Base64UrlEncoding.Encode(Compress()) };

    private static CredentialFormatException Malformed(string message) => new(StatusListFailureCodes.Malformed, message);
}
