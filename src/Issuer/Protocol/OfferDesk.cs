using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.DocumentTypes;
using Honnin.Issuer.Logging;
using Honnin.Issuer.Offers;
using Honnin.Issuer.State;
using Honnin.Jose;
using Honnin.OpenId4Vc;
using Microsoft.Extensions.Logging;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// HR's side of offers: creating one (its claims checked against the document type now, not when the wallet comes),
/// serving it by reference, approving, withdrawing, listing. An offer's pre-authorized code is derived from its id
/// under the service's offer key, so the code itself is stored nowhere — the code store keeps its digest — and the
/// by-reference link can rebuild the offer on any instance.
/// </summary>
internal sealed class OfferDesk(OpenId4VciIssuerOptions options, IssuerStores stores, OfferCatalog catalog, byte[] offerKey, TimeProvider time, ILogger log)
{
    /// <summary>The largest claims document HR may send, in bytes.</summary>
    public const int MaxClaimsLength = 256 * 1024;

    public async Task<CreatedOffer> CreateAsync(OfferRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!catalog.Registry.TryGet(request.Type, out var type))
        {
            throw new OfferRequestException("unknown_document_type", $"'{request.Type}' is not a document type this issuer offers; it offers {string.Join(", ", catalog.Registry.Types.Select(t => t.Aliases.Count > 0 ? t.Aliases[0] : t.DocType))}.");
        }

        var configurationId = IssuerMetadataBuilder.ConfigurationId(type, request.Format);
        if (!catalog.TryGet(configurationId, out _, out _))
        {
            throw new OfferRequestException("format_not_offered", $"This issuer has no {(request.Format == CredentialFormat.Mdoc ? "mdoc" : "SD-JWT VC")} issuer configured.");
        }

        if (request.BatchSize < 1 || request.BatchSize > options.MaxBatchSize)
        {
            throw new OfferRequestException("batch_too_large", $"The batch size is between 1 and {options.MaxBatchSize}.");
        }

