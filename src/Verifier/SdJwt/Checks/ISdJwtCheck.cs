using Honnin.Verifier.Checks;

namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>One small, named step of the SD-JWT VC verification pipeline.</summary>
internal interface ISdJwtCheck : IFormatCheck<SdJwtVcContext>
{
}
