using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Issuer.Offers;
using Honnin.Issuer.Protocol;
using Honnin.Issuer.State;
using Honnin.Issuer.StatusLists;
using Honnin.Jose;
using Honnin.Pseudonyms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Honnin.AspNetCore;

/// <summary>
/// Maps the HR system's admin API: create an offer, list offers and issued credentials (never a claim value), approve a
/// deferred issuance, withdraw an offer, and revoke, suspend or reinstate issued credentials. Every route needs the
/// admin token (<see cref="IssuerServiceOptions.AdminToken"/>) unless the host brings its own authorization.
/// </summary>
public static class HonninIssuerAdminEndpoints
{
    /// <summary>Maps the admin routes under <paramref name="prefix"/>.</summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">The routes' prefix.</param>
    /// <returns>The group, for the host's own authorization or network restrictions.</returns>
    public static RouteGroupBuilder MapHonninIssuerAdmin(this IEndpointRouteBuilder endpoints, string prefix = "/admin")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var issuer = endpoints.ServiceProvider.GetRequiredService<OpenId4VciIssuer>();
        var options = endpoints.ServiceProvider.GetRequiredService<IssuerServiceOptions>();
        var stores = endpoints.ServiceProvider.GetRequiredService<IssuerStores>();
        var group = endpoints.MapGroup(prefix);
        if (options.AdminToken is { } token)
        {
            AdminToken.Require(group, token);
        }

