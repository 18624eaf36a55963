using Honnin.Cbor;
using Honnin.Crypto;

namespace Honnin.Cose;

/// <summary>
/// The protected and unprotected headers of a COSE message, as received. The protected header keeps
/// its exact bytes, which are what the signature or MAC covers.
/// </summary>
public sealed class CoseHeaderSet
{
    private CoseHeaderSet(ReadOnlyMemory<byte> protectedBytes, CborMap protectedHeaders, CborMap unprotectedHeaders, CoseAlgorithm algorithm)
    {
        ProtectedBytes = protectedBytes;
        Protected = protectedHeaders;
        Unprotected = unprotectedHeaders;
        Algorithm = algorithm;
    }

    /// <summary>The serialized protected header (the content of the bstr; empty for an empty header).</summary>
    public ReadOnlyMemory<byte> ProtectedBytes { get; }

    /// <summary>The protected header map.</summary>
    public CborMap Protected { get; }

    /// <summary>The unprotected header map.</summary>
    public CborMap Unprotected { get; }

    /// <summary>The algorithm from the protected header.</summary>
    public CoseAlgorithm Algorithm { get; }

    /// <summary>Finds a header in the protected bucket, then the unprotected one.</summary>
    /// <param name="label">The label.</param>
    /// <param name="value">The value, when present.</param>
    /// <returns>Whether the header is present.</returns>
    public bool TryGetValue(long label, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CborValue? value) =>
        Protected.TryGetValue(label, out value) || Unprotected.TryGetValue(label, out value);

    /// <summary>The <c>x5chain</c> certificates (DER), leaf first; empty when the header is absent.</summary>
    /// <exception cref="CredentialFormatException">The header is present but not a bstr or a non-empty array of bstr.</exception>
    public IReadOnlyList<ReadOnlyMemory<byte>> X5Chain
    {
        get
        {
            if (!TryGetValue(CoseHeaderLabels.X5Chain, out var value))
            {
                return [];
            }

            switch (value)
            {
                case CborByteString single:
                    return [single.Value];
                case CborArray array when array.Count > 0:
                {
                    var chain = new ReadOnlyMemory<byte>[array.Count];
                    for (var i = 0; i < array.Count; i++)
                    {
                        chain[i] = array[i] is CborByteString certificate
                            ? certificate.Value
                            : throw new CredentialFormatException(CoseFailureCodes.Malformed, "An x5chain entry is not a byte string.");
                    }

                    return chain;
                }

                default:
                    throw new CredentialFormatException(CoseFailureCodes.Malformed, "The x5chain header is neither a byte string nor a non-empty array of byte strings.");
            }
        }
    }

    internal static CoseHeaderSet Decode(CborValue protectedValue, CborValue unprotectedValue, CborDecodeOptions? options)
    {
        if (protectedValue is not CborByteString protectedString)
        {
            throw Malformed("The protected header is not a byte string.");
        }

        if (unprotectedValue is not CborMap unprotectedMap)
        {
            throw Malformed("The unprotected header is not a map.");
        }

        CborMap protectedMap;
        if (protectedString.Value.IsEmpty)
        {
            protectedMap = new CborMap([]);
        }
        else
        {
            protectedMap = CborDecoder.Decode(protectedString.Value, options) as CborMap
                ?? throw Malformed("The protected header does not encode a map.");
        }

        CheckLabels(protectedMap);
        CheckLabels(unprotectedMap);
        foreach (var entry in protectedMap.Entries)
        {
            var inBoth = entry.Key switch
            {
                CborInteger label => label.FitsInt64 && unprotectedMap.TryGetValue((long)label.Value, out _),
                CborTextString label => unprotectedMap.TryGetValue(label.Value, out _),
                _ => false,
            };
            if (inBoth)
            {
                throw Malformed("A header label appears in both the protected and the unprotected bucket.");
            }
        }

        if (unprotectedMap.TryGetValue(CoseHeaderLabels.Critical, out _))
        {
            throw Malformed("The crit header must be protected.");
        }

        if (protectedMap.TryGetValue(CoseHeaderLabels.Critical, out var critical))
        {
            if (critical is not CborArray labels || labels.Count == 0)
            {
                throw Malformed("The crit header is not a non-empty array.");
            }

            foreach (var item in labels.Items)
            {
                if (item is not CborInteger label || !label.FitsInt64 || !CoseHeaderLabels.IsUnderstood((long)label.Value))
                {
                    throw new CredentialFormatException(CoseFailureCodes.UnknownCriticalHeader, "The crit header names a header this implementation does not understand.");
                }

                if (!protectedMap.TryGetValue((long)label.Value, out _))
                {
                    throw Malformed("The crit header names a header that is not in the protected bucket.");
                }
            }
        }

        if (!protectedMap.TryGetValue(CoseHeaderLabels.Algorithm, out var alg))
        {
            throw new CredentialFormatException(CoseFailureCodes.UnsupportedAlgorithm, "The protected header has no algorithm.");
        }

        // Range-check before narrowing: a cast alone would read 2^32 - 7 as ES256 (-7).
        if (alg is not CborInteger algorithmNumber
            || algorithmNumber.Value < int.MinValue
            || algorithmNumber.Value > int.MaxValue
            || (CoseAlgorithm)(int)algorithmNumber.Value is not (CoseAlgorithm.ES256 or CoseAlgorithm.ES384 or CoseAlgorithm.ES512 or CoseAlgorithm.EdDSA or CoseAlgorithm.HMAC256))
        {
            throw new CredentialFormatException(CoseFailureCodes.UnsupportedAlgorithm, "The algorithm is not supported.");
        }

        return new CoseHeaderSet(protectedString.Value, protectedMap, unprotectedMap, (CoseAlgorithm)(int)algorithmNumber.Value);
    }

    internal static CoseHeaderSet Create(CoseAlgorithm algorithm, CborMap? extraProtected, CborMap? unprotected)
    {
        var entries = new List<KeyValuePair<CborValue, CborValue>> { new(new CborInteger(CoseHeaderLabels.Algorithm), new CborInteger((long)algorithm)) };
        if (extraProtected is not null)
        {
            entries.AddRange(extraProtected.Entries);
        }

        var protectedMap = new CborMap(entries);
        return new CoseHeaderSet(protectedMap.EncodedBytes, protectedMap, unprotected ?? new CborMap([]), algorithm);
    }

    private static void CheckLabels(CborMap map)
    {
        foreach (var entry in map.Entries)
        {
            if (entry.Key is not (CborInteger or CborTextString))
            {
                throw Malformed("A header label is neither an integer nor a text string.");
            }
        }
    }

    private static CredentialFormatException Malformed(string message) => new(CoseFailureCodes.Malformed, message);
}
