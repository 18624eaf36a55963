namespace Honnin.Issuer.SdJwt;

/// <summary>An issued SD-JWT VC with every disclosure, for the holder's wallet.</summary>
public sealed class IssuedSdJwtVc
{
    internal IssuedSdJwtVc(string vct, Honnin.SdJwt.SelectiveDisclosureJwt sdJwt)
    {
        Vct = vct;
        SdJwt = sdJwt;
    }

    /// <summary>The credential type.</summary>
    public string Vct { get; }

    /// <summary>The SD-JWT (issuer-signed JWT and all disclosures, no key binding).</summary>
    public Honnin.SdJwt.SelectiveDisclosureJwt SdJwt { get; }

    /// <summary>The compact serialization handed to the wallet: <c>JWT~disclosure~…~</c>.</summary>
    /// <returns>The text.</returns>
    public string Serialize() => SdJwt.Serialize();

    /// <summary>The vct, never the claims.</summary>
    public override string ToString() => "IssuedSdJwtVc(" + Vct + ")";
}
