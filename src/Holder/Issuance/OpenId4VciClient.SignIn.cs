using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.OpenId4Vc;

namespace Honnin.Holder.Issuance;

/// <summary>The authorization code flow (OpenID4VCI 1.0 §5): PAR (RFC 9126), PKCE S256, the person's sign-in, the code.</summary>
public sealed partial class OpenId4VciClient
{
    private const int MaxPushedResponseLength = 16 * 1024;

    /// <summary>
    /// Accepts a previewed offer by signing in at the issuer, for offers that carry an authorization code grant
    /// (<see cref="OfferPreview.OffersSignIn"/>). The wallet pushes its authorization request (the offer's
    /// <c>issuer_state</c>, the offered configurations, PKCE S256, bound to its DPoP key), has the app take the person
    /// through the sign-in, checks the answer (<c>state</c>, and <c>iss</c> per RFC 9207), redeems the code with the
    /// PKCE verifier, and then asks for, checks and stores the credentials as <see cref="AcceptAsync"/> does.
    /// </summary>
    /// <param name="preview">The preview the person accepted.</param>
    /// <param name="signIn">The wallet's client id and redirect URI, and how the app opens the sign-in.</param>
    /// <param name="targets">Where the device keys and the credentials go.</param>
    /// <param name="maxWait">How long to poll a deferred issuance before returning it pending.</param>
    /// <param name="cancellationToken">Cancels the issuance.</param>
    /// <returns>The stored credentials and the pending issuances.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OfferAcceptanceException">
    /// The offer cannot be received by signing in (<see cref="OfferAcceptanceException.OfferUnsupported"/>); the issuer
    /// refused the request, the sign-in or the code (<see cref="OfferAcceptanceException.TokenRefused"/>); its answers
    /// do not fit the request (<see cref="OfferAcceptanceException.IssuerResponseInvalid"/>); or as for <see cref="AcceptAsync"/>.
    /// </exception>
    public async Task<IssuanceResult> AcceptWithSignInAsync(OfferPreview preview, AuthorizationCodeSignIn signIn, IssuanceTargets targets, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preview);
        ArgumentNullException.ThrowIfNull(signIn);
        CheckTargets(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        try
        {
            if (!preview.OffersSignIn)
            {
                throw new OfferAcceptanceException(OfferAcceptanceException.OfferUnsupported, "The offer cannot be received by signing in: it has no authorization code grant, or the authorization server has no PAR or authorization endpoint with PKCE S256.");
            }

            var deadline = _time.GetUtcNow() + maxWait;
            var channel = new ServiceChannel(_http, _options.RequestTimeout, OfferAcceptanceException.IssuerUnreachable);
            using var session = IssuanceSession.Start(channel, SoftwareKeys.Choose(preview.AuthorizationServer.DpopSigningAlgorithms, noneMeansAny: true)!, _time);
            var verifier = Base64UrlEncoding.Encode(RandomNumberGenerator.GetBytes(32));
            var state = Base64UrlEncoding.Encode(RandomNumberGenerator.GetBytes(16));
            var requestUri = await PushAsync(session, preview, signIn, verifier, state, cancellationToken).ConfigureAwait(false);

            var server = preview.AuthorizationServer;
            var authorization = new Uri(server.AuthorizationEndpoint + (server.AuthorizationEndpoint!.Contains('?', StringComparison.Ordinal) ? "&" : "?")
                + "client_id=" + Uri.EscapeDataString(signIn.ClientId) + "&request_uri=" + Uri.EscapeDataString(requestUri));
            var callback = await signIn.SignInAsync(authorization, cancellationToken).ConfigureAwait(false);
            var code = CodeFrom(callback, signIn.RedirectUri, state, server.Issuer);

            await ExchangeAsync(
                session,
                preview,
                [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", signIn.RedirectUri.ToString()), new("client_id", signIn.ClientId), new("code_verifier", verifier)],
                sentTransactionCode: false,
                cancellationToken).ConfigureAwait(false);
            return await ReceiveAsync(session, preview, targets, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (OfferAcceptanceException e) when (Logged(e))
        {
            throw;
        }
    }

    private static async Task<string> PushAsync(IssuanceSession session, OfferPreview preview, AuthorizationCodeSignIn signIn, string verifier, string state, CancellationToken cancellationToken)
    {
        var details = new JsonArray([.. preview.Credentials.Select(c => (JsonNode)new JsonObject { ["type"] = "openid_credential", ["credential_configuration_id"] = c.ConfigurationId })]);
        var form = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"),
            new("client_id", signIn.ClientId),
            new("redirect_uri", signIn.RedirectUri.ToString()),
            new("code_challenge", Base64UrlEncoding.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))),
            new("code_challenge_method", "S256"),
            new("authorization_details", StrictJson.Serialize(details)),
            new("state", state),
        };
        if (preview.Offer.AuthorizationCode!.IssuerState is { } issuerState)
        {
            form.Add(new("issuer_state", issuerState));
        }

        var answer = await session.PostFormAsync(new Uri(preview.AuthorizationServer.PushedAuthorizationRequestEndpoint!), form, MaxPushedResponseLength, cancellationToken).ConfigureAwait(false);
        if ((int)answer.Status is not (200 or 201))
        {
            throw answer.Error is { } error
                ? new OfferAcceptanceException(OfferAcceptanceException.TokenRefused, $"The authorization server refused the pushed authorization request ({error.Error}).", error)
                : new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, $"The pushed authorization request endpoint answered HTTP {(int)answer.Status} without an OAuth error.");
        }

        if (!StrictJson.TryParse(answer.Body, out var node, out _, new StrictJsonOptions { MaxInputLength = MaxPushedResponseLength, MaxDepth = 4 })
            || node is not JsonObject json || json["request_uri"] is not JsonValue value || !value.TryGetValue<string>(out var requestUri) || requestUri.Length == 0)
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, "The pushed authorization response has no request_uri.");
        }

        return requestUri;
    }

    // The redirect the person came back with: to the wallet's redirect URI, with the state it sent, from the issuer it
    // asked (RFC 9207 iss), carrying a code or the issuer's error.
    private static string CodeFrom(Uri callback, Uri redirectUri, string state, string issuer)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (!string.Equals(callback.GetLeftPart(UriPartial.Path), redirectUri.GetLeftPart(UriPartial.Path), StringComparison.Ordinal))
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, "The sign-in came back to another URI than the wallet's redirect URI.");
        }

        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(query["state"] ?? string.Empty), Encoding.ASCII.GetBytes(state)))
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, "The sign-in came back without the state the wallet sent: another session's answer.");
        }

        if (query["iss"] is { } iss && !string.Equals(iss, issuer, StringComparison.Ordinal))
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, "The sign-in's answer names another issuer (RFC 9207 iss): a mix-up.");
        }

        if (query["error"] is { } error)
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.TokenRefused, $"The issuer refused the sign-in ({error}).", new OAuthError(error, query["error_description"]));
        }

        return query["code"] is { Length: > 0 } code
            ? code
            : throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, "The sign-in came back without a code.");
    }
}
