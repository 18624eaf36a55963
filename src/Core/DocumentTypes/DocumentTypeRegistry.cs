namespace Honnin.DocumentTypes;

/// <summary>
/// The document types an issuer, wallet or verifier knows, looked up by docType, vct or alias. Each instance owns
/// its types: <see cref="CreateDefault"/> starts with Honnin's built-in types and callers register their own.
/// Not thread-safe while types are being registered; register at start-up, then share.
/// </summary>
public sealed class DocumentTypeRegistry
{
    private readonly Dictionary<string, DocumentType> _byName = new(StringComparer.Ordinal);
    private readonly List<DocumentType> _types = [];

    /// <summary>A registry with the built-in types (<see cref="HonninDocumentTypes.All"/>).</summary>
    /// <returns>The registry.</returns>
    public static DocumentTypeRegistry CreateDefault()
    {
        var registry = new DocumentTypeRegistry();
        foreach (var type in HonninDocumentTypes.All)
        {
            registry.Register(type);
        }

        return registry;
    }

    /// <summary>The registered types, in registration order.</summary>
    public IReadOnlyList<DocumentType> Types => _types.AsReadOnly();

    /// <summary>Registers a type under its docType, its vct and its aliases.</summary>
    /// <param name="type">The type.</param>
    /// <exception cref="ArgumentException">One of its names is already taken.</exception>
    public void Register(DocumentType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        string[] names = [type.DocType, type.Vct, .. type.Aliases];
        foreach (var name in names)
        {
            if (_byName.ContainsKey(name))
            {
                throw new ArgumentException($"A document type is already registered under '{name}'.", nameof(type));
            }
        }

        foreach (var name in names)
        {
            _byName[name] = type;
        }

        _types.Add(type);
    }

    /// <summary>Finds a type by docType, vct or alias.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type, when found.</param>
    /// <returns>Whether it was found.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DocumentType? type) =>
        _byName.TryGetValue(name, out type);
}