        var content = Content(request, type);
        var now = time.GetUtcNow();
        var offerId = OfferRecord.NewId();
        var expiresAt = now + options.OfferLifetime;
        var code = Code(offerId);
        var transactionCode = request.TransactionCode ? NewTransactionCode(options.TransactionCodeLength) : null;
        await stores.Offers.AddAsync(new OfferRecord(offerId, configurationId, content, request.BatchSize, now, expiresAt) { RequiresApproval = request.RequiresApproval }, cancellationToken).ConfigureAwait(false);
        await stores.Codes.AddAsync(new PreAuthorizedCodeGrant(code, offerId, transactionCode, expiresAt, options.MaxTransactionCodeAttempts), cancellationToken).ConfigureAwait(false);
        var offer = Offer(configurationId, code, request.TransactionCode, request.Employee is null ? null : IssuerState(offerId));
        IssuerLog.OfferCreated(log, offerId, configurationId, request.BatchSize);
        return new CreatedOffer(offerId, offer, CredentialOfferLink.ByReference(new Uri(options.CredentialIssuer.TrimEnd('/') + OpenId4VciIssuer.CredentialOfferPath + Reference(offerId, request.TransactionCode))), CredentialOfferLink.ByValue(offer), transactionCode, expiresAt);
    }

    public async Task<ProtocolResponse> ServeAsync(string reference, CancellationToken cancellationToken)
    {
        var notFound = ProtocolResponse.Failure(404, new OAuthError("invalid_request", "No such offer, or it can no longer be redeemed."));
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || reference.Length > 128)
        {
            return notFound;
        }

        var offerId = reference[..dot];
        var transactionCode = reference.Length > dot + 1 && reference[dot + 1] == 't';
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(reference), Encoding.ASCII.GetBytes(Reference(offerId, transactionCode))))
        {
            return notFound;
        }

        var offer = await stores.Offers.GetAsync(offerId, cancellationToken).ConfigureAwait(false);
        if (offer is not { State: OfferState.Offered } || offer.ExpiresAt <= time.GetUtcNow())
        {
            return notFound;
        }

        return ProtocolResponse.NoStore(200, Offer(offer.ConfigurationId, Code(offerId), transactionCode, Employee(offer) is null ? null : IssuerState(offerId)).ToJson());
    }

    public Task<bool> ApproveAsync(string offerId, CancellationToken cancellationToken) => stores.Offers.ApproveAsync(offerId, time.GetUtcNow(), cancellationToken);

    public async Task<bool> WithdrawAsync(string offerId, CancellationToken cancellationToken)
    {
        var withdrawn = await stores.Offers.WithdrawAsync(offerId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (withdrawn)
        {
            IssuerLog.OfferWithdrawn(log, offerId);
        }

        return withdrawn;
    }

    public async Task<IReadOnlyList<OfferSummary>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await stores.Offers.ListAsync(cancellationToken).ConfigureAwait(false)).Select(OfferSummary.From)];

    /// <summary>The <c>issuer_state</c> of an offer's authorization code grant: the offer id under a MAC.</summary>
    public string IssuerState(string offerId) =>
        offerId + "." + Base64Url.EncodeToString(HMACSHA256.HashData(offerKey, Encoding.UTF8.GetBytes("issuer_state\n" + offerId)).AsSpan(0, 16));

    /// <summary>The offer an <c>issuer_state</c> names, or null when it is not one this service gave.</summary>
    public string? OfferOfIssuerState(string? issuerState)
    {
        var dot = issuerState?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (issuerState is null || dot <= 0 || issuerState.Length > 128)
        {
            return null;
        }

        var offerId = issuerState[..dot];
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(issuerState), Encoding.ASCII.GetBytes(IssuerState(offerId))) ? offerId : null;
    }

    /// <summary>The employee an offer is for, when it may be fetched through the authorization code flow.</summary>
    public static string? Employee(OfferRecord offer)
    {
        if (offer.Claims is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(offer.Claims, new JsonDocumentOptions { MaxDepth = 20 });
        return document.RootElement.TryGetProperty("employee", out var employee) && employee.ValueKind == JsonValueKind.String ? employee.GetString() : null;
    }

    private CredentialOffer Offer(string configurationId, string code, bool transactionCode, string? issuerState) =>
        new(
            options.CredentialIssuer,
            [configurationId],
            AuthorizationCode: issuerState is null ? null : new AuthorizationCodeOfferGrant(issuerState),
            PreAuthorizedCode: new PreAuthorizedCodeOfferGrant(
                code,
                transactionCode ? new TransactionCodeSpec("numeric", options.TransactionCodeLength, "勤務先から別途お知らせした確認コード / The code your employer sent you separately") : null));

    private string Content(OfferRequest request, DocumentType type)
    {
        if (request.Claims.Length > MaxClaimsLength)
        {
            throw new OfferRequestException("claims_do_not_fit", $"The claims are longer than {MaxClaimsLength} characters.");
        }

        JsonNode? claims;
        try
        {
            claims = JsonNode.Parse(request.Claims, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            throw new OfferRequestException("claims_do_not_fit", "The claims are not JSON.");
        }

        using (var document = JsonDocument.Parse(request.Claims, new JsonDocumentOptions { MaxDepth = 16 }))
        {
            if (!DocumentClaims.TryFromJson(document.RootElement, type, out var parsed, out var problems, options.MyNumbers))
            {
                throw ClaimsDoNotFit(type, problems);
            }

            try
            {
                IssuanceRules.CheckClaims(catalog.Registry, type.DocType, parsed, options.MyNumbers);
            }
            catch (InvalidClaimsException e)
            {
                throw ClaimsDoNotFit(type, e.Problems);
            }
        }

        var pseudonyms = new JsonObject();
        foreach (var (domain, value) in request.Pseudonyms.OrderBy(p => p.Key.Id, StringComparer.Ordinal))
        {
            pseudonyms[domain.Id] = value;
        }

        var content = new JsonObject { ["claims"] = claims, ["pseudonyms"] = pseudonyms };
        if (request.Employee is not null)
        {
            if (request.Employee.Length is 0 or > 256)
            {
                throw new OfferRequestException("invalid_employee", "The employee id has between 1 and 256 characters.");
            }

            content["employee"] = request.Employee;
        }

        return StrictJson.Serialize(content);
    }

    private static OfferRequestException ClaimsDoNotFit(DocumentType type, IReadOnlyList<ClaimProblem> problems) =>
        new("claims_do_not_fit", $"The claims do not fit {type.DocType}: " + string.Join("; ", problems.Select(p => $"{p.Element}: {p.Code}")), problems);

    private string Code(string offerId) => Base64Url.EncodeToString(HMACSHA256.HashData(offerKey, Encoding.UTF8.GetBytes("code\n" + offerId)));

    // The reference names the offer and whether it needs a transaction code, under a MAC, so that any instance can
    // rebuild the offer from it and nobody can forge one.
    private string Reference(string offerId, bool transactionCode)
    {
        var flag = transactionCode ? "t" : "n";
        return offerId + "." + flag + Base64Url.EncodeToString(HMACSHA256.HashData(offerKey, Encoding.UTF8.GetBytes("reference\n" + flag + offerId)).AsSpan(0, 16));
    }

    private static string NewTransactionCode(int length) =>
        string.Create(length, 0, static (digits, _) =>
        {
            for (var i = 0; i < digits.Length; i++)
            {
                digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }
        });
}

/// <summary>An offer as HR lists it: no claim values, no codes.</summary>
/// <param name="OfferId">The offer.</param>
/// <param name="ConfigurationId">What it offers.</param>
/// <param name="BatchSize">How many credentials.</param>
/// <param name="State">Where it is.</param>
/// <param name="CreatedAt">When HR created it.</param>
/// <param name="ExpiresAt">When its code stops working.</param>
/// <param name="RequiresApproval">Whether it waits for HR's approval.</param>
/// <param name="ApprovedAt">When HR approved, if it did.</param>
/// <param name="ClosedAt">When it was issued or withdrawn.</param>
/// <param name="Notification">The wallet's last notification, if any.</param>
public sealed record OfferSummary(string OfferId, string ConfigurationId, int BatchSize, OfferState State, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool RequiresApproval, DateTimeOffset? ApprovedAt, DateTimeOffset? ClosedAt, string? Notification)
{
    internal static OfferSummary From(OfferRecord offer) =>
        new(offer.Id, offer.ConfigurationId, offer.BatchSize, offer.State, offer.CreatedAt, offer.ExpiresAt, offer.RequiresApproval, offer.ApprovedAt, offer.ClosedAt, offer.Notification);
}
