using Honnin.Issuer.Protocol;
using Honnin.Issuer.StatusLists;
using Honnin.OpenId4Vc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Honnin.AspNetCore;

/// <summary>Maps the OpenID4VCI issuer service's routes.</summary>
public static class HonninIssuerEndpoints
{
    /// <summary>The media type of a JWT status list (draft-ietf-oauth-status-list §8).</summary>
    public const string StatusListJwtType = "application/statuslist+jwt";

    /// <summary>The media type of a CWT status list.</summary>
    public const string StatusListCwtType = "application/statuslist+cwt";

    /// <summary>
    /// Maps the wallet-facing routes under the path of the Credential Issuer Identifier: <c>POST /token</c>,
    /// <c>/nonce</c>, <c>/credential</c>, <c>/deferred_credential</c>, <c>/notification</c>,
    /// <c>GET /credential-offer/{reference}</c>, and the status list when one is configured with a
    /// <see cref="StatusListPublisher"/> registered; and at the root, with the path inserted, the two well-known metadata
    /// documents. The endpoints use the configured identifier for DPoP's <c>htu</c>, so the service works behind a
    /// reverse proxy that keeps paths.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <returns>The group of wallet-facing routes (the well-known documents are outside it), for rate limits or CORS.</returns>
    public static RouteGroupBuilder MapHonninIssuer(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var issuer = endpoints.ServiceProvider.GetRequiredService<OpenId4VciIssuer>();
        var limits = endpoints.ServiceProvider.GetRequiredService<IssuerServiceOptions>();
        var baseUri = issuer.Options.CredentialIssuer.TrimEnd('/');
        var path = new Uri(baseUri).AbsolutePath.TrimEnd('/');
        var metadata = Jose.StrictJson.Serialize(issuer.Metadata.ToJson());
        var authorizationServer = Jose.StrictJson.Serialize(issuer.AuthorizationServer.ToJson());
        endpoints.MapGet(CredentialIssuerMetadata.WellKnownSegment + path, () => Results.Text(metadata, "application/json"));
        endpoints.MapGet(AuthorizationServerMetadata.WellKnownSegment + path, () => Results.Text(authorizationServer, "application/json"));

        var group = endpoints.MapGroup(path.Length == 0 ? "/" : path);
        Map(group, "/token", baseUri, limits, issuer.TokenAsync);
        Map(group, "/credential", baseUri, limits, issuer.CredentialAsync);
        Map(group, "/deferred_credential", baseUri, limits, issuer.DeferredCredentialAsync);
        Map(group, "/notification", baseUri, limits, issuer.NotificationAsync);
        group.MapPost("/nonce", (HttpContext context) => WriteAsync(context, issuer.Nonce()));
        if (issuer.Options.AuthorizationCodeFlow)
        {
            var authenticate = limits.AuthenticateEmployee
                ?? throw new InvalidOperationException("The authorization code flow needs IssuerServiceOptions.AuthenticateEmployee: how the host signs the employee in.");
            Map(group, "/par", baseUri, limits, issuer.PushedAuthorizationAsync);
            group.MapGet(OpenId4VciIssuer.AuthorizePath, async (HttpContext context) =>
            {
                var employee = await authenticate(context).ConfigureAwait(false);
                if (employee is null)
                {
                    return;
                }

                var query = context.Request.Query.Where(q => q.Value.Count == 1).ToDictionary(q => q.Key, q => q.Value[0]!, StringComparer.Ordinal);
                await WriteAsync(context, await issuer.AuthorizeAsync(query, employee, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
            });
        }

        group.MapGet(OpenId4VciIssuer.CredentialOfferPath + "{reference}", async (HttpContext context, string reference) =>
            await WriteAsync(context, await issuer.CredentialOfferAsync(reference, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false));
        MapStatusList(endpoints, issuer.Options);
        return group;
    }

    private static void Map(RouteGroupBuilder group, string route, string baseUri, IssuerServiceOptions limits, Func<ProtocolRequest, CancellationToken, Task<ProtocolResponse>> handler) =>
        group.MapPost(route, async (HttpContext context) =>
        {
            var body = await HttpBodies.ReadAsync(context.Request, limits.MaxRequestBody, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                await WriteAsync(context, ProtocolResponse.Failure(413, new OAuthError("invalid_request", $"The body is larger than {limits.MaxRequestBody} bytes."))).ConfigureAwait(false);
                return;
            }

            var request = new ProtocolRequest(context.Request.Method, new Uri(baseUri + route), body)
            {
                Dpop = [.. context.Request.Headers["DPoP"].Where(v => v is not null).Select(v => v!)],
                Authorization = context.Request.Headers.Authorization.Count == 1 ? context.Request.Headers.Authorization[0] : null,
                ContentType = context.Request.ContentType?.Split(';')[0].Trim(),
            };
            await WriteAsync(context, await handler(request, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
        });

    private static void MapStatusList(IEndpointRouteBuilder endpoints, OpenId4VciIssuerOptions options)
    {
        var publisher = endpoints.ServiceProvider.GetService<StatusListPublisher>();
        if (options.StatusListUri is not { } uri || publisher is null)
        {
            return;
        }

        endpoints.MapGet(new Uri(uri).AbsolutePath, async (HttpContext context) =>
        {
            var accept = context.Request.Headers.Accept.ToString();
            context.Response.Headers.CacheControl = "max-age=60";
            if (accept.Contains(StatusListCwtType, StringComparison.OrdinalIgnoreCase))
            {
                var cwt = await publisher.PublishCwtAsync(uri, context.RequestAborted).ConfigureAwait(false);
                context.Response.ContentType = StatusListCwtType;
                await context.Response.Body.WriteAsync(cwt.Encoded, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            var jwt = await publisher.PublishJwtAsync(uri, context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = StatusListJwtType;
            await context.Response.WriteAsync(jwt.Jws.Text, context.RequestAborted).ConfigureAwait(false);
        });
    }

    internal static async Task WriteAsync(HttpContext context, ProtocolResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
