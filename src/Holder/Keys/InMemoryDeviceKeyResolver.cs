using System.Collections.Concurrent;
using Honnin.Crypto;

namespace Honnin.Holder.Keys;

/// <summary>Device keys held in process memory, for tests, tools and samples. Thread-safe.</summary>
public sealed class InMemoryDeviceKeyResolver : IDeviceKeyResolver
{
    private readonly ConcurrentDictionary<string, ISigner> _keys = new(StringComparer.Ordinal);

    /// <summary>Adds a key.</summary>
    /// <param name="signer">The key.</param>
    public void Add(ISigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        _keys[Fingerprint(signer.PublicKey)] = signer;
    }

    /// <inheritdoc/>
    public ValueTask<ISigner?> FindAsync(CoseKey publicKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return ValueTask.FromResult(_keys.TryGetValue(Fingerprint(publicKey), out var signer) ? signer : null);
    }

    /// <summary>What identifies a public key among a wallet's device keys: its curve and coordinates.</summary>
    /// <param name="key">The public key.</param>
    /// <returns>The fingerprint text.</returns>
    public static string Fingerprint(CoseKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Curve + ":" + Convert.ToHexString(key.X) + ":" + Convert.ToHexString(key.Y);
    }
}
