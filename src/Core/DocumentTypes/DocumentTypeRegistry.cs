using System.Collections.Frozen;

namespace Honnin.DocumentTypes;

/// <summary>
/// The document types an issuer, wallet or verifier knows, looked up by docType, vct or alias. A registry is immutable
/// once made, so one instance can be shared by every role and thread: <see cref="CreateDefault"/> holds Honnin's
/// built-in types, <see cref="Create"/> exactly the types given, and <see cref="With"/> makes a new registry with one
/// more type, leaving the original as it was.
/// </summary>
public sealed class DocumentTypeRegistry
{
    private readonly FrozenDictionary<string, DocumentType> _byName;
    private readonly DocumentType[] _types;

    private DocumentTypeRegistry(DocumentType[] types)
    {
        var byName = new Dictionary<string, DocumentType>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            ArgumentNullException.ThrowIfNull(type, nameof(types));
            foreach (var name in (string[])[type.DocType, type.Vct, .. type.Aliases])
            {
                if (!byName.TryAdd(name, type))
                {
                    throw new ArgumentException($"Two document types are named '{name}'.", nameof(types));
                }
            }
        }

        _types = types;
        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>A registry with the built-in types (<see cref="HonninDocumentTypes.All"/>).</summary>
    /// <returns>The registry.</returns>
    public static DocumentTypeRegistry CreateDefault() => new([.. HonninDocumentTypes.All]);

    /// <summary>A registry with exactly these types, each found under its docType, its vct and its aliases.</summary>
    /// <param name="types">The types, in the order <see cref="Types"/> lists them.</param>
    /// <returns>The registry.</returns>
    /// <exception cref="ArgumentException">Two types share a name.</exception>
    public static DocumentTypeRegistry Create(IEnumerable<DocumentType> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        return new([.. types]);
    }

    /// <summary>The types, in the order they were given.</summary>
    public IReadOnlyList<DocumentType> Types => _types.AsReadOnly();

    /// <summary>A new registry with this registry's types and one more; this registry does not change.</summary>
    /// <param name="type">The added type.</param>
    /// <returns>The new registry.</returns>
    /// <exception cref="ArgumentException">One of its names is already taken.</exception>
    public DocumentTypeRegistry With(DocumentType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new([.. _types, type]);
    }

    /// <summary>Finds a type by docType, vct or alias.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type, when found.</param>
    /// <returns>Whether it was found.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DocumentType? type) =>
        _byName.TryGetValue(name, out type);
}
