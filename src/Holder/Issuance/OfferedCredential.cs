using Honnin.DocumentTypes;
using Honnin.OpenId4Vc;

namespace Honnin.Holder.Issuance;

/// <summary>
/// One credential of an offer, as the wallet shows it before the person accepts: its configuration, format and type,
/// the issuer's names for it, and — when the type is one the wallet knows — the elements a credential of that type
/// holds, with their Japanese and English names. The offer does not say which values the credential will carry.
/// </summary>
public sealed record OfferedCredential
{
    /// <summary>The configuration id, as the offer names it.</summary>
    public required string ConfigurationId { get; init; }

    /// <summary>The format.</summary>
    public required CredentialFormat Format { get; init; }

    /// <summary>The SD-JWT VC <c>vct</c> or the mdoc <c>doctype</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The issuer's names for the credential, per locale.</summary>
    public IReadOnlyList<LocalizedName> Display { get; init; } = [];

    /// <summary>The credential's name in Japanese: the issuer's, else the known document type's; null when neither names it.</summary>
    public string? NameJa { get; init; }

    /// <summary>The credential's name in English: the issuer's, else the known document type's; null when neither names it.</summary>
    public string? NameEn { get; init; }

    /// <summary>The document type, when the wallet knows it (<see cref="OpenId4VciClientOptions.DocumentTypes"/>); null otherwise.</summary>
    public DocumentType? KnownType { get; init; }

    /// <summary>The elements a credential of the known type holds (empty when the type is unknown).</summary>
    public IReadOnlyList<ElementDefinition> Elements => KnownType?.Elements ?? [];

    /// <summary>How many credentials (each bound to its own fresh device key, each presented once) the wallet will ask for.</summary>
    public required int BatchSize { get; init; }

    /// <summary>The key proof algorithm the wallet will use for the device keys (e.g. <c>ES256</c>).</summary>
    public required string ProofAlgorithm { get; init; }
}
