using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>CBOR <c>true</c> or <c>false</c>.</summary>
public sealed class CborBoolean : CborValue
{
    /// <summary>CBOR <c>true</c>.</summary>
    public static CborBoolean True => new(value: true);

    /// <summary>CBOR <c>false</c>.</summary>
    public static CborBoolean False => new(value: false);

    private CborBoolean(bool value) => Value = value;

    /// <summary>The value.</summary>
    public bool Value { get; }

    /// <summary>Returns the CBOR boolean for a .NET boolean.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see cref="True"/> or <see cref="False"/>.</returns>
    public static CborBoolean From(bool value) => value ? True : False;

    /// <inheritdoc/>
    public override CborValueKind Kind => CborValueKind.Boolean;

    private protected override void WriteContent(CborWriter writer) => writer.WriteBoolean(Value);
}
