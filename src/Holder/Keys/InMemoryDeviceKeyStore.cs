using System.Collections.Concurrent;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.Holder.Keys;

/// <summary>
/// Software device keys held in process memory, for tests, tools and samples: what <see cref="IDeviceKeyStore"/> is for
/// a wallet that lasts, without the file. Thread-safe; disposing it disposes the keys.
/// </summary>
public sealed class InMemoryDeviceKeyStore : IDeviceKeyStore, IDisposable
{
    private readonly ConcurrentDictionary<string, SoftwareSigner> _keys = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<bool> AddAsync(string privateJwk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(privateJwk);
        var signer = PrivateJsonWebKey.ReadSigner(privateJwk);
        if (_keys.TryAdd(InMemoryDeviceKeyResolver.Fingerprint(signer.PublicKey), signer))
        {
            return Task.FromResult(true);
        }

        signer.Dispose();
        return Task.FromResult(false);
    }

    /// <inheritdoc/>
    public Task<int> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult(_keys.Count);

    /// <inheritdoc/>
    public ValueTask<ISigner?> FindAsync(CoseKey publicKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return ValueTask.FromResult<ISigner?>(_keys.TryGetValue(InMemoryDeviceKeyResolver.Fingerprint(publicKey), out var signer) ? signer : null);
    }

    /// <summary>Disposes the keys.</summary>
    public void Dispose()
    {
        foreach (var signer in _keys.Values)
        {
            signer.Dispose();
        }

        _keys.Clear();
    }

    /// <summary>Counts the keys, never shows them.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"InMemoryDeviceKeyStore({_keys.Count} keys)";
}
