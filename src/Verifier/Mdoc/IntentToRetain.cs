namespace Honnin.Verifier.Mdoc;

/// <summary>Whether the verifier keeps an element's value after the transaction (ISO 18013-5 IntentToRetain).</summary>
public enum IntentToRetain
{
    /// <summary>The value is used for this transaction only.</summary>
    DoNotRetain,

    /// <summary>The value is kept.</summary>
    Retain,
}
