using System.Diagnostics.CodeAnalysis;

namespace Honnin.OpenId4Vc;

/// <summary>
/// How a Credential Offer reaches the wallet (OpenID4VCI 1.0 §4.1): an <c>openid-credential-offer://</c> link (or the
/// wallet's own https offer endpoint) carrying the offer by value (<c>credential_offer</c>) or by reference
/// (<c>credential_offer_uri</c>, an https URL the wallet fetches). Exactly one of the two is present.
/// </summary>
public sealed class CredentialOfferLink
{
    /// <summary>The scheme of a wallet-agnostic offer link.</summary>
    public const string Scheme = "openid-credential-offer";

    /// <summary>The longest link read (a QR code holds less).</summary>
    public const int MaxLength = 16 * 1024;

    private CredentialOfferLink(CredentialOffer? offer, Uri? offerUri)
    {
        Offer = offer;
        OfferUri = offerUri;
    }

    /// <summary>The offer, when the link carries it by value.</summary>
    public CredentialOffer? Offer { get; }

    /// <summary>Where to fetch the offer, when the link carries it by reference.</summary>
    public Uri? OfferUri { get; }

    /// <summary>The link for an offer by value.</summary>
    /// <param name="offer">The offer.</param>
    /// <param name="walletEndpoint">The wallet's own offer endpoint, or null for <c>openid-credential-offer://</c>.</param>
    /// <returns>The link.</returns>
    public static string ByValue(CredentialOffer offer, string? walletEndpoint = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return Prefix(walletEndpoint) + "credential_offer=" + Uri.EscapeDataString(offer.ToJson().ToJsonString());
    }

    /// <summary>The link for an offer by reference.</summary>
    /// <param name="offerUri">Where the wallet fetches the offer: https (http only on loopback).</param>
    /// <param name="walletEndpoint">The wallet's own offer endpoint, or null for <c>openid-credential-offer://</c>.</param>
    /// <returns>The link.</returns>
    /// <exception cref="ArgumentException">The offer URI is not https.</exception>
    public static string ByReference(Uri offerUri, string? walletEndpoint = null)
    {
        ArgumentNullException.ThrowIfNull(offerUri);
        return CredentialOffer.IsIssuerIdentifier(offerUri.GetLeftPart(UriPartial.Path)) && offerUri.Fragment.Length == 0
            ? Prefix(walletEndpoint) + "credential_offer_uri=" + Uri.EscapeDataString(offerUri.AbsoluteUri)
            : throw new ArgumentException("An offer URI is https (plain http only on loopback).", nameof(offerUri));
    }

    /// <summary>Reads a link (as scanned from a QR code or opened on the same device).</summary>
    /// <param name="link">The link.</param>
    /// <returns>The offer, or where to fetch it.</returns>
    /// <exception cref="CredentialFormatException">It is not an offer link, or the offer in it does not read (<see cref="OpenId4VcFailureCodes.OfferMalformed"/>).</exception>
    public static CredentialOfferLink Parse(string link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (link.Length > MaxLength || !Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri)
            || !(uri.Scheme == Scheme || uri.Scheme == Uri.UriSchemeHttps))
        {
            throw Malformed("The text is not an openid-credential-offer:// link or a wallet's https offer endpoint.");
        }

        string? byValue = null, byReference = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            if (name is "credential_offer" or "credential_offer_uri")
            {
                if ((name == "credential_offer" ? byValue : byReference) is not null)
                {
                    throw Malformed($"The link names {name} twice.");
                }

                if (name == "credential_offer")
                {
                    byValue = value;
                }
                else
                {
                    byReference = value;
                }
            }
        }

        if ((byValue is null) == (byReference is null))
        {
            throw Malformed("The link carries neither or both of credential_offer and credential_offer_uri.");
        }

        if (byValue is not null)
        {
            return new CredentialOfferLink(CredentialOffer.Parse(byValue), null);
        }

        return Uri.TryCreate(byReference, UriKind.Absolute, out var reference)
            && (reference.Scheme == Uri.UriSchemeHttps || (reference.Scheme == Uri.UriSchemeHttp && reference.IsLoopback))
            && reference.Fragment.Length == 0
            ? new CredentialOfferLink(null, reference)
            : throw Malformed("credential_offer_uri is not an https URL (plain http only on loopback).");
    }

    /// <summary>Reads a link without throwing.</summary>
    /// <param name="link">The link.</param>
    /// <param name="offerLink">The link, when it reads.</param>
    /// <param name="error">Why it does not.</param>
    /// <returns>Whether it reads.</returns>
    public static bool TryParse(string link, [NotNullWhen(true)] out CredentialOfferLink? offerLink, [NotNullWhen(false)] out CredentialFormatException? error) =>
        CredentialFormatException.Try(() => Parse(link), out offerLink, out error);

    private static string Prefix(string? walletEndpoint)
    {
        if (walletEndpoint is null)
        {
            return Scheme + "://?";
        }

        return Uri.TryCreate(walletEndpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme == Uri.UriSchemeHttps && endpoint.Query.Length == 0
            ? walletEndpoint + "?"
            : throw new ArgumentException("A wallet's offer endpoint is an https URL without a query.", nameof(walletEndpoint));
    }

    private static CredentialFormatException Malformed(string message) => new(OpenId4VcFailureCodes.OfferMalformed, message);
}
