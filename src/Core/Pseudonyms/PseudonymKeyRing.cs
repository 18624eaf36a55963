using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace Honnin.Pseudonyms;

/// <summary>
/// The keys of a pseudonym deployment: the current key, which derives every new pseudonym, and older keys kept so
/// that values issued under them can still be re-derived and recognised while credentials are re-issued. Immutable:
/// to rotate, create a ring with the new key as current and the old current key among the previous ones.
/// </summary>
/// <remarks>
/// The ring does not own its keys and never disposes them. A value carries its key id (<c>v1.&lt;kid&gt;.…</c>), so a
/// domain that sees a new kid knows the value changed because of rotation; the holder of the ring can give it the
/// old→new mapping by deriving both (see <see cref="KeyedPseudonymProvider.Derive(string, PseudonymDomain, string)"/>).
/// </remarks>
public sealed class PseudonymKeyRing
{
    private readonly PseudonymKey[] _keys;

    private PseudonymKeyRing(PseudonymKey[] keys)
    {
        _keys = keys;
        KeyIds = Array.AsReadOnly(Array.ConvertAll(keys, key => key.KeyId));
    }

    /// <summary>The key id of the current key.</summary>
    public string CurrentKeyId => _keys[0].KeyId;

    /// <summary>Every key id, the current one first, then the previous ones in the order given.</summary>
    public ReadOnlyCollection<string> KeyIds { get; }

    /// <summary>The current key, which derives new pseudonyms.</summary>
    internal PseudonymKey Current => _keys[0];

    /// <summary>Creates a ring.</summary>
    /// <param name="current">The key for new pseudonyms.</param>
    /// <param name="previous">Older keys, kept to re-derive and recognise values issued under them.</param>
    /// <returns>The ring.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="current"/> or one of <paramref name="previous"/> is null.</exception>
    /// <exception cref="ArgumentException">Two keys have the same key id or the same secret.</exception>
    /// <exception cref="ObjectDisposedException">A key was disposed.</exception>
    public static PseudonymKeyRing Create(PseudonymKey current, IEnumerable<PseudonymKey>? previous = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        var keys = new List<PseudonymKey> { current };
        foreach (var key in previous ?? [])
        {
            ArgumentNullException.ThrowIfNull(key, nameof(previous));
            if (keys.Exists(existing => string.Equals(existing.KeyId, key.KeyId, StringComparison.Ordinal)))
            {
                throw new ArgumentException("Two pseudonym keys have the same key id.", nameof(previous));
            }

            // The key id is not part of the MAC input: one secret under two ids would rotate nothing.
            if (keys.Exists(existing => existing.HasSameSecretAs(key)))
            {
                throw new ArgumentException("Two pseudonym keys have the same secret.", nameof(previous));
            }

            keys.Add(key);
        }

        return new PseudonymKeyRing([.. keys]);
    }

    /// <summary>Whether the ring holds a key with this id.</summary>
    /// <param name="keyId">The key id.</param>
    /// <returns>True when the ring holds it.</returns>
    public bool Contains(string keyId) => TryGetKey(keyId, out _);

    /// <summary>The key with this id.</summary>
    internal bool TryGetKey(string? keyId, [NotNullWhen(true)] out PseudonymKey? key)
    {
        foreach (var candidate in _keys)
        {
            if (string.Equals(candidate.KeyId, keyId, StringComparison.Ordinal))
            {
                key = candidate;
                return true;
            }
        }

        key = null;
        return false;
    }
}
