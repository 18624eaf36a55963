using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Issuer.Logging;
using Honnin.Issuer.State;
using Honnin.OpenId4Vc;
using static Honnin.Issuer.Protocol.JsonMembers;
using Microsoft.Extensions.Logging;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// The authorization code flow (OpenID4VCI §5, RFC 6749 §4.1) as HAIP profiles it: the wallet pushes its
/// authorization request (PAR, RFC 9126) naming the offer's <c>issuer_state</c> and a PKCE S256 challenge (RFC 7636);
/// the employee signs in through the host's own authentication at the authorization endpoint; the code comes back with
/// <c>iss</c> (RFC 9207) and is redeemed once at the token endpoint with the PKCE verifier and a DPoP proof. Pushed
/// requests and codes are sealed values (nothing stored to issue them), each used once through the replay store; an
/// offer gives its credentials only to the employee it names.
/// </summary>
internal sealed class AuthorizationEndpoint(OpenId4VciIssuerOptions options, IssuerStores stores, OfferDesk offers, DpopProofValidator dpop, SealedGrant pushedRequests, SealedGrant codes, TimeProvider time, ILogger log)
{
    public const string RequestUriPrefix = "urn:ietf:params:oauth:request_uri:";
    private static readonly TimeSpan PushedRequestLifetime = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(60);

