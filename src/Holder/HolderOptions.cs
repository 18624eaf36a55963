using Honnin.DocumentTypes;
using Honnin.X509;

namespace Honnin.Holder;

/// <summary>The wallet's policy for presentations, in every format.</summary>
public sealed record HolderOptions
{
    /// <summary>Document types, for display names and disclosure policies. Default: Honnin's built-in types.</summary>
    public DocumentTypeRegistry DocumentTypes { get; init; } = DocumentTypeRegistry.CreateDefault();

    /// <summary>
    /// Reader and registrar roots whose verifiers the wallet recognises. Without them no reader counts as authenticated,
    /// and no registration (and so no domain pseudonym) is accepted.
    /// </summary>
    public TrustAnchorSet? ReaderTrustAnchors { get; init; }

    /// <summary>
    /// Whether elements asked by a verifier without a registration are left out unless the person adds them. Default
    /// false: only domain pseudonyms need a registration.
    /// </summary>
    public bool RequireRegistration { get; init; }

    /// <summary>The person's own deny list: "namespace/identifier" or bare identifiers never to release.</summary>
    public IReadOnlySet<string> DenyList { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
