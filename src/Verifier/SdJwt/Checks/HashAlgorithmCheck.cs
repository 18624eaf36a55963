using Honnin.SdJwt;

namespace Honnin.Verifier.SdJwt.Checks;

/// <summary><c>_sd_alg</c> (or the default <c>sha-256</c>) is one the verifier accepts, compared exactly and case-sensitively.</summary>
internal sealed class HashAlgorithmCheck : ISdJwtCheck
{
    public string Name => "sd_alg";

    public CheckStatus Run(SdJwtVcContext context) =>
        context.SdJwt.HashAlgorithm is not null && context.Options.AllowedHashAlgorithms.Contains(context.SdJwt.HashAlgorithmName)
            ? CheckStatus.Passed
            : context.Fail(SdJwtFailureCodes.HashAlgorithmNotAccepted, "'_sd_alg' names a hash algorithm the verifier does not accept.");
}
