namespace Honnin.Verifier;

/// <summary>Stable codes of <see cref="IssuerTrust"/>, carried by <see cref="CredentialFormatException.Code"/>.</summary>
public static class TrustFileCodes
{
    /// <summary>A trust input is not a PEM or DER certificate, a public JWK or a JWK Set.</summary>
    public const string Unreadable = "trust_file_unreadable";

    /// <summary>A trust input is a kind this version does not take: an end-entity certificate to pin, or a VICAL.</summary>
    public const string UnsupportedTrust = "trust_file_unsupported";
}
