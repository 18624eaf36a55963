using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.OpenId4Vc;

/// <summary>
/// OAuth 2.0 Authorization Server Metadata (RFC 8414) as an OpenID4VCI wallet needs it: the token endpoint, whether the
/// pre-authorized code may be redeemed without client authentication, the DPoP algorithms (RFC 9449 §5.1), and for the
/// authorization code flow the authorization and PAR endpoints (RFC 9126) and PKCE methods.
/// </summary>
public sealed record AuthorizationServerMetadata
{
    /// <summary>The well-known path segment (RFC 8414 §3), inserted between host and path like the issuer's.</summary>
    public const string WellKnownSegment = "/.well-known/oauth-authorization-server";

    /// <summary>The largest metadata document read, in bytes.</summary>
    public const int MaxLength = 256 * 1024;

    /// <summary>The issuer identifier of the authorization server.</summary>
    public required string Issuer { get; init; }

    /// <summary>The token endpoint.</summary>
    public required string TokenEndpoint { get; init; }

    /// <summary>The authorization endpoint, if the authorization code flow is offered.</summary>
    public string? AuthorizationEndpoint { get; init; }

    /// <summary>The pushed authorization request endpoint (RFC 9126), if any.</summary>
    public string? PushedAuthorizationRequestEndpoint { get; init; }

    /// <summary>The grant types the token endpoint accepts.</summary>
    public IReadOnlyList<string> GrantTypes { get; init; } = [];

    /// <summary>The JWS algorithms accepted in DPoP proofs; empty when DPoP is not supported.</summary>
    public IReadOnlyList<string> DpopSigningAlgorithms { get; init; } = [];

    /// <summary>The PKCE methods (<c>S256</c>).</summary>
    public IReadOnlyList<string> CodeChallengeMethods { get; init; } = [];

    /// <summary>Whether a pre-authorized code may be redeemed without client authentication (OpenID4VCI §12.3).</summary>
    public bool PreAuthorizedGrantAnonymousAccess { get; init; }

    /// <summary>The metadata location of an authorization server identifier (RFC 8414 §3.1, the segment inserted before the path).</summary>
    /// <param name="issuer">The authorization server's issuer identifier.</param>
    /// <returns>The URL.</returns>
    public static Uri WellKnownUri(string issuer) => CredentialIssuerMetadata.InsertWellKnown(issuer, WellKnownSegment);

    /// <summary>Reads metadata and checks that it names the issuer it was fetched for.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="expectedIssuer">The issuer identifier the wallet asked for.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="CredentialFormatException">It is not usable metadata, or names another issuer (<see cref="OpenId4VcFailureCodes.MetadataMalformed"/>).</exception>
    public static AuthorizationServerMetadata Parse(ReadOnlySpan<byte> utf8Json, string expectedIssuer)
    {
        ArgumentNullException.ThrowIfNull(expectedIssuer);
        var json = Messages.ParseObject(utf8Json, MaxLength, OpenId4VcFailureCodes.MetadataMalformed, "authorization server metadata");
        var issuer = Messages.Text(json, "issuer");
        if (!string.Equals(issuer, expectedIssuer, StringComparison.Ordinal))
        {
            throw new CredentialFormatException(OpenId4VcFailureCodes.MetadataMalformed, "The authorization server metadata names another issuer than the one it was fetched for (RFC 8414 §3.3).");
        }

        var token = Messages.Text(json, "token_endpoint");
        if (token is null || !CredentialOffer.IsIssuerIdentifier(token))
        {
            throw new CredentialFormatException(OpenId4VcFailureCodes.MetadataMalformed, "The authorization server metadata has no https token_endpoint (plain http only on loopback).");
        }

        return new AuthorizationServerMetadata
        {
            Issuer = issuer!,
            TokenEndpoint = token,
            AuthorizationEndpoint = Messages.Text(json, "authorization_endpoint"),
            PushedAuthorizationRequestEndpoint = Messages.Text(json, "pushed_authorization_request_endpoint"),
            GrantTypes = Strings(json, "grant_types_supported"),
            DpopSigningAlgorithms = Strings(json, "dpop_signing_alg_values_supported"),
            CodeChallengeMethods = Strings(json, "code_challenge_methods_supported"),
            PreAuthorizedGrantAnonymousAccess = json["pre-authorized_grant_anonymous_access_supported"] is JsonValue anonymous && anonymous.GetValueKind() == JsonValueKind.True,
        };
    }

    /// <summary>The metadata as JSON.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["issuer"] = Issuer, ["token_endpoint"] = TokenEndpoint };
        if (AuthorizationEndpoint is not null)
        {
            json["authorization_endpoint"] = AuthorizationEndpoint;
            json["authorization_response_iss_parameter_supported"] = true;
        }

        if (PushedAuthorizationRequestEndpoint is not null)
        {
            json["pushed_authorization_request_endpoint"] = PushedAuthorizationRequestEndpoint;
            json["require_pushed_authorization_requests"] = true;
        }

        AddStrings(json, "grant_types_supported", GrantTypes);
        AddStrings(json, "dpop_signing_alg_values_supported", DpopSigningAlgorithms);
        AddStrings(json, "code_challenge_methods_supported", CodeChallengeMethods);
        json["pre-authorized_grant_anonymous_access_supported"] = PreAuthorizedGrantAnonymousAccess;
        return json;
    }

    private static void AddStrings(JsonObject json, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            json[name] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }
    }

    private static string[] Strings(JsonObject json, string name) =>
        json[name] is JsonArray array
            ? [.. array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())]
            : [];
}
