using Honnin.Registration;

namespace Honnin.Holder.Presentation;

/// <summary>Who asks: what the wallet could establish about the verifier.</summary>
/// <param name="Authenticated">Whether the verifier proved its identity (its request signature verified with a certificate that chains to a configured reader or registrar root).</param>
/// <param name="Subject">The requester certificate's subject, when a certificate was presented (verified or not).</param>
/// <param name="Problems">Why the identity is not established or the request is not answered, as stable codes (see <see cref="RequesterProblem"/>; empty when all is well).</param>
/// <param name="Registration">What a registrar registered the verifier for (domains, purpose, elements): only when its certificate chains to a configured registrar root.</param>
/// <param name="ClientId">
/// The identifier the response is bound to, taken from the certificate that signed the request — never from the
/// request body: <c>x509_hash:</c> and the base64url SHA-256 of the leaf certificate, or <c>x509_san_dns:</c> and one
/// of its DNS names when the request names that form. Null for an unsigned request.
/// </param>
public sealed record RequesterIdentity(bool Authenticated, string? Subject, IReadOnlyList<string> Problems, VerifierRegistration? Registration = null, ClientId? ClientId = null)
{
    /// <summary>A verifier that did not authenticate.</summary>
    public static RequesterIdentity Anonymous { get; } = new(Authenticated: false, Subject: null, [RequesterProblem.NotAuthenticated]);

    /// <summary>The registered purpose, when known.</summary>
    public string? Purpose => Registration?.Purpose;

    /// <summary>
    /// What the request itself says the elements are for (an OpenID4VP request's <c>purpose</c>), shown to the person
    /// and kept in their log; it never widens what the registration allows. Null when the request states none.
    /// </summary>
    public string? StatedPurpose { get; init; }

    /// <summary>Whether a problem stops the wallet from answering at all (a failed signature, a stale or unbound request).</summary>
    public bool IsRejected => Problems.Any(RequesterProblem.IsRejection);

    /// <summary>This identity with one more problem.</summary>
    /// <param name="problem">The code.</param>
    /// <returns>A new identity.</returns>
    internal RequesterIdentity WithProblem(string problem) => this with { Problems = [.. Problems, problem] };
}