    public async Task<ProtocolResponse> PushAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.Method, "POST", StringComparison.Ordinal) || !string.Equals(request.ContentType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(400, OAuthErrorCodes.InvalidRequest, "A pushed authorization request is a POST of a form.");
        }

        if (!FormBody.TryParse(request.Body.Span, out var form, out var problem))
        {
            return Refuse(400, OAuthErrorCodes.InvalidRequest, problem);
        }

        if (form.ContainsKey("request_uri") || form.ContainsKey("request"))
        {
            return Refuse(400, OAuthErrorCodes.InvalidRequest, "A pushed request carries its parameters itself, not request or request_uri (RFC 9126 §2.1).");
        }

        if (form.GetValueOrDefault("response_type") != "code")
        {
            return Refuse(400, "unsupported_response_type", "The response_type is code.");
        }

        var clientId = form.GetValueOrDefault("client_id");
        var redirectUri = form.GetValueOrDefault("redirect_uri");
        if (string.IsNullOrEmpty(clientId) || clientId.Length > 512)
        {
            return Refuse(400, OAuthErrorCodes.InvalidRequest, "The request has no client_id.");
        }

        if (!IsRedirectUri(redirectUri))
        {
            return Refuse(400, OAuthErrorCodes.InvalidRequest, "The redirect_uri is an absolute https URI, a private-use scheme, or http on a loopback address, without fragment.");
        }

        if (form.GetValueOrDefault("code_challenge_method") != "S256" || form.GetValueOrDefault("code_challenge") is not { Length: 43 } challenge)
        {
            return Refuse(400, OAuthErrorCodes.InvalidRequest, "PKCE is required: code_challenge (43 characters) with code_challenge_method S256 (plain is refused).");
        }

        var offerId = offers.OfferOfIssuerState(form.GetValueOrDefault("issuer_state"));
        var offer = offerId is null ? null : await stores.Offers.GetAsync(offerId, cancellationToken).ConfigureAwait(false);
        if (offer is not { State: OfferState.Offered } || offer.ExpiresAt <= time.GetUtcNow() || OfferDesk.Employee(offer) is null)
        {
            return Refuse(400, OAuthErrorCodes.InvalidRequest, "The issuer_state names no open offer of this issuer that can be fetched by signing in.");
        }

        if (!AsksFor(form, offer.ConfigurationId, out var scopeProblem))
        {
            return Refuse(400, OAuthErrorCodes.InvalidScope, scopeProblem);
        }

        string? jkt = form.GetValueOrDefault("dpop_jkt");
        if (request.Dpop.Count > 0)
        {
            var proof = await dpop.ValidateAsync(request.Dpop, request.Method, request.Url, null, cancellationToken).ConfigureAwait(false);
            if (!proof.IsValid)
            {
                return TokenEndpoint.DpopFailure(proof);
            }

            if (jkt is not null && jkt != proof.Thumbprint)
            {
                return Refuse(400, OAuthErrorCodes.InvalidDpopProof, "dpop_jkt does not name the key of the DPoP proof.");
            }

            jkt = proof.Thumbprint;
        }

        var sealedRequest = pushedRequests.Seal(
            new JsonObject
            {
                ["offer"] = offer.Id,
                ["client_id"] = clientId,
                ["redirect_uri"] = redirectUri,
                ["code_challenge"] = challenge,
                ["state"] = form.GetValueOrDefault("state"),
                ["dpop_jkt"] = jkt,
            },
            PushedRequestLifetime);
        return ProtocolResponse.NoStore(201, new JsonObject { ["request_uri"] = RequestUriPrefix + sealedRequest, ["expires_in"] = (int)PushedRequestLifetime.TotalSeconds });
    }

    /// <summary>The authorization endpoint, after the host authenticated the employee.</summary>
    public async Task<ProtocolResponse> AuthorizeAsync(IReadOnlyDictionary<string, string> query, string employee, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(employee);
        var requestUri = query.GetValueOrDefault("request_uri");
        var pushed = requestUri is not null && requestUri.StartsWith(RequestUriPrefix, StringComparison.Ordinal) ? pushedRequests.Open(requestUri[RequestUriPrefix.Length..]) : null;
        if (pushed is not { } opened || !string.Equals(Text(opened.Content, "client_id"), query.GetValueOrDefault("client_id"), StringComparison.Ordinal))
        {
            // No redirect: the redirect_uri is only trusted once the pushed request is.
            return Refuse(400, OAuthErrorCodes.InvalidRequest, "The request_uri is unknown, expired or not this client's; push the authorization request again.");
        }

        var content = opened.Content;
        var redirectUri = Text(content, "redirect_uri")!;
        var state = Text(content, "state");
        if (!await stores.Replay.TryUseAsync("par_request_uri", requestUri!, opened.ExpiresAt, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return Redirect(redirectUri, state, ("error", OAuthErrorCodes.InvalidRequest), ("error_description", "The request_uri was used before."));
        }

        var offer = await stores.Offers.GetAsync(Text(content, "offer")!, cancellationToken).ConfigureAwait(false);
        if (offer is not { State: OfferState.Offered } || OfferDesk.Employee(offer) is not { } named
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(named), Encoding.UTF8.GetBytes(employee)))
        {
            IssuerLog.RequestRefused(log, "authorization", "access_denied");
            return Redirect(redirectUri, state, ("error", "access_denied"), ("error_description", "The offer is not for the person who signed in, or is no longer open."));
        }

        var code = codes.Seal(
            new JsonObject
            {
                ["offer"] = offer.Id,
                ["client_id"] = Text(content, "client_id"),
                ["redirect_uri"] = redirectUri,
                ["code_challenge"] = Text(content, "code_challenge"),
                ["dpop_jkt"] = Text(content, "dpop_jkt"),
            },
            CodeLifetime);
        return Redirect(redirectUri, state, ("code", code));
    }

    /// <summary>Redeems an authorization code: once, by the client it was issued to, with the PKCE verifier.</summary>
    public async Task<(string? OfferId, ProtocolResponse? Refusal)> RedeemAsync(Dictionary<string, string> form, string dpopThumbprint, CancellationToken cancellationToken)
    {
        var code = form.GetValueOrDefault("code");
        if (codes.Open(code) is not { } opened)
        {
            return (null, Refuse(400, OAuthErrorCodes.InvalidGrant, "The authorization code is unknown or expired."));
        }

        var content = opened.Content;
        if (!string.Equals(Text(content, "client_id"), form.GetValueOrDefault("client_id"), StringComparison.Ordinal)
            || !string.Equals(Text(content, "redirect_uri"), form.GetValueOrDefault("redirect_uri"), StringComparison.Ordinal))
        {
            return (null, Refuse(400, OAuthErrorCodes.InvalidGrant, "The code was issued to another client or redirect_uri."));
        }

        if (!VerifierMatches(form.GetValueOrDefault("code_verifier"), Text(content, "code_challenge")!))
        {
            return (null, Refuse(400, OAuthErrorCodes.InvalidGrant, "The code_verifier does not match the code_challenge (PKCE S256)."));
        }

        if (Text(content, "dpop_jkt") is { } jkt && jkt != dpopThumbprint)
        {
            return (null, Refuse(400, OAuthErrorCodes.InvalidDpopProof, "The DPoP proof is not by the key the authorization request was bound to."));
        }

        if (!await stores.Replay.TryUseAsync("authorization_code", code!, opened.ExpiresAt, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return (null, Refuse(400, OAuthErrorCodes.InvalidGrant, "The authorization code was redeemed before."));
        }

        return (Text(content, "offer"), null);
    }

    private static bool VerifierMatches(string? verifier, string challenge)
    {
        if (verifier is null || verifier.Length is < 43 or > 128 || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
        {
            return false;
        }

        var computed = Jose.Base64UrlEncoding.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }

    private static bool AsksFor(Dictionary<string, string> form, string configurationId, out string problem)
    {
        problem = string.Empty;
        if (form.GetValueOrDefault("authorization_details") is { } details)
        {
            if (!Jose.StrictJson.TryParse(Encoding.UTF8.GetBytes(details), out var node, out _) || node is not JsonArray { Count: 1 } array
                || array[0] is not JsonObject detail || Text(detail, "type") != "openid_credential" || Text(detail, "credential_configuration_id") != configurationId)
            {
                problem = "authorization_details is one openid_credential entry naming the offer's credential_configuration_id.";
                return false;
            }

            return true;
        }

        if (form.GetValueOrDefault("scope") is { } scope && scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(configurationId, StringComparer.Ordinal))
        {
            return true;
        }

        problem = "Ask for the offer's credential by scope (the configuration's scope) or authorization_details.";
        return false;
    }

    private static bool IsRedirectUri(string? value)
    {
        if (value is null || value.Length > 2048 || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0)
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)
            || (uri.Scheme.Contains('.', StringComparison.Ordinal) && uri.Scheme is not ("javascript" or "data" or "file"));
    }

    private ProtocolResponse Redirect(string redirectUri, string? state, params (string Name, string Value)[] parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters.Append(("iss", options.CredentialIssuer)).Concat(state is null ? [] : [("state", state)]))
        {
            query.Append(query.Length == 0 ? string.Empty : "&").Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        var location = redirectUri + (redirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
        return new ProtocolResponse(302, null) { Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Location"] = location, ["Cache-Control"] = "no-store" } };
    }

    private ProtocolResponse Refuse(int statusCode, string error, string description)
    {
        IssuerLog.RequestRefused(log, "authorization", error);
        return ProtocolResponse.Failure(statusCode, new OAuthError(error, description));
    }
}
