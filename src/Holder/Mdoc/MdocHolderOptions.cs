using Honnin.DocumentTypes;
using Honnin.X509;

namespace Honnin.Holder.Mdoc;

/// <summary>The wallet's policy for mdoc presentations.</summary>
public sealed record MdocHolderOptions
{
    /// <summary>Document types, for display names and disclosure policies. Default: Honnin's built-in types.</summary>
    public DocumentTypeRegistry DocumentTypes { get; init; } = DocumentTypeRegistry.CreateDefault();

    /// <summary>Reader roots whose readers the wallet recognises. Without them no reader counts as authenticated.</summary>
    public TrustAnchorSet? ReaderTrustAnchors { get; init; }

    /// <summary>The person's own deny list: "namespace/identifier" or bare identifiers never to release.</summary>
    public IReadOnlySet<string> DenyList { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
