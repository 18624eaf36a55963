using Honnin.Crypto;
using Honnin.SdJwt;

namespace Honnin.Holder.SdJwt;

/// <summary>The holder's act on an SD-JWT: reveal chosen claims and bind them to one verifier with a KB-JWT.</summary>
public static class SdJwtPresentation
{
    /// <summary>
    /// Selects the Disclosures for <paramref name="claims"/> (<see cref="SelectiveDisclosureJwt.SelectDisclosures"/>)
    /// and binds the presentation to a verifier with a KB-JWT. This applies no policy: <see cref="SdJwtVcHolder"/> is
    /// the wallet that decides what may be released.
    /// </summary>
    /// <param name="credential">The SD-JWT as issued.</param>
    /// <param name="claims">The claim paths to reveal.</param>
    /// <param name="audience">The verifier, as <c>aud</c>.</param>
    /// <param name="nonce">The verifier's nonce.</param>
    /// <param name="issuedAt">The <c>iat</c>, normally from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="holderSigner">The holder's key, matching <c>cnf.jwk</c>.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The SD-JWT+KB.</returns>
    /// <exception cref="ArgumentException">A path is not present in the SD-JWT.</exception>
    /// <exception cref="CredentialFormatException">The SD-JWT does not process.</exception>
    public static async ValueTask<SelectiveDisclosureJwt> PresentAsync(this SelectiveDisclosureJwt credential, IEnumerable<ClaimPath> claims, string audience, string nonce, DateTimeOffset issuedAt, ISigner holderSigner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var presentation = credential.SelectDisclosures(claims);
        var keyBinding = await KeyBindingJwt.CreateAsync(presentation, audience, nonce, issuedAt, holderSigner, cancellationToken).ConfigureAwait(false);
        return presentation.WithKeyBinding(keyBinding);
    }
}
