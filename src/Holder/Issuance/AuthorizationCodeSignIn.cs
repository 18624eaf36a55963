namespace Honnin.Holder.Issuance;

/// <summary>
/// How the wallet takes the person through the issuer's sign-in in the authorization code flow: the wallet's client id
/// and redirect URI, and what the app does with the authorization URL — open it in a browser (or an in-app browser tab)
/// and hand back the redirect URI the issuer sent the person to, with its code.
/// </summary>
/// <param name="ClientId">The wallet's <c>client_id</c> at the authorization server.</param>
/// <param name="RedirectUri">Where the issuer sends the person back (an https URI of the app, a private-use scheme, or loopback).</param>
/// <param name="SignInAsync">Opens the authorization URL for the person and returns the redirect URI it came back to.</param>
public sealed record AuthorizationCodeSignIn(string ClientId, Uri RedirectUri, Func<Uri, CancellationToken, Task<Uri>> SignInAsync)
{
    /// <summary>Names the client; nothing secret.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"AuthorizationCodeSignIn({ClientId}, {RedirectUri})";
}
