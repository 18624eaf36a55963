using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Issuer.State;
using Honnin.Jose;
using Honnin.OpenId4Vc;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// Checks the DPoP proof of a request (RFC 9449 §4.3) at the token endpoint or a protected resource, and issues the
/// server's DPoP nonces (§8, §9). The checks run cheapest first: one <c>DPoP</c> header; a compact JWS; <c>typ</c>
/// <c>dpop+jwt</c>; an allowed asymmetric <c>alg</c>; a public <c>jwk</c> that verifies the signature; <c>jti</c>,
/// <c>htm</c> and <c>htu</c> matching the request; <c>iat</c> in the window; <c>ath</c> matching the access token when
/// one is given; the server nonce; and last, the one check that writes, <c>jti</c> used once through the
/// <see cref="IReplayStore"/> (scope <c>dpop_jti</c>), so a proof refused for any other reason records nothing.
/// </summary>
/// <remarks>
/// Server nonces carry their expiry under an HMAC of <see cref="DpopOptions.NonceSecret"/>, as <c>c_nonce</c>s do:
/// issuing one stores nothing, any instance recognises it, and it may be used by any number of proofs until it expires
/// (it bounds how long a proof made ahead of time stays usable; the <c>jti</c> is what is single-use). A caller that
/// holds an access token bound to a key (<c>cnf.jkt</c>) compares it with <see cref="DpopProofResult.Thumbprint"/>.
/// </remarks>
public sealed class DpopProofValidator
{
    private const string ReplayScope = "dpop_jti";
    private const string NoncePurpose = "dpop_nonce";
    private const int MaxJtiLength = 256;

    private readonly DpopOptions _options;
    private readonly HmacStamp _nonces;
    private readonly IReplayStore _replay;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the validator.</summary>
    /// <param name="options">The policy; checked with <see cref="DpopOptions.Validate"/>.</param>
    /// <param name="replay">Where used <c>jti</c>s are recorded, shared by every instance.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public DpopProofValidator(DpopOptions options, IReplayStore replay, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(replay);
        options.Validate();
        _options = options with { AllowedAlgorithms = options.AllowedAlgorithms.ToHashSet() };
        _nonces = new HmacStamp(options.NonceSecret.Span, NoncePurpose);
        _replay = replay;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A fresh server nonce, for a <c>DPoP-Nonce</c> response header (for example on the nonce endpoint or the first token request).</summary>
    /// <returns>The nonce, base64url.</returns>
    public string IssueNonce() => _nonces.Issue(_timeProvider.GetUtcNow() + _options.NonceLifetime);

    /// <summary>Checks the DPoP proof of one request.</summary>
    /// <param name="headerValues">Every value of the request's <c>DPoP</c> header, as received (exactly one is accepted).</param>
    /// <param name="httpMethod">The request's method.</param>
    /// <param name="requestUrl">The request's absolute URL, as the server was addressed (query and fragment are ignored).</param>
    /// <param name="accessToken">The access token the request carries (<c>Authorization: DPoP …</c>), to be matched by <c>ath</c>; null at the token endpoint.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The key and thumbprint, or the error to answer with; never an exception for what the client sent.</returns>
    /// <exception cref="ArgumentException">The method is empty or the URL is not an absolute http(s) URL.</exception>
    public async Task<DpopProofResult> ValidateAsync(IReadOnlyList<string?> headerValues, string httpMethod, Uri requestUrl, string? accessToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headerValues);
        ArgumentException.ThrowIfNullOrEmpty(httpMethod);
        var expectedHtu = DpopProof.NormalizeHtu(requestUrl);
        if (headerValues.Count != 1)
        {
            return Invalid(headerValues.Count == 0 ? "The request has no DPoP header." : $"The request has {headerValues.Count} DPoP headers; exactly one is allowed.");
        }

