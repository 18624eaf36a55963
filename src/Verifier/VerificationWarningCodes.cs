namespace Honnin.Verifier;

/// <summary>
/// Stable codes of <see cref="VerificationWarning"/>. A warning code names what was observed; where the same observation
/// fails verification under a stricter policy, the failure carries the same code.
/// </summary>
public static class VerificationWarningCodes
{
    /// <summary>
    /// mdoc: the response holds integers, lengths or tags that are not in their shortest encoding (ISO/IEC 18013-5 clause
    /// 8.1 asks for preferred serialization). Accepted because digests, signatures and MACs are computed over the received
    /// bytes and keys are compared as decoded values; refused with the same code when
    /// <see cref="Mdoc.MdocVerifierOptions.AcceptNonShortestEncoding"/> is false.
    /// </summary>
    public const string NonShortestEncoding = Cbor.CborFailureCodes.NonShortestEncoding;

    /// <summary>
    /// SD-JWT VC: the Issuer-signed JWT has the pre-November-2024 <c>typ</c> <c>vc+sd-jwt</c>, accepted because
    /// <see cref="SdJwt.SdJwtVcVerifierOptions.AcceptLegacyVcSdJwtTyp"/> is set.
    /// </summary>
    public const string LegacyType = "sdjwt_legacy_typ";
}
