using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using Honnin.Cbor;

namespace Honnin.DocumentTypes;

/// <summary>
/// The claims of one credential: namespace → element identifier → typed value, in the order given. Build it in
/// code with <see cref="Add"/>, or from JSON with <see cref="TryFromJson"/>; check it with <see cref="Validate"/>.
/// <see cref="AsReadOnly"/> gives a copy that can no longer change, which is what an issuance request keeps.
/// </summary>
public sealed class DocumentClaims
{
    private readonly Dictionary<string, Dictionary<string, CborValue>> _nameSpaces = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private bool _readOnly;

    /// <summary>Whether these claims can no longer change (<see cref="Add"/> throws).</summary>
    public bool IsReadOnly => _readOnly;

    /// <summary>The claims per namespace.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, CborValue>> NameSpaces =>
        new ReadOnlyDictionary<string, IReadOnlyDictionary<string, CborValue>>(
            _order.ToDictionary(ns => ns, ns => (IReadOnlyDictionary<string, CborValue>)new ReadOnlyDictionary<string, CborValue>(_nameSpaces[ns]), StringComparer.Ordinal));

    /// <summary>The number of claims.</summary>
    public int Count => _nameSpaces.Values.Sum(n => n.Count);

    /// <summary>Adds a claim.</summary>
    /// <param name="nameSpace">The namespace.</param>
    /// <param name="identifier">The element identifier.</param>
    /// <param name="value">The value.</param>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">The claim is already present.</exception>
    /// <exception cref="InvalidOperationException">These claims are read-only.</exception>
    public DocumentClaims Add(string nameSpace, string identifier, CborValue value)
    {
        if (_readOnly)
        {
            throw new InvalidOperationException("These claims are read-only (an issuance request keeps its own copy); build a new DocumentClaims.");
        }

        ArgumentException.ThrowIfNullOrEmpty(nameSpace);
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        ArgumentNullException.ThrowIfNull(value);
        if (!_nameSpaces.TryGetValue(nameSpace, out var elements))
        {
            elements = new Dictionary<string, CborValue>(StringComparer.Ordinal);
            _nameSpaces[nameSpace] = elements;
            _order.Add(nameSpace);
        }

        if (!elements.TryAdd(identifier, value))
        {
            throw new ArgumentException($"The claim '{nameSpace}/{identifier}' is already present.", nameof(identifier));
        }

        return this;
    }

    /// <summary>A copy of these claims that can no longer change; this instance when it is already read-only.</summary>
    /// <returns>The read-only claims.</returns>
    public DocumentClaims AsReadOnly()
    {
        if (_readOnly)
        {
            return this;
        }

        var copy = new DocumentClaims();
        foreach (var nameSpace in _order)
        {
            foreach (var (identifier, value) in _nameSpaces[nameSpace])
            {
                copy.Add(nameSpace, identifier, value);
            }
        }

        copy._readOnly = true;
        return copy;
    }

    /// <summary>Whether a claim is present.</summary>
    /// <param name="nameSpace">The namespace.</param>
    /// <param name="identifier">The identifier.</param>
    /// <returns>True when present.</returns>
    public bool Contains(string nameSpace, string identifier) =>
        _nameSpaces.TryGetValue(nameSpace, out var elements) && elements.ContainsKey(identifier);

    /// <summary>
    /// Reads claims from JSON whose keys are element identifiers (or "namespace/identifier", or a namespace whose value
    /// is an object of its elements), converting each value to the element's type: dates as "YYYY-MM-DD", amounts
    /// as integers, bytes as base64url. Problems name the element and what is wrong, never the value.
    /// </summary>
    /// <param name="json">A JSON object.</param>
    /// <param name="type">The document type.</param>
    /// <param name="claims">The claims, when there is no problem.</param>
    /// <param name="problems">The problems found (empty on success).</param>
    /// <param name="myNumberPolicy">Whether <c>individual_number*</c> elements may be read; <see cref="MyNumberPolicy.Refuse"/> when null.</param>
    /// <returns>Whether the JSON could be read without problems.</returns>
    public static bool TryFromJson(JsonElement json, DocumentType type, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DocumentClaims? claims, out IReadOnlyList<ClaimProblem> problems, MyNumberPolicy? myNumberPolicy = null)
    {
        myNumberPolicy ??= MyNumberPolicy.Refuse;
        ArgumentNullException.ThrowIfNull(type);
        var found = new List<ClaimProblem>();
        var result = new DocumentClaims();
        if (json.ValueKind != JsonValueKind.Object)
        {
            found.Add(new ClaimProblem("(root)", ClaimProblemCodes.WrongType, "The claims must be a JSON object."));
        }
        else
        {
            var nameSpaces = type.NameSpaces.ToHashSet(StringComparer.Ordinal);
            foreach (var property in json.EnumerateObject())
            {
                if (nameSpaces.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var inner in property.Value.EnumerateObject())
                    {
                        AddFromJson(result, type, property.Name + "/" + inner.Name, inner.Value, found, myNumberPolicy);
                    }
                }
                else
                {
                    AddFromJson(result, type, property.Name, property.Value, found, myNumberPolicy);
                }
            }
        }