        var problem = ProofJwtChecks.CheckForm(headerValues[0], DpopProof.MediaType, _options.AllowedAlgorithms, out var jws);
        JsonWebKey? key = null;
        JsonObject? claims = null;
        if (problem is null)
        {
            problem = ProofJwtChecks.CheckKey(jws!, out key) ?? ProofJwtChecks.ReadClaims(jws!, out claims);
        }

        if (problem is not null)
        {
            return Invalid("The DPoP proof " + problem + ".");
        }

        var jti = ProofJwtChecks.Text(claims!, "jti");
        if (string.IsNullOrEmpty(jti) || jti.Length > MaxJtiLength)
        {
            return Invalid($"The DPoP proof has no 'jti' string of 1 to {MaxJtiLength} characters.");
        }

        if (!string.Equals(ProofJwtChecks.Text(claims!, "htm"), httpMethod, StringComparison.Ordinal))
        {
            return Invalid("The DPoP proof's 'htm' is missing or is not the request's method.");
        }

        if (!DpopProof.TryNormalizeHtu(ProofJwtChecks.Text(claims!, "htu"), out var htu) || !string.Equals(htu, expectedHtu, StringComparison.Ordinal))
        {
            return Invalid("The DPoP proof's 'htu' is missing or is not the request's URL.");
        }

        var now = _timeProvider.GetUtcNow();
        if (ProofJwtChecks.CheckIssuedAt(claims!, now, _options.MaxAge, _options.MaxFutureSkew, out var issuedAt) is { } stale)
        {
            return Invalid("The DPoP proof " + stale + ".");
        }

        if (accessToken is not null && CheckAccessTokenHash(ProofJwtChecks.Text(claims!, "ath"), accessToken) is { } athProblem)
        {
            return Invalid(athProblem);
        }

        string? rotated = null;
        if (claims!.ContainsKey("nonce"))
        {
            var status = _nonces.Read(ProofJwtChecks.Text(claims, "nonce"), now, out var nonceExpires);
            if (status != HmacStampStatus.Valid)
            {
                return DpopProofResult.Refused(OAuthErrorCodes.UseDpopNonce, status == HmacStampStatus.Expired ? "The DPoP nonce has expired; use the one in the DPoP-Nonce header." : "The DPoP nonce was not issued by this server; use the one in the DPoP-Nonce header.", IssueNonce());
            }

            if (nonceExpires - now < _options.NonceLifetime / 2)
            {
                rotated = IssueNonce();
            }
        }
        else if (_options.RequireNonce)
        {
            return DpopProofResult.Refused(OAuthErrorCodes.UseDpopNonce, "The server requires a nonce in the DPoP proof; use the one in the DPoP-Nonce header.", IssueNonce());
        }

        var thumbprint = key!.ComputeThumbprint();
        if (!await _replay.TryUseAsync(ReplayScope, thumbprint + ":" + jti, issuedAt + _options.MaxAge, now, cancellationToken).ConfigureAwait(false))
        {
            return Invalid("The DPoP proof's 'jti' was used before: a proof is accepted once.");
        }

        return DpopProofResult.Valid(key, thumbprint, rotated);
    }

    private static string? CheckAccessTokenHash(string? ath, string accessToken)
    {
        if (ath is null)
        {
            return "The DPoP proof has no 'ath', but the request carries an access token.";
        }

        if (accessToken.Length == 0 || !Ascii.IsValid(accessToken))
        {
            return "The access token is not an ASCII token, so no 'ath' can match it.";
        }

        var expected = Encoding.ASCII.GetBytes(DpopProof.AccessTokenHash(accessToken));
        return Ascii.IsValid(ath) && CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(ath))
            ? null
            : "The DPoP proof's 'ath' is not the hash of the request's access token.";
    }

    private DpopProofResult Invalid(string description) =>
        DpopProofResult.Refused(OAuthErrorCodes.InvalidDpopProof, description, _options.RequireNonce ? IssueNonce() : null);
}
