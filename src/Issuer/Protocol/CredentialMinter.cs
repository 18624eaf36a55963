using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Issuer.State;
using Honnin.Pseudonyms;
using Honnin.StatusLists;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// Signs an offer's credentials, one per holder key, in the offer's format, each with its own status list entry when
/// the service publishes a list, and the records HR lists later (ids, type, status entry, never a value). Nothing is
/// stored here: the offer's completion keeps the records, in the same transaction that marks the offer issued.
/// </summary>
internal sealed class CredentialMinter(OpenId4VciIssuerOptions options, IssuerStores stores, OfferCatalog catalog, MdocIssuer? mdoc, SdJwtVcIssuer? sdJwt, TimeProvider time)
{
    public async Task<MintedCredentials> MintAsync(OfferRecord offer, IReadOnlyList<CoseKey> keys, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(offer.ConfigurationId, out var type, out var format) || offer.Claims is null)
        {
            throw new InvalidOperationException("The offer names no configuration this service issues, or has no claims left.");
        }

        var (claims, pseudonyms) = ReadContent(offer.Claims, type);
        var ids = keys.Select(_ => OfferRecord.NewId()).ToList();
        IReadOnlyList<StatusListReference>? statuses = null;
        if (options.StatusListUri is { } listUri)
        {
            var indices = await stores.StatusLists.AllocateAsync(listUri, options.StatusListSize, ids, cancellationToken).ConfigureAwait(false);
            statuses = [.. indices.Select(i => new StatusListReference(i, listUri))];
        }

        var issuedAt = time.GetUtcNow();
        List<string> credentials;
        List<DateTimeOffset?> validUntil;
        if (format == CredentialFormat.Mdoc)
        {
            var request = new MdocIssuanceRequest(type.DocType, claims, keys[0]) { Pseudonyms = pseudonyms };
            var issued = await mdoc!.IssueBatchAsync(request, keys, statuses, cancellationToken).ConfigureAwait(false);
            credentials = [.. issued.Select(i => Base64Url.EncodeToString(i.Encode()))];
            validUntil = [.. issued.Select(i => (DateTimeOffset?)i.IssuerSigned.MobileSecurityObject.ValidityInfo.ValidUntil)];
        }
        else
        {
            var request = new SdJwtVcIssuanceRequest(type.DocType, claims, keys[0]) { Pseudonyms = pseudonyms };
            var issued = await sdJwt!.IssueBatchAsync(request, keys, statuses, cancellationToken).ConfigureAwait(false);
            credentials = [.. issued.Select(i => i.Serialize())];
            validUntil = [.. issued.Select(i => Expiry(i.SdJwt.IssuerSignatures[0]))];
        }

        var records = ids.Select((id, i) => new IssuedCredentialRecord(id, type.DocType, format, issuedAt, validUntil[i], offer.Id, statuses?[i].Uri, statuses is null ? null : (int)statuses[i].Index)).ToList();
        return new MintedCredentials(credentials, records);
    }

    private static DateTimeOffset? Expiry(Jose.CompactJws jws) =>
        jws.ReadPayloadObject()["exp"] is JsonValue exp && exp.TryGetValue<long>(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    private (DocumentClaims Claims, Dictionary<PseudonymDomain, string> Pseudonyms) ReadContent(string content, DocumentType type)
    {
        using var document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 20 });
        if (!DocumentClaims.TryFromJson(document.RootElement.GetProperty("claims"), type, out var claims, out _, options.MyNumbers))
        {
            throw new InvalidOperationException("The offer's claims no longer fit its document type.");
        }

        var pseudonyms = new Dictionary<PseudonymDomain, string>();
        if (document.RootElement.TryGetProperty("pseudonyms", out var stored))
        {
            foreach (var pseudonym in stored.EnumerateObject())
            {
                pseudonyms[PseudonymDomain.Create(pseudonym.Name)] = pseudonym.Value.GetString()!;
            }
        }

        return (claims, pseudonyms);
    }
}

/// <summary>An offer's signed credentials, as the credential response carries them, and their records.</summary>
internal sealed record MintedCredentials(IReadOnlyList<string> Credentials, IReadOnlyList<IssuedCredentialRecord> Records);