        problems = found.AsReadOnly();
        claims = found.Count == 0 ? result : null;
        return claims is not null;
    }

    /// <summary>
    /// Checks the claims against a document type: every element defined, of the right type and format, every mandatory
    /// element present, and no My Number unless the policy states a legal basis.
    /// </summary>
    /// <param name="type">The document type.</param>
    /// <param name="myNumberPolicy">The My Number policy; <see cref="MyNumberPolicy.Refuse"/> when null.</param>
    /// <returns>The problems (empty when the claims are valid).</returns>
    public IReadOnlyList<ClaimProblem> Validate(DocumentType type, MyNumberPolicy? myNumberPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        myNumberPolicy ??= MyNumberPolicy.Refuse;
        var problems = new List<ClaimProblem>();
        foreach (var nameSpace in _order)
        {
            foreach (var (identifier, value) in _nameSpaces[nameSpace])
            {
                var name = nameSpace + "/" + identifier;
                if (myNumberPolicy.LegalBasis is null && (IsMyNumberName(identifier) || ContainsMyNumber(value)))
                {
                    problems.Add(new ClaimProblem(name, ClaimProblemCodes.MyNumberRefused, $"'{name}' is or holds a My Number (個人番号); issuance refuses it unless a legal basis is stated."));
                    continue;
                }

                if (!type.TryGetElement(nameSpace, identifier, out var element))
                {
                    problems.Add(new ClaimProblem(name, ClaimProblemCodes.UnknownElement, $"'{name}' is not an element of {type.DocType}."));
                    continue;
                }

                CheckValue(element, value, problems);
            }
        }

        foreach (var element in type.Elements)
        {
            if (element.Presence == ElementPresence.Mandatory && !Contains(element.NameSpace, element.Identifier))
            {
                problems.Add(new ClaimProblem(element.QualifiedName, ClaimProblemCodes.MissingElement, $"'{element.QualifiedName}' ({element.DisplayNameJa}) is mandatory for {type.DocType}."));
            }
        }

        return problems.AsReadOnly();
    }

    private static void CheckValue(ElementDefinition element, CborValue value, List<ClaimProblem> problems)
    {
        var ok = element.Type switch
        {
            ElementType.Text => value is CborTextString,
            ElementType.UnsignedInteger => value is CborInteger integer && integer.Value >= 0,
            ElementType.Boolean => value is CborBoolean,
            ElementType.FullDate => value is CborFullDate,
            ElementType.DateTime => value is CborDateTime,
            ElementType.Bytes => value is CborByteString,
            ElementType.Map => value is CborMap,
            ElementType.Array => value is CborArray,
            _ => false,
        };
        if (!ok)
        {
            problems.Add(new ClaimProblem(element.QualifiedName, ClaimProblemCodes.WrongType, $"'{element.QualifiedName}' must be {Describe(element.Type)}, not {value.Kind}."));
            return;
        }

        if (value is CborTextString text)
        {
            if (element.AllowedValues is { } allowed && !allowed.Contains(text.Value, StringComparer.Ordinal))
            {
                problems.Add(new ClaimProblem(element.QualifiedName, ClaimProblemCodes.InvalidValue, $"'{element.QualifiedName}' must be one of: {string.Join(", ", allowed)}."));
            }

            if (element.Pattern is { } pattern && !pattern.IsMatch(text.Value))
            {
                problems.Add(new ClaimProblem(element.QualifiedName, ClaimProblemCodes.InvalidValue, $"'{element.QualifiedName}' must be {element.FormatDescription ?? "in the element's format"}."));
            }
        }
    }

    private static bool IsMyNumberName(string identifier) =>
        identifier.Normalize(System.Text.NormalizationForm.FormKC).StartsWith("individual_number", StringComparison.OrdinalIgnoreCase);

    private static bool ContainsMyNumber(CborValue value) => value switch
    {
        CborTextString text => MyNumberPolicy.ContainsMyNumber(text.Value),

        // 11 digits too: a My Number that starts with 0 loses that digit as an integer.
        CborInteger integer => integer.Value >= 10_000_000_000 && integer.Value <= 999_999_999_999 && MyNumberPolicy.IsMyNumber(integer.Value.ToString("D12", CultureInfo.InvariantCulture)),
        CborArray array => array.Items.Any(ContainsMyNumber),
        CborMap map => map.Entries.Any(e => ContainsMyNumber(e.Key) || ContainsMyNumber(e.Value)),
        _ => false,
    };

    private static string Describe(ElementType type) => type switch
    {
        ElementType.Text => "a text",
        ElementType.UnsignedInteger => "a non-negative integer",
        ElementType.Boolean => "true or false",
        ElementType.FullDate => "a date \"YYYY-MM-DD\"",
        ElementType.DateTime => "an RFC 3339 date-time",
        ElementType.Bytes => "base64url bytes",
        ElementType.Map => "an object",
        ElementType.Array => "an array",
        _ => type.ToString(),
    };

    private static void AddFromJson(DocumentClaims claims, DocumentType type, string name, JsonElement value, List<ClaimProblem> problems, MyNumberPolicy myNumberPolicy)
    {
        var matches = type.FindElements(name);
        if (matches.Count == 0)
        {
            var slash = name.LastIndexOf('/');
            var identifier = slash >= 0 ? name[(slash + 1)..] : name;
            if (identifier.StartsWith("individual_number", StringComparison.Ordinal) && myNumberPolicy.LegalBasis is null)
            {
                problems.Add(new ClaimProblem(name, ClaimProblemCodes.MyNumberRefused, $"'{name}' is a My Number (個人番号) element; issuance refuses it unless a legal basis is stated."));
                return;
            }

            problems.Add(new ClaimProblem(name, ClaimProblemCodes.UnknownElement, $"'{name}' is not an element of {type.DocType}."));
            return;
        }

        if (matches.Count > 1)
        {
            problems.Add(new ClaimProblem(name, ClaimProblemCodes.AmbiguousElement, $"'{name}' is defined in several namespaces ({string.Join(", ", matches.Select(m => m.NameSpace))}); write it as namespace/identifier."));
            return;
        }

        var element = matches[0];
        if (claims.Contains(element.NameSpace, element.Identifier))
        {
            problems.Add(new ClaimProblem(element.QualifiedName, ClaimProblemCodes.DuplicateElement, $"'{element.QualifiedName}' is given twice."));
            return;
        }

        var converted = Convert(element, value);
        if (converted is null)
        {
            problems.Add(new ClaimProblem(element.QualifiedName, ClaimProblemCodes.WrongType, $"'{element.QualifiedName}' must be {Describe(element.Type)}."));
            return;
        }

        claims.Add(element.NameSpace, element.Identifier, converted);
    }

    private static CborValue? Convert(ElementDefinition element, JsonElement value) => element.Type switch
    {
        ElementType.Text => value.ValueKind == JsonValueKind.String ? new CborTextString(value.GetString()!) : null,
        ElementType.UnsignedInteger => value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number) ? new CborInteger(number) : null,
        ElementType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? CborBoolean.From(value.GetBoolean()) : null,
        ElementType.FullDate => value.ValueKind == JsonValueKind.String && CborFullDate.TryParse(value.GetString()!, out var date) ? new CborFullDate(date) : null,
        ElementType.DateTime => value.ValueKind == JsonValueKind.String ? CborDateTime.TryParse(value.GetString()!) : null,
        ElementType.Bytes => value.ValueKind == JsonValueKind.String && TryBase64Url(value.GetString()!, out var bytes) ? new CborByteString(bytes) : null,
        ElementType.Map => value.ValueKind == JsonValueKind.Object ? CborJsonReader.FromJson(value) : null,
        ElementType.Array => value.ValueKind == JsonValueKind.Array ? CborJsonReader.FromJson(value) : null,
        _ => null,
    };

    private static bool TryBase64Url(string text, out byte[] bytes)
    {
        try
        {
            bytes = System.Buffers.Text.Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
