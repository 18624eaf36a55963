namespace Honnin.DocumentTypes;

/// <summary>Stable codes of <see cref="ClaimProblem"/>.</summary>
public static class ClaimProblemCodes
{
    /// <summary>The document type does not define the element.</summary>
    public const string UnknownElement = "unknown_element";

    /// <summary>The element name matches elements of several namespaces; use "namespace/identifier".</summary>
    public const string AmbiguousElement = "ambiguous_element";

    /// <summary>A mandatory element is missing.</summary>
    public const string MissingElement = "missing_element";

    /// <summary>The value has the wrong type.</summary>
    public const string WrongType = "wrong_type";

    /// <summary>The value is not one of the allowed values, or does not match the element's format.</summary>
    public const string InvalidValue = "invalid_value";

    /// <summary>The element is given twice.</summary>
    public const string DuplicateElement = "duplicate_element";

    /// <summary>A My Number (個人番号) was given without a stated legal basis.</summary>
    public const string MyNumberRefused = "my_number_refused";
}
