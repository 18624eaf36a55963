namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>One small, named step of the SD-JWT VC verification pipeline.</summary>
internal interface ISdJwtCheck
{
    /// <summary>The stable name reported in <see cref="CheckOutcome.Name"/>.</summary>
    string Name { get; }

    /// <summary>Runs the check; failures are added through the context.</summary>
    CheckStatus Run(SdJwtVcContext context);
}
