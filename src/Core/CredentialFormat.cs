namespace Honnin;

/// <summary>The credential formats Honnin verifies.</summary>
public enum CredentialFormat
{
    /// <summary>ISO/IEC 18013-5 / 23220 mdoc (DeviceResponse).</summary>
    Mdoc,

    /// <summary>SD-JWT VC (RFC 9901 with draft-ietf-oauth-sd-jwt-vc).</summary>
    SdJwtVc,
}
