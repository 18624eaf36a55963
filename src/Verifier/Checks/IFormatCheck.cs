namespace Honnin.Verifier.Checks;

/// <summary>One step of a format's fixed pipeline, over that format's per-call context.</summary>
/// <typeparam name="TContext">The format's context: what the earlier steps established about one document.</typeparam>
internal interface IFormatCheck<in TContext>
{
    /// <summary>The check's name in <see cref="VerificationResult.Checks"/>.</summary>
    string Name { get; }

    /// <summary>Runs the check; a failure is reported through the context.</summary>
    CheckStatus Run(TContext context);
}
