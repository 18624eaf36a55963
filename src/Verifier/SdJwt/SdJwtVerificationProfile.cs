namespace Honnin.Verifier.SdJwt;

/// <summary>Which rules on top of RFC 9901 the verifier applies.</summary>
public enum SdJwtVerificationProfile
{
    /// <summary>SD-JWT VC (draft-ietf-oauth-sd-jwt-vc): <c>typ</c> <c>dc+sd-jwt</c>, <c>vct</c> required, and <c>iss</c>, <c>nbf</c>, <c>exp</c>, <c>cnf</c>, <c>vct</c>, <c>vct#integrity</c>, <c>aka_vcts</c>, <c>status</c> never selectively disclosed. The default.</summary>
    SdJwtVc,

    /// <summary>RFC 9901 only, for SD-JWTs of other profiles (such as the RFC's own <c>example+sd-jwt</c> examples): any <c>typ</c> except <c>kb+jwt</c>, no <c>vct</c> required.</summary>
    Rfc9901,
}
