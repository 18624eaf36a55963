namespace Honnin.Verifier;

/// <summary>Stable codes of <see cref="IssuerTrust"/>, carried by <see cref="CredentialFormatException.Code"/>.</summary>
public static class TrustFileCodes
{
    /// <summary>A trust input is not a PEM or DER certificate, a public JWK, a JWK Set or a VICAL.</summary>
    public const string Unreadable = "trust_file_unreadable";

    /// <summary>A VICAL was given, but no VICAL signer to check it with, and unverified VICALs are not accepted.</summary>
    public const string VicalUnverified = "trust_file_vical_unverified";

    /// <summary>A VICAL's signature or signer chain does not verify, or the list is stale; the message names the VICAL codes.</summary>
    public const string VicalNotTrusted = "trust_file_vical_not_trusted";
}
