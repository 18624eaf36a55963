namespace Honnin.Cose;

/// <summary>Whether a COSE message carries its payload or leaves it to the context (detached, payload <c>null</c>).</summary>
public enum CosePayloadMode
{
    /// <summary>The payload is inside the message.</summary>
    Embedded,

    /// <summary>The payload is <c>null</c> in the message; both sides rebuild it (e.g. DeviceAuthenticationBytes).</summary>
    Detached,
}
