namespace Honnin.Issuer.SdJwt;

/// <summary>
/// How an <see cref="SdJwtVcIssuer"/> signs and what it writes; validated when the issuer is built. With an empty
/// <see cref="IssuerOptions.CertificateChain"/> the header carries the signer's <c>kid</c> instead, and verifiers are
/// given the issuer key.
/// </summary>
public sealed record SdJwtVcIssuerOptions : IssuerOptions
{
    /// <summary>The <c>iss</c> claim: the issuer's identifier (an https URL, or the name verifiers know it by). Required.</summary>
    public required string Issuer { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ArgumentException.ThrowIfNullOrWhiteSpace(Issuer);
    }
}
