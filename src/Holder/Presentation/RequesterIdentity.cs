using Honnin.Registration;

namespace Honnin.Holder.Presentation;

/// <summary>Who asks: what the wallet could establish about the verifier.</summary>
/// <param name="Authenticated">Whether the verifier proved its identity (readerAuth verified and chained to a trusted reader or registrar root).</param>
/// <param name="Subject">The reader certificate's subject, when a certificate was presented (verified or not).</param>
/// <param name="Problems">Why the identity is not established, as stable codes (empty when authenticated).</param>
/// <param name="Registration">What a registrar registered the verifier for (domains, purpose, elements), when its certificate carries a registration and is authenticated.</param>
public sealed record RequesterIdentity(bool Authenticated, string? Subject, IReadOnlyList<string> Problems, VerifierRegistration? Registration = null)
{
    /// <summary>A verifier that did not authenticate.</summary>
    public static RequesterIdentity Anonymous { get; } = new(Authenticated: false, Subject: null, ["reader_not_authenticated"]);

    /// <summary>The registered purpose, when known.</summary>
    public string? Purpose => Registration?.Purpose;
}
