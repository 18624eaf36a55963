using Honnin.Issuer.Logging;
using Honnin.Issuer.State;
using Honnin.OpenId4Vc;
using Microsoft.Extensions.Logging;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// The token endpoint (OpenID4VCI §6): the pre-authorized code grant (the code redeemed once with its transaction code)
/// and, when the service offers it, the authorization code grant (PKCE S256). A DPoP proof is required either way
/// (RFC 9449), and the access token is bound to the proof's key.
/// </summary>
internal sealed class TokenEndpoint(IPreAuthorizedCodeStore codes, DpopProofValidator dpop, AccessTokenService tokens, AuthorizationEndpoint? authorization, TimeProvider time, ILogger log)
{
    /// <summary>The DPoP algorithms the service accepts, as <c>WWW-Authenticate</c> and its metadata name them.</summary>
    internal static readonly IReadOnlyList<string> DpopAlgorithmNames = [.. DpopOptions.DefaultAlgorithms.Select(Jose.JwsAlgorithms.ToName)];

    internal static readonly string DpopAlgorithms = string.Join(' ', DpopAlgorithmNames);

    public async Task<ProtocolResponse> HandleAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.Method, "POST", StringComparison.Ordinal))
        {
            return Refuse(405, OAuthErrorCodes.InvalidRequest, "The token endpoint takes POST.");
        }

        if (!string.Equals(request.ContentType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(400, OAuthErrorCodes.InvalidRequest, "The token request is a form (application/x-www-form-urlencoded).");
        }

        if (!FormBody.TryParse(request.Body.Span, out var form, out var problem))
        {
            return Refuse(400, OAuthErrorCodes.InvalidRequest, problem);
        }

        var grantType = form.GetValueOrDefault("grant_type");
        if (grantType == "authorization_code" && authorization is not null)
        {
            return await AuthorizationCodeAsync(request, form, cancellationToken).ConfigureAwait(false);
        }

        if (grantType != CredentialOffer.PreAuthorizedCodeGrantType)
        {
            return Refuse(400, grantType is null ? OAuthErrorCodes.InvalidRequest : OAuthErrorCodes.UnsupportedGrantType, grantType is null ? "The request has no grant_type." : "This token endpoint takes the pre-authorized code grant" + (authorization is null ? " only." : " and the authorization code grant."));
        }

        if (form.GetValueOrDefault("pre-authorized_code") is not { Length: > 0 } code)
        {
            return Refuse(400, OAuthErrorCodes.InvalidRequest, "The request has no pre-authorized_code.");
        }

        var proof = await dpop.ValidateAsync(request.Dpop, request.Method, request.Url, null, cancellationToken).ConfigureAwait(false);
        if (!proof.IsValid)
        {
            return DpopRefusal(proof);
        }

        var redemption = await codes.RedeemAsync(code, form.GetValueOrDefault("tx_code"), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var nonceHeader = new KeyValuePair<string, string>("DPoP-Nonce", dpop.IssueNonce());
        switch (redemption.Outcome)
        {
            case CodeRedemptionOutcome.Redeemed:
                IssuerLog.TokenIssued(log, redemption.OfferId!);
                var token = new TokenResponse(tokens.Issue(redemption.OfferId!, proof.Thumbprint!), TokenResponse.DpopTokenType, (int)tokens.Lifetime.TotalSeconds);
                return ProtocolResponse.NoStore(200, token.ToJson(), [nonceHeader]);
            case CodeRedemptionOutcome.WrongTransactionCode when !form.ContainsKey("tx_code"):
                // OpenID4VCI §6.3: a missing transaction code is invalid_request, a wrong one invalid_grant; both count.
                return Refuse(400, OAuthErrorCodes.InvalidRequest, $"The offer needs a transaction code (tx_code); {redemption.AttemptsLeft} attempt(s) left.", nonceHeader);
            case CodeRedemptionOutcome.WrongTransactionCode:
                return Refuse(400, OAuthErrorCodes.InvalidGrant, $"The transaction code is wrong; {redemption.AttemptsLeft} attempt(s) left.", nonceHeader);
            case CodeRedemptionOutcome.UnexpectedTransactionCode:
                return Refuse(400, OAuthErrorCodes.InvalidRequest, "The offer needs no transaction code; send none (OpenID4VCI §6.3).", nonceHeader);
            case CodeRedemptionOutcome.Invalidated:
                return Refuse(400, OAuthErrorCodes.InvalidGrant, "The code no longer works: too many wrong transaction codes. Ask for a new offer.", nonceHeader);
            case CodeRedemptionOutcome.Expired:
                return Refuse(400, OAuthErrorCodes.InvalidGrant, "The code has expired. Ask for a new offer.", nonceHeader);
            case CodeRedemptionOutcome.AlreadyRedeemed:
                return Refuse(400, OAuthErrorCodes.InvalidGrant, "The code was redeemed before.", nonceHeader);
            default:
                return Refuse(400, OAuthErrorCodes.InvalidGrant, "The code is not one this issuer gave.", nonceHeader);
        }
    }

    private async Task<ProtocolResponse> AuthorizationCodeAsync(ProtocolRequest request, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        var proof = await dpop.ValidateAsync(request.Dpop, request.Method, request.Url, null, cancellationToken).ConfigureAwait(false);
        if (!proof.IsValid)
        {
            return DpopRefusal(proof);
        }

        var (offerId, refusal) = await authorization!.RedeemAsync(form, proof.Thumbprint!, cancellationToken).ConfigureAwait(false);
        if (offerId is null)
        {
            return refusal!;
        }

        IssuerLog.TokenIssued(log, offerId);
        var token = new TokenResponse(tokens.Issue(offerId, proof.Thumbprint!), TokenResponse.DpopTokenType, (int)tokens.Lifetime.TotalSeconds);
        return ProtocolResponse.NoStore(200, token.ToJson(), [new("DPoP-Nonce", dpop.IssueNonce())]);
    }

    internal static ProtocolResponse DpopFailure(DpopProofResult proof, int statusCode = 400)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (proof.Nonce is not null)
        {
            headers.Add(new("DPoP-Nonce", proof.Nonce));
        }

        if (statusCode == 401)
        {
            headers.Add(new("WWW-Authenticate", $"DPoP error=\"{proof.Error}\", algs=\"{TokenEndpoint.DpopAlgorithms}\""));
        }

        return ProtocolResponse.Failure(statusCode, new OAuthError(proof.Error!, proof.ErrorDescription), headers);
    }

    private ProtocolResponse DpopRefusal(DpopProofResult proof)
    {
        IssuerLog.RequestRefused(log, "token", proof.Error!);
        return DpopFailure(proof);
    }

    private ProtocolResponse Refuse(int statusCode, string error, string description, params KeyValuePair<string, string>[] headers)
    {
        IssuerLog.RequestRefused(log, "token", error);
        return ProtocolResponse.Failure(statusCode, new OAuthError(error, description), headers);
    }
}
