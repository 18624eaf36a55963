using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Jose;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Honnin.AspNetCore;

/// <summary>The admin APIs' bearer token, compared in fixed time, and their error bodies.</summary>
internal static class AdminToken
{
    /// <summary>The shortest admin token accepted.</summary>
    public const int MinLength = 32;

    /// <summary>Makes every route of <paramref name="group"/> need <c>Authorization: Bearer <paramref name="token"/></c>.</summary>
    public static void Require(RouteGroupBuilder group, string token)
    {
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        group.AddEndpointFilter(async (context, next) =>
        {
            var header = context.HttpContext.Request.Headers.Authorization;
            var given = header.Count == 1 && header[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : string.Empty;
            if (!CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(given))))
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Problem(401, "unauthorized", "The admin API needs the admin token: Authorization: Bearer <token>.");
            }

            return await next(context).ConfigureAwait(false);
        });
    }

    /// <summary>An error body: <c>{"error", "error_description", "problems"?}</c>.</summary>
    public static IResult Problem(int status, string code, string description, JsonArray? problems = null)
    {
        var json = new JsonObject { ["error"] = code, ["error_description"] = description };
        if (problems is not null)
        {
            json["problems"] = problems;
        }

        return Results.Text(StrictJson.Serialize(json), "application/json", statusCode: status);
    }
}
