using System.Collections.Concurrent;
using System.Security.Cryptography;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>
/// The verifier's configured issuer keys, kept loaded: importing a P-256 key into OpenSSL 3 costs about two ECDSA
/// verifications, and a configured key is the same for every presentation. ECDsa instances are not documented as safe
/// for concurrent use, so each verification takes its own from the key's pool and gives it back; a pool holds at most
/// one per processor. Ed25519 keys are verified as they are (NSec imports them cheaply).
/// </summary>
internal sealed class LoadedIssuerKeys(IReadOnlyList<JsonWebKey> keys)
{
    private readonly ConcurrentBag<ECDsa>[] _pools = [.. keys.Select(_ => new ConcurrentBag<ECDsa>())];

    public int Count => keys.Count;

    public JsonWebKey this[int index] => keys[index];

    /// <summary>Verifies <paramref name="jws"/> with configured key <paramref name="index"/>; false when the key does not fit its algorithm.</summary>
    public bool Verify(int index, CompactJws jws)
    {
        var key = keys[index].Key;
        if (!key.Fits(jws.Algorithm))
        {
            return false;
        }

        if (key.Curve == CoseKeyCurve.Ed25519)
        {
            return jws.VerifySignature(key);
        }

        var pool = _pools[index];
        if (!pool.TryTake(out var ecdsa))
        {
            ecdsa = key.ToECDsa();
        }

        try
        {
            return jws.VerifySignature(ecdsa);
        }
        finally
        {
            if (pool.Count < Environment.ProcessorCount)
            {
                pool.Add(ecdsa);
            }
            else
            {
                ecdsa.Dispose();
            }
        }
    }
}
