namespace Honnin.DocumentTypes;

/// <summary>Whether an issuer must include an element.</summary>
public enum ElementPresence
{
    /// <summary>Every credential of the type carries the element.</summary>
    Mandatory,

    /// <summary>The element is included when the issuer has it.</summary>
    Optional,
}