        group.MapPost("/offers", async (HttpContext context) =>
        {
            var body = await HttpBodies.ReadAsync(context.Request, options.MaxRequestBody, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                return Problem(413, "too_large", $"The body is larger than {options.MaxRequestBody} bytes.");
            }

            if (!TryReadOffer(body, out var request, out var problem))
            {
                return Problem(400, "invalid_offer_request", problem);
            }

            try
            {
                var created = await issuer.CreateOfferAsync(request, context.RequestAborted).ConfigureAwait(false);
                var json = new JsonObject
                {
                    ["offer_id"] = created.OfferId,
                    ["offer"] = created.Link,
                    ["offer_by_value"] = created.LinkByValue,
                    ["tx_code"] = created.TransactionCode,
                    ["expires_at"] = created.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                };
                return Results.Text(StrictJson.Serialize(json), "application/json", statusCode: 201);
            }
            catch (OfferRequestException e)
            {
                return Problem(400, e.Code, e.Message, new JsonArray([.. e.Problems.Select(p => (JsonNode)new JsonObject { ["element"] = p.Element, ["code"] = p.Code })]));
            }
        });
        group.MapGet("/offers", async (HttpContext context) =>
        {
            var offers = await issuer.ListOffersAsync(context.RequestAborted).ConfigureAwait(false);
            return Json(new JsonObject { ["offers"] = new JsonArray([.. offers.Select(o => (JsonNode)OfferJson(o))]) });
        });
        group.MapPost("/offers/{offerId}/approve", async (HttpContext context, string offerId) =>
            await issuer.ApproveAsync(offerId, context.RequestAborted).ConfigureAwait(false) ? Results.NoContent() : Problem(409, "not_approvable", "No open offer with that id needs approval."));
        group.MapPost("/offers/{offerId}/withdraw", async (HttpContext context, string offerId) =>
            await issuer.WithdrawAsync(offerId, context.RequestAborted).ConfigureAwait(false) ? Results.NoContent() : Problem(409, "not_withdrawable", "No open offer has that id."));
        group.MapGet("/credentials", async (HttpContext context, string? offer_id) =>
        {
            var records = await stores.Issued.ListAsync(offer_id, context.RequestAborted).ConfigureAwait(false);
            return Json(new JsonObject { ["credentials"] = new JsonArray([.. records.Select(r => (JsonNode)RecordJson(r))]) });
        });
        group.MapPost("/status", async (HttpContext context) =>
        {
            var publisher = context.RequestServices.GetService<StatusListPublisher>();
            if (publisher is null || issuer.Options.StatusListUri is null)
            {
                return Problem(404, "no_status_list", "This issuer publishes no status list, so its credentials cannot be revoked.");
            }

            var body = await HttpBodies.ReadAsync(context.Request, 16 * 1024, context.RequestAborted).ConfigureAwait(false);
            if (body is null || !StrictJson.TryParse(body, out var node, out _) || node is not JsonObject json
                || Text(json, "change") is not { } changeName || !TryChange(changeName, out var change)
                || (Text(json, "credential_id") is null) == (Text(json, "offer_id") is null))
            {
                return Problem(400, "invalid_status_request", "Send {\"change\": \"revoke\"|\"suspend\"|\"reinstate\"} with exactly one of credential_id and offer_id.");
            }

            var changed = await publisher.ChangeAsync(stores.Issued, change, Text(json, "credential_id"), Text(json, "offer_id"), context.RequestAborted).ConfigureAwait(false);
            return Json(new JsonObject { ["changed"] = new JsonArray([.. changed.Select(id => (JsonNode)id)]) });
        });
        return group;
    }

    private static bool TryReadOffer(byte[] body, out OfferRequest request, out string problem)
    {
        request = null!;
        problem = "The body is a JSON object: {\"type\", \"format\": \"mdoc\"|\"sd-jwt\", \"claims\": {…}, \"batch_size\", \"tx_code\", \"requires_approval\", \"pseudonyms\", \"employee\"}.";
        if (!StrictJson.TryParse(body, out var node, out _, new StrictJsonOptions { MaxInputLength = body.Length + 1, MaxDepth = 20 }) || node is not JsonObject json
            || Text(json, "type") is not { Length: > 0 } type || json["claims"] is not JsonObject claims)
        {
            return false;
        }

        var format = Text(json, "format") ?? "sd-jwt";
        if (format is not ("mdoc" or "sd-jwt"))
        {
            problem = "The format is mdoc or sd-jwt.";
            return false;
        }

        var pseudonyms = new Dictionary<PseudonymDomain, string>();
        if (json["pseudonyms"] is JsonObject given)
        {
            foreach (var (domain, value) in given)
            {
                if (!PseudonymDomain.TryCreate(domain, out var parsed) || value is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
                {
                    problem = "The pseudonyms are an object of domain ids to pseudonym strings.";
                    return false;
                }

                pseudonyms[parsed] = text.GetValue<string>();
            }
        }

        request = new OfferRequest(type, format == "mdoc" ? CredentialFormat.Mdoc : CredentialFormat.SdJwtVc, StrictJson.Serialize(claims))
        {
            BatchSize = json["batch_size"] is JsonValue size && size.TryGetValue<int>(out var batch) ? batch : 1,
            TransactionCode = Flag(json, "tx_code"),
            RequiresApproval = Flag(json, "requires_approval"),
            Pseudonyms = pseudonyms,
            Employee = Text(json, "employee"),
        };
        return true;
    }

    private static bool TryChange(string name, out StatusChange change)
    {
        (var known, change) = name switch
        {
            "revoke" => (true, StatusChange.Revoke),
            "suspend" => (true, StatusChange.Suspend),
            "reinstate" => (true, StatusChange.Reinstate),
            _ => (false, StatusChange.Revoke),
        };
        return known;
    }

    private static JsonObject OfferJson(OfferSummary offer) => new()
    {
        ["offer_id"] = offer.OfferId,
        ["configuration_id"] = offer.ConfigurationId,
        ["batch_size"] = offer.BatchSize,
        ["state"] = offer.State.ToString().ToLowerInvariant(),
        ["created_at"] = Time(offer.CreatedAt),
        ["expires_at"] = Time(offer.ExpiresAt),
        ["requires_approval"] = offer.RequiresApproval,
        ["approved_at"] = Time(offer.ApprovedAt),
        ["closed_at"] = Time(offer.ClosedAt),
        ["notification"] = offer.Notification,
    };

    private static JsonObject RecordJson(IssuedCredentialRecord record) => new()
    {
        ["credential_id"] = record.Id,
        ["doc_type"] = record.DocType,
        ["format"] = record.Format == CredentialFormat.Mdoc ? "mdoc" : "sd-jwt",
        ["issued_at"] = Time(record.IssuedAt),
        ["valid_until"] = Time(record.ValidUntil),
        ["offer_id"] = record.OfferId,
        ["status_list"] = record.StatusListId,
        ["status_index"] = record.StatusIndex,
    };

    private static string? Time(DateTimeOffset? time) => time?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static bool Flag(JsonObject json, string name) => json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    private static string? Text(JsonObject json, string name) => json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static IResult Json(JsonObject json) => Results.Text(StrictJson.Serialize(json), "application/json");

    private static IResult Problem(int status, string code, string description, JsonArray? problems = null) => AdminToken.Problem(status, code, description, problems);
}
