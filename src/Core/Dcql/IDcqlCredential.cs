using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Honnin.SdJwt;

namespace Honnin.Dcql;

/// <summary>
/// One credential as DCQL sees it, whatever its format: for a wallet, a credential it holds with all its claims; for a
/// verifier, what one verified presentation disclosed. <see cref="DcqlCredential"/> makes one from an SD-JWT VC payload
/// or from mdoc element values; other implementations adapt other stores.
/// </summary>
public interface IDcqlCredential
{
    /// <summary>The Credential Format Identifier, e.g. <see cref="DcqlFormats.Mdoc"/> or <see cref="DcqlFormats.SdJwtVc"/>.</summary>
    string Format { get; }

    /// <summary>The credential type: the doctype of an mdoc, the <c>vct</c> of an SD-JWT VC; null when it has none.</summary>
    string? Type { get; }

    /// <summary>Whether the credential (or the presentation) has cryptographic holder binding.</summary>
    DcqlHolderBinding HolderBinding { get; }

    /// <summary>
    /// The selectively disclosable claims this credential reveals: for a verifier, every claim a Disclosure or an mdoc
    /// element of the presentation revealed, which the VP Token check holds against what the query asked for.
    /// </summary>
    IReadOnlyList<ClaimPath> DisclosedClaims { get; }

    /// <summary>
    /// Processes a claims path pointer (OpenID4VP 1.0 §7): the selected values as JSON (mdoc values converted from CBOR),
    /// or false when processing ends in an error (nothing selected, or a step that does not fit the value).
    /// </summary>
    /// <param name="path">The pointer.</param>
    /// <param name="values">The selected values (null entries are JSON nulls), at least one, when it succeeds.</param>
    /// <returns>Whether the pointer selects anything.</returns>
    bool TrySelect(ClaimPath path, [NotNullWhen(true)] out IReadOnlyList<JsonNode?>? values);
}
