namespace Honnin.Verifier.Mdoc.Checks;

/// <summary>One small, named step of the mdoc verification pipeline.</summary>
internal interface IMdocCheck
{
    /// <summary>The stable name reported in <see cref="CheckOutcome.Name"/>.</summary>
    string Name { get; }

    /// <summary>Runs the check; failures are added through the context.</summary>
    CheckStatus Run(MdocDocumentContext context);
}
