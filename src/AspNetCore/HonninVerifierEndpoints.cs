using System.Text.Json.Nodes;
using Honnin.Dcql;
using Honnin.DependencyInjection;
using Honnin.Jose;
using Honnin.OpenId4Vc;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.Protocol;
using Honnin.Verifier.SdJwt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Honnin.AspNetCore;

/// <summary>Registers and maps the OpenID4VP verifier service.</summary>
public static class HonninVerifierEndpoints
{
    /// <summary>
    /// Adds the OpenID4VP verifier service (<see cref="OpenId4VpVerifier"/>) over the mdoc and SD-JWT VC verifiers
    /// registered with <c>AddMdocVerifier</c> / <c>AddSdJwtVcVerifier</c> and the <see cref="IVerifierTransactionStore"/>
    /// the app registers (e.g. a SQLite or PostgreSQL verifier store), or an in-memory one when it registers none; and
    /// a background task that purges expired transactions with their results (<see cref="OpenId4VpVerifier.PurgeAsync"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Makes the options.</param>
    /// <returns>The builder.</returns>
    public static HonninBuilder AddVerifier(this HonninBuilder builder, Func<IServiceProvider, VerifierServiceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.Services.TryAddSingleton(sp =>
        {
            var service = options(sp);
            return service.AdminToken is { Length: < AdminToken.MinLength }
                ? throw new ArgumentException($"The admin token has at least {AdminToken.MinLength} characters.", nameof(options))
                : service;
        });
        builder.Services.TryAddSingleton<IVerifierTransactionStore, InMemoryVerifierTransactionStore>();
        builder.Services.TryAddSingleton(sp => new OpenId4VpVerifier(
            sp.GetRequiredService<VerifierServiceOptions>().Verifier,
            sp.GetRequiredService<IVerifierTransactionStore>(),
            sp.GetService<MdocVerifier>(),
            sp.GetService<SdJwtVcVerifier>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<OpenId4VpVerifier>>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, VerifierTransactionPurge>());
        return builder;
    }

    /// <summary>Adds the verifier service with fixed options.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The options.</param>
    /// <returns>The builder.</returns>
    public static HonninBuilder AddVerifier(this HonninBuilder builder, VerifierServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return builder.AddVerifier(_ => options);
    }

    /// <summary>
    /// Maps the wallet-facing routes under the path of the base URL: <c>GET</c> and <c>POST /request/{id}</c> (the
    /// signed request object) and <c>POST /response/{id}</c> (the wallet's answer), and <c>GET /result?response_code=…</c>
    /// for the page a same-device wallet is sent back to.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <returns>The group of wallet-facing routes, for rate limits or CORS.</returns>
    public static RouteGroupBuilder MapHonninVerifier(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var verifier = endpoints.ServiceProvider.GetRequiredService<OpenId4VpVerifier>();
        var baseUri = verifier.Options.BaseUri.AbsoluteUri.TrimEnd('/');
        var path = new Uri(baseUri).AbsolutePath.TrimEnd('/');
        var group = endpoints.MapGroup(path.Length == 0 ? "/" : path);
        group.MapGet(OpenId4VpVerifier.RequestPath + "{id}", async (HttpContext context, string id) =>
            await HonninIssuerEndpoints.WriteAsync(context, await verifier.RequestObjectAsync(id, new ProtocolRequest("GET", new Uri(baseUri + OpenId4VpVerifier.RequestPath + id), ReadOnlyMemory<byte>.Empty), context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false));
        Map(group, OpenId4VpVerifier.RequestPath, baseUri, FormBody.MaxLength, verifier.RequestObjectAsync);
        Map(group, OpenId4VpVerifier.ResponsePath, baseUri, verifier.Options.MaxResponseBody, verifier.ResponseAsync);
        group.MapGet("/result", async (HttpContext context) =>
        {
            var code = context.Request.Query["response_code"];
            var result = code.Count == 1 && code[0] is { } text
                ? await verifier.GetResultByResponseCodeAsync(text, context.RequestAborted).ConfigureAwait(false)
                : null;
            context.Response.Headers.CacheControl = "no-store";
            return result is null
                ? AdminToken.Problem(404, "not_found", "No answer has this response code.")
                : Results.Text(StrictJson.Serialize(result.ToJson()), "application/json");
        });
        return group;
    }

    /// <summary>
    /// Maps the requesting system's admin API under <paramref name="prefix"/>: <c>POST /transactions</c> with
    /// <c>{"dcql_query", "purpose"?, "response_mode"?}</c> → <c>{"transaction", "url", "request_uri", "expires_at"}</c>
    /// (without <c>dcql_query</c>, the service's <see cref="VerifierServiceOptions.DefaultQuery"/>),
    /// and <c>GET /transactions/{id}</c> → the result; for the verifier's own page over the Digital Credentials API,
    /// <c>POST /dc-api/transactions</c> with <c>{"dcql_query", "purpose"?, "signed"?, "encrypted"?}</c> →
    /// <c>{"transaction", "protocol", "data", "expires_at"}</c> and <c>POST /dc-api/transactions/{id}/response</c> with
    /// <c>{"origin", "data"}</c> → the result. Every route needs the admin token
    /// (<see cref="VerifierServiceOptions.AdminToken"/>) unless the host brings its own authorization.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">The routes' prefix.</param>
    /// <returns>The group, for the host's own authorization or network restrictions.</returns>
    public static RouteGroupBuilder MapHonninVerifierAdmin(this IEndpointRouteBuilder endpoints, string prefix = "/admin")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var verifier = endpoints.ServiceProvider.GetRequiredService<OpenId4VpVerifier>();
        var options = endpoints.ServiceProvider.GetRequiredService<VerifierServiceOptions>();
        var group = endpoints.MapGroup(prefix);
        if (options.AdminToken is { } token)
        {
            AdminToken.Require(group, token);
        }

        group.MapPost("/transactions", async (HttpContext context) =>
        {
            var body = await HttpBodies.ReadAsync(context.Request, options.MaxRequestBody, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                return AdminToken.Problem(413, "too_large", $"The body is larger than {options.MaxRequestBody} bytes.");
            }

            if (!StrictJson.TryParse(body, out var node, out var error) || node is not JsonObject json)
            {
                return AdminToken.Problem(400, "invalid_transaction_request", error?.Message ?? "The body is not a JSON object.");
            }

            DcqlQuery query;
            var purpose = Text(json, "purpose");
            if (json["dcql_query"] is null && options.DefaultQuery is { } procedure)
            {
                // The service's own procedure, from its configuration.
                (query, purpose) = (procedure, purpose ?? options.DefaultPurpose);
            }
            else if (json["dcql_query"] is not JsonObject dcql)
            {
                return AdminToken.Problem(400, "invalid_transaction_request", "The body has no dcql_query object, and the service has no procedure of its own.");
            }
            else if (!DcqlQuery.TryFromJson(dcql, out var given, out var dcqlError))
            {
                return AdminToken.Problem(400, "invalid_transaction_request", "The DCQL query does not read: " + dcqlError.Message, new JsonArray(dcqlError.Code));
            }
            else
            {
                query = given;
            }

            try
            {
                var created = await verifier.CreateTransactionAsync(query, purpose, Text(json, "response_mode"), context.RequestAborted).ConfigureAwait(false);
                var result = new JsonObject
                {
                    ["transaction"] = created.Id,
                    ["url"] = created.RequestLink,
                    ["request_uri"] = created.RequestUri.AbsoluteUri,
                    ["expires_at"] = created.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                };
                return Results.Text(StrictJson.Serialize(result), "application/json", statusCode: 201);
            }
            catch (ArgumentException e)
            {
                return AdminToken.Problem(400, "invalid_transaction_request", e.Message);
            }
        });
        group.MapPost("/dc-api/transactions", async (HttpContext context) =>
        {
            var (json, problem) = await ReadJsonAsync(context, options.MaxRequestBody).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            if (json!["dcql_query"] is not JsonObject dcql || !DcqlQuery.TryFromJson(dcql, out var query, out var dcqlError))
            {
                return AdminToken.Problem(400, "invalid_transaction_request", "The body has no dcql_query object that reads.");
            }

            try
            {
                var created = await verifier.CreateDcApiTransactionAsync(query, Text(json, "purpose"), signed: Flag(json, "signed", true), encrypted: Flag(json, "encrypted", true), context.RequestAborted).ConfigureAwait(false);
                var result = new JsonObject
                {
                    ["transaction"] = created.TransactionId,
                    ["protocol"] = created.Protocol,
                    ["data"] = created.Data,
                    ["expires_at"] = created.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                };
                return Results.Text(StrictJson.Serialize(result), "application/json", statusCode: 201);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return AdminToken.Problem(400, "invalid_transaction_request", e.Message);
            }
        });
        group.MapPost("/dc-api/transactions/{id}/response", async (HttpContext context, string id) =>
        {
            var (json, problem) = await ReadJsonAsync(context, verifier.Options.MaxResponseBody).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            if (Text(json!, "origin") is not { } origin || json!["data"] is not JsonObject data)
            {
                return AdminToken.Problem(400, "invalid_request", "The body is {\"origin\": the page's origin, \"data\": what the DC API returned}.");
            }

            var (result, refusal) = await verifier.DcApiResponseAsync(id, origin, data, context.RequestAborted).ConfigureAwait(false);
            return result is not null
                ? Results.Text(StrictJson.Serialize(result.ToJson()), "application/json")
                : AdminToken.Problem(refusal!.StatusCode, refusal.Code ?? "invalid_request", refusal.Error?.Description ?? "The answer was refused.");
        });
        group.MapGet("/transactions/{id}", async (HttpContext context, string id) =>
        {
            var result = await verifier.GetResultAsync(id, context.RequestAborted).ConfigureAwait(false);
            context.Response.Headers.CacheControl = "no-store";
            return result is null
                ? AdminToken.Problem(404, "not_found", "No transaction has this id.")
                : Results.Text(StrictJson.Serialize(result.ToJson()), "application/json");
        });
        return group;
    }

    private static void Map(RouteGroupBuilder group, string prefix, string baseUri, int limit, Func<string, ProtocolRequest, CancellationToken, Task<ProtocolResponse>> handler) =>
        group.MapPost(prefix + "{id}", async (HttpContext context, string id) =>
        {
            var body = await HttpBodies.ReadAsync(context.Request, limit, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                await HonninIssuerEndpoints.WriteAsync(context, ProtocolResponse.Failure(413, new OAuthError("invalid_request", $"The body is larger than {limit} bytes.")) with { Code = OpenId4VpFailureCodes.BodyMalformed }).ConfigureAwait(false);
                return;
            }

            var request = new ProtocolRequest("POST", new Uri(baseUri + prefix + id), body) { ContentType = context.Request.ContentType?.Split(';')[0].Trim() };
            await HonninIssuerEndpoints.WriteAsync(context, await handler(id, request, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
        });

    private static async Task<(JsonObject? Json, IResult? Problem)> ReadJsonAsync(HttpContext context, int limit)
    {
        var body = await HttpBodies.ReadAsync(context.Request, limit, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return (null, AdminToken.Problem(413, "too_large", $"The body is larger than {limit} bytes."));
        }

        return StrictJson.TryParse(body, out var node, out var error) && node is JsonObject json
            ? (json, null)
            : (null, AdminToken.Problem(400, "invalid_request", error?.Message ?? "The body is not a JSON object."));
    }

    private static bool Flag(JsonObject json, string name, bool otherwise) =>
        json[name] is JsonValue value && value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False ? value.GetValue<bool>() : otherwise;

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : null;
}
