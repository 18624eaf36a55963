using System.Globalization;
using System.Text.Json.Nodes;
using Honnin.Issuer.State;
using Honnin.Jose;
using Honnin.OpenId4Vc;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// Checks the <c>proofs.jwt</c> array of a Credential Request (OpenID4VCI 1.0 §8.2, Appendix F.1 and F.4) and returns
/// the holder keys to bind the credentials to. Every proof is checked on its own first — a compact JWS, <c>typ</c>
/// <c>openid4vci-proof+jwt</c>, an allowed asymmetric <c>alg</c>, exactly one of <c>kid</c>, <c>jwk</c> and <c>x5c</c>
/// of which only <c>jwk</c> is supported, a public key that verifies the signature, <c>aud</c> the Credential Issuer,
/// <c>iat</c> in the window, a <c>nonce</c> — and then together: one nonce for the whole request, and a different key in
/// each proof. Only when all of that holds is anything written: the nonce is spent once through the
/// <see cref="CNonceService"/>, and each key is recorded (<see cref="IReplayStore"/> scope <c>proof_key</c>) so that a
/// key proven in an earlier request is refused. A request refused before that point spends nothing and may be sent again
/// corrected with the same nonce.
/// </summary>
/// <remarks>
/// The nonce is spent before the keys are recorded, so a request refused because one of its keys was proven before
/// has used its nonce (and recorded the keys before that one): the wallet starts again with a new nonce and new keys.
/// </remarks>
public sealed class KeyProofValidator
{
    private const string ReplayScope = "proof_key";
    private static readonly string[] KeyReferences = ["kid", "jwk", "x5c"];

    private readonly KeyProofOptions _options;
    private readonly CNonceService _nonces;
    private readonly IReplayStore _replay;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the validator.</summary>
    /// <param name="options">The policy; checked with <see cref="KeyProofOptions.Validate"/>.</param>
    /// <param name="nonces">The issuer's <c>c_nonce</c>s, which the proofs must carry.</param>
    /// <param name="replay">Where proven keys are recorded, shared by every instance.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public KeyProofValidator(KeyProofOptions options, CNonceService nonces, IReplayStore replay, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(nonces);
        ArgumentNullException.ThrowIfNull(replay);
        options.Validate();
        _options = options with { AllowedAlgorithms = options.AllowedAlgorithms.ToHashSet() };
        _nonces = nonces;
        _replay = replay;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Checks the key proofs of one Credential Request.</summary>
    /// <param name="proofs">The request's <c>proofs.jwt</c> array, as received.</param>
    /// <param name="clientId">The <c>client_id</c> the access token was issued to, if any: a proof's <c>iss</c>, when present, must be it. Null after anonymous access with a pre-authorized code (then <c>iss</c> is not checked).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The keys in proof order, or the error to answer with; never an exception for what the wallet sent.</returns>
    public async Task<KeyProofResult> ValidateAsync(IReadOnlyList<string?> proofs, string? clientId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proofs);
        if (proofs.Count == 0)
        {
            return KeyProofResult.Refused(OAuthErrorCodes.InvalidCredentialRequest, "proofs.jwt is empty; it holds one key proof per credential.");
        }

        if (proofs.Count > _options.BatchSize)
        {
            return KeyProofResult.Refused(OAuthErrorCodes.InvalidCredentialRequest, string.Create(CultureInfo.InvariantCulture, $"proofs.jwt holds {proofs.Count} key proofs; this issuer's batch size is {_options.BatchSize}."));
        }

        var now = _timeProvider.GetUtcNow();
        var keys = new JsonWebKey[proofs.Count];
        var thumbprints = new string[proofs.Count];
        string? nonce = null;
        for (var i = 0; i < proofs.Count; i++)
        {
            if (Check(proofs[i], clientId, now, out var key, out var proofNonce) is { } problem)
            {
                return KeyProofResult.Refused(OAuthErrorCodes.InvalidProof, Name(i, proofs.Count) + " " + problem + ".", i);
            }

            if (nonce is not null && !string.Equals(proofNonce, nonce, StringComparison.Ordinal))
            {
                return KeyProofResult.Refused(OAuthErrorCodes.InvalidNonce, Name(i, proofs.Count) + " carries a different nonce from proof 1; every proof of a request is signed with the one c_nonce.", i);
            }

            nonce = proofNonce;
            keys[i] = key!;
            thumbprints[i] = key!.ComputeThumbprint();
            var first = Array.IndexOf(thumbprints, thumbprints[i], 0, i);
            if (first >= 0)
            {
                return KeyProofResult.Refused(OAuthErrorCodes.InvalidProof, string.Create(CultureInfo.InvariantCulture, $"{Name(i, proofs.Count)} proves the same key as proof {first + 1}; each credential of a batch is bound to its own key."), i);
            }
        }

