using Honnin.DocumentTypes;
using Honnin.X509;

namespace Honnin.Holder;

/// <summary>The wallet's policy for presentations, in every format.</summary>
public sealed record HolderOptions
{
    /// <summary>The longest lifetime (<c>exp</c> − <c>iat</c>) a signed request may declare; longer ones are refused. Default 10 minutes.</summary>
    public static readonly TimeSpan DefaultMaxRequestLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Document types, for display names and disclosure policies. Default: Honnin's built-in types.</summary>
    public DocumentTypeRegistry DocumentTypes { get; init; } = DocumentTypeRegistry.CreateDefault();

    /// <summary>
    /// Reader roots: a verifier whose certificate chains to one of them is <em>authenticated</em> (the wallet knows who
    /// asks), but a registration its certificate carries is not believed. Without reader or registrar roots no
    /// verifier counts as authenticated.
    /// </summary>
    public TrustAnchorSet? ReaderTrustAnchors { get; init; }

    /// <summary>
    /// Registrar roots: a verifier whose certificate chains to one of them is authenticated <em>and</em> its
    /// registration (domains, purpose, elements) is believed. Only a registration read from such a certificate lets a
    /// domain pseudonym go to a verifier; a reader root cannot register anyone.
    /// </summary>
    public TrustAnchorSet? RegistrarTrustAnchors { get; init; }

    /// <summary>
    /// The person's own deny list: "namespace/identifier", bare identifiers, SD-JWT claim paths (e.g. <c>pseudonyms.tax</c>,
    /// <c>pseudonyms</c>, <c>dependents_list[0]</c> or <c>dependents_list[*].full_name</c>) or a whole namespace, never to
    /// release. A path entry denies everything inside it and every request that would reveal any of it: a parent path,
    /// a wildcard, or an mdoc element of which it names a part. Entries match in any case and in full-width forms
    /// (NFKC), as a person may type them.
    /// </summary>
    public IReadOnlySet<string> DenyList { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The longest lifetime (<c>exp</c> − <c>iat</c>) a signed request may declare; longer ones are refused as not fresh.</summary>
    public TimeSpan MaxRequestLifetime { get; init; } = DefaultMaxRequestLifetime;

    /// <summary>The clock difference tolerated when checking a request's <c>iat</c> and <c>exp</c>. Default 1 minute.</summary>
    public TimeSpan RequestClockSkew { get; init; } = TimeSpan.FromMinutes(1);
}
