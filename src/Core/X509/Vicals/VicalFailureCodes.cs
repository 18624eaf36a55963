namespace Honnin.X509.Vicals;

/// <summary>
/// Stable codes of VICAL reading and verification: decoding failures in <see cref="CredentialFormatException.Code"/>,
/// verification problems in <see cref="Problem.Code"/>.
/// </summary>
public static class VicalFailureCodes
{
    /// <summary>The bytes are not a VICAL: not a COSE_Sign1 with an embedded payload, or the payload lacks a required field or has one of the wrong type.</summary>
    public const string Malformed = "vical_malformed";

    /// <summary>The VICAL's signature does not verify with the key of its x5chain leaf, or uses an algorithm other than ES256, ES384 or ES512.</summary>
    public const string SignatureInvalid = "vical_signature_invalid";

    /// <summary>The VICAL signer's certificate chain does not end at a configured VICAL signer anchor, or is not valid at the verification time.</summary>
    public const string SignerUntrusted = "vical_signer_untrusted";

    /// <summary>The verification time is past the VICAL's <c>nextUpdate</c>: a newer list should have been fetched.</summary>
    public const string Stale = "vical_stale";
}
