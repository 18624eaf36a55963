using Honnin.OpenId4Vc;

namespace Honnin.Holder.Issuance;

/// <summary>
/// What an offer would bring, for the person to decide on before anything is asked of the issuer: who issues (its
/// identifier, checked against its metadata, and its names), which credentials, how many of each, and whether a
/// transaction code sent to the person apart is needed. Made by <see cref="OpenId4VciClient.PreviewAsync"/>; accepted
/// with <see cref="OpenId4VciClient.AcceptAsync"/>. It holds the offer's pre-authorized code, a secret, which it never
/// shows (<see cref="ToString"/> names none).
/// </summary>
public sealed class OfferPreview
{
    internal OfferPreview(CredentialOffer offer, CredentialIssuerMetadata metadata, AuthorizationServerMetadata authorizationServer, IReadOnlyList<OfferedCredential> credentials)
    {
        Offer = offer;
        Metadata = metadata;
        AuthorizationServer = authorizationServer;
        Credentials = credentials;
        PreAuthorizedCode = offer.PreAuthorizedCode;
    }

    /// <summary>The Credential Issuer Identifier (the offer's, which the issuer's metadata confirmed).</summary>
    public string CredentialIssuer => Metadata.CredentialIssuer;

    /// <summary>The issuer's names for itself, per locale.</summary>
    public IReadOnlyList<LocalizedName> IssuerDisplay => Metadata.Display;

    /// <summary>The issuer's name in Japanese, or null.</summary>
    public string? IssuerNameJa => LocalizedName.Find(Metadata.Display, "ja");

    /// <summary>The issuer's name in English, or null.</summary>
    public string? IssuerNameEn => LocalizedName.Find(Metadata.Display, "en");

    /// <summary>The offered credentials, in the order of the offer.</summary>
    public IReadOnlyList<OfferedCredential> Credentials { get; }

    /// <summary>Whether the person must type a transaction code the issuer sent apart (by mail, on paper).</summary>
    public bool RequiresTransactionCode => TransactionCode is not null;

    /// <summary>What the issuer says about the transaction code (input mode, length, where to find it), when one is needed.</summary>
    public TransactionCodeSpec? TransactionCode => PreAuthorizedCode?.TransactionCode;

    /// <summary>The issuer's authorization server identifier (the issuer itself unless its metadata names another).</summary>
    public string AuthorizationServerIssuer => AuthorizationServer.Issuer;

    internal CredentialOffer Offer { get; }

    internal CredentialIssuerMetadata Metadata { get; }

    internal AuthorizationServerMetadata AuthorizationServer { get; }

    internal PreAuthorizedCodeOfferGrant? PreAuthorizedCode { get; }

    /// <summary>Whether the offer can be received with its pre-authorized code (<c>AcceptAsync</c>).</summary>
    public bool OffersPreAuthorizedCode => PreAuthorizedCode is not null;

    /// <summary>
    /// Whether the offer can be received by signing in at the issuer (the authorization code flow with PAR and PKCE,
    /// <c>AcceptWithSignInAsync</c>): the offer carries an authorization code grant and the authorization server has the
    /// pushed authorization request and authorization endpoints and PKCE S256.
    /// </summary>
    public bool OffersSignIn =>
        Offer.AuthorizationCode is not null && AuthorizationServer.PushedAuthorizationRequestEndpoint is not null && AuthorizationServer.AuthorizationEndpoint is not null
        && AuthorizationServer.CodeChallengeMethods.Contains("S256", StringComparer.Ordinal);

    /// <summary>Names the issuer, the offered types and whether a transaction code is needed; never the pre-authorized code.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"OfferPreview({CredentialIssuer}: {string.Join(", ", Credentials.Select(c => c.Type))}; tx_code {(RequiresTransactionCode ? "required" : "not required")})";
}