        var spent = await _nonces.UseAsync(nonce, cancellationToken).ConfigureAwait(false);
        if (spent != CNonceCheck.Accepted)
        {
            return KeyProofResult.Refused(OAuthErrorCodes.InvalidNonce, spent switch
            {
                CNonceCheck.Expired => "The proofs' c_nonce has expired; get a new one from the Nonce Endpoint.",
                CNonceCheck.Used => "The proofs' c_nonce was already used; get a new one from the Nonce Endpoint.",
                _ => "The proofs' nonce is not a c_nonce of this issuer; get one from the Nonce Endpoint.",
            });
        }

        var keyExpiry = now + _options.KeyReuseHorizon;
        for (var i = 0; i < thumbprints.Length; i++)
        {
            if (!await _replay.TryUseAsync(ReplayScope, thumbprints[i], keyExpiry, now, cancellationToken).ConfigureAwait(false))
            {
                return KeyProofResult.Refused(OAuthErrorCodes.InvalidProof, Name(i, proofs.Count) + " proves a key that was proven in an earlier request; each credential is bound to a fresh key.", i);
            }
        }

        return KeyProofResult.Valid(keys);
    }

    private static string Name(int index, int count) => string.Create(CultureInfo.InvariantCulture, $"Proof {index + 1} of {count}");

    private string? Check(string? text, string? clientId, DateTimeOffset now, out JsonWebKey? key, out string? nonce)
    {
        key = null;
        nonce = null;
        if (ProofJwtChecks.CheckForm(text, KeyProof.MediaType, _options.AllowedAlgorithms, out var jws) is { } form)
        {
            return form;
        }

        var header = jws!.GetHeader();
        var references = KeyReferences.Where(header.ContainsKey).ToList();
        switch (references.Count)
        {
            case 0:
                return "names no key: one of 'kid', 'jwk' and 'x5c' is required";
            case > 1:
                return "names its key in more than one of 'kid', 'jwk' and 'x5c'";
            case 1 when references[0] != "jwk":
                return $"identifies its key by '{references[0]}'; this issuer accepts keys given by value in 'jwk' only";
        }

        JsonObject? claims = null;
        if ((ProofJwtChecks.CheckKey(jws, out key) ?? ProofJwtChecks.ReadClaims(jws, out claims)) is { } problem)
        {
            return problem;
        }

        if (!IsAudience(claims!["aud"]))
        {
            return "has an 'aud' that is not this Credential Issuer";
        }

        if (ProofJwtChecks.CheckIssuedAt(claims!, now, _options.MaxAge, _options.MaxFutureSkew, out _) is { } stale)
        {
            return stale;
        }

        nonce = ProofJwtChecks.Text(claims!, "nonce");
        if (string.IsNullOrEmpty(nonce))
        {
            return "has no 'nonce'; it carries a c_nonce from the Nonce Endpoint";
        }

        if (claims!.ContainsKey("iss") && (ProofJwtChecks.Text(claims, "iss") is not { } iss || (clientId is not null && !string.Equals(iss, clientId, StringComparison.Ordinal))))
        {
            return "has an 'iss' that is not the client's identifier";
        }

        return null;
    }

    // OpenID4VCI asks for one string; an array (RFC 7519 §4.1.3) that names this issuer is accepted too.
    private bool IsAudience(JsonNode? aud) => aud switch
    {
        JsonValue value => value.TryGetValue<string>(out var text) && string.Equals(text, _options.CredentialIssuer, StringComparison.Ordinal),
        JsonArray array => array.Any(item => item is JsonValue value && value.TryGetValue<string>(out var text) && string.Equals(text, _options.CredentialIssuer, StringComparison.Ordinal)),
        _ => false,
    };
}
