using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.OpenId4Vc;

/// <summary>
/// OpenID4VCI key proofs of the <c>jwt</c> proof type (OpenID4VCI 1.0 Appendix F.1): a JWT with <c>typ</c>
/// <c>openid4vci-proof+jwt</c>, the key the credential is to be bound to in the <c>jwk</c> header, and the claims
/// <c>aud</c> (the Credential Issuer Identifier), <c>iat</c>, <c>nonce</c> (the issuer's <c>c_nonce</c>) and, for a
/// client that has an identifier, <c>iss</c>.
/// </summary>
public static class KeyProof
{
    /// <summary>The <c>typ</c> of a key proof JWT (OpenID4VCI 1.0 Appendix F.1).</summary>
    public const string MediaType = "openid4vci-proof+jwt";

    /// <summary>Creates a key proof, one element of the Credential Request's <c>proofs.jwt</c> array.</summary>
    /// <param name="signer">The key the credential is to be bound to; its public key goes into the <c>jwk</c> header (never a <c>kid</c>).</param>
    /// <param name="credentialIssuer">The Credential Issuer Identifier, for <c>aud</c>.</param>
    /// <param name="issuedAt">The <c>iat</c>, normally from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="nonce">The <c>c_nonce</c> from the issuer's nonce endpoint; null only for an issuer without one.</param>
    /// <param name="clientId">The client's <c>client_id</c>, for <c>iss</c>; null (and <c>iss</c> left out) after anonymous access with a pre-authorized code.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The compact JWS.</returns>
    /// <exception cref="ArgumentException">The issuer or client identifier is empty, or the signer's algorithm is not a JWS signature algorithm.</exception>
    public static async ValueTask<string> CreateAsync(ISigner signer, string credentialIssuer, DateTimeOffset issuedAt, string? nonce, string? clientId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentException.ThrowIfNullOrEmpty(credentialIssuer);
        if (clientId is { Length: 0 })
        {
            throw new ArgumentException("A client identifier is not empty; pass null for anonymous access.", nameof(clientId));
        }

        var claims = new JsonObject();
        if (clientId is not null)
        {
            claims["iss"] = clientId;
        }

        claims["aud"] = credentialIssuer;
        claims["iat"] = JwtNumericDate.ToNode(issuedAt);
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        return await ProofJwt.SignAsync(signer, MediaType, claims, cancellationToken).ConfigureAwait(false);
    }
}
