using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Honnin.Crypto;

/// <summary>
/// A public key that verifies many signatures, from many threads, without loading the key each time: loading an EC
/// public key costs about two ECDSA verifications on OpenSSL 3. <see cref="ECDsa"/> instances are not documented as
/// safe for concurrent use, so each verification takes a loaded instance from a pool and gives it back; the pool keeps
/// at most one per processor. Ed25519 and RSA keys, and an algorithm the key does not fit, verify as
/// <see cref="SignatureVerifier"/> does with the <see cref="CoseKey"/>.
/// </summary>
public sealed class ReusableVerificationKey
{
    private readonly ConcurrentBag<ECDsa> _loaded = [];

    /// <summary>Wraps a public key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="loaded">The key already loaded, which the pool then owns; or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public ReusableVerificationKey(CoseKey key, ECDsa? loaded = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        if (loaded is not null)
        {
            _loaded.Add(loaded);
        }
    }

    /// <summary>The public key.</summary>
    public CoseKey Key { get; }

    /// <summary>Verifies a signature with the key.</summary>
    /// <param name="algorithm">The signature algorithm.</param>
    /// <param name="data">The signed bytes.</param>
    /// <param name="signature">The signature (IEEE P1363 for ECDSA).</param>
    /// <returns>True when the signature verifies.</returns>
    public bool Verify(CoseAlgorithm algorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (Key.KeyType != CoseKeyType.Ec2 || !Key.Fits(algorithm))
        {
            return SignatureVerifier.Verify(algorithm, Key, data, signature);
        }

        if (!_loaded.TryTake(out var key))
        {
            key = Key.ToECDsa();
        }

        try
        {
            return SignatureVerifier.Verify(algorithm, key, data, signature);
        }
        finally
        {
            if (_loaded.Count < Environment.ProcessorCount)
            {
                _loaded.Add(key);
            }
            else
            {
                key.Dispose();
            }
        }
    }
}
