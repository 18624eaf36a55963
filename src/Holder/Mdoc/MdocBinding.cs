using Honnin.Mdoc;

namespace Honnin.Holder.Mdoc;

/// <summary>What an mdoc response to a planned request is bound to: the session transcript the request was verified over.</summary>
/// <param name="Transcript">The session transcript.</param>
internal sealed record MdocBinding(SessionTranscript Transcript);
