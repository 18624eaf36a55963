namespace Honnin.Crypto;

/// <summary>Stable failure codes of reading a key (<see cref="CoseKey"/>), carried by <see cref="CredentialFormatException.Code"/>.</summary>
public static class CoseKeyFailureCodes
{
    /// <summary>A COSE_Key is malformed or of an unsupported type or curve.</summary>
    public const string InvalidKey = "cose_invalid_key";
}
