using Honnin.Verifier.Checks;

namespace Honnin.Verifier.Mdoc.Checks;

/// <summary>One small, named step of the mdoc verification pipeline.</summary>
internal interface IMdocCheck : IFormatCheck<MdocDocumentContext>
{
}
