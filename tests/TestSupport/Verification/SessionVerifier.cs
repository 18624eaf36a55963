using Honnin.Verifier;
using Honnin.Verifier.SdJwt;

namespace Honnin.Tests.Verification;

/// <summary>
/// An <see cref="SdJwtVcVerifier"/> with the session of one test's exchange: the tests call <c>Verify(presentation)</c>
/// and the session (audience and nonce) goes with the call, as an application passes it per request. Without a
/// session (key binding forbidden) the call verifies outside an exchange.
/// </summary>
internal sealed class SessionVerifier(SdJwtVcVerifier verifier, SdJwtSession? session)
{
    /// <summary>The verifier itself, shared by every session.</summary>
    public SdJwtVcVerifier Verifier { get; } = verifier;

    /// <summary>The exchange's audience and nonce, if any.</summary>
    public SdJwtSession? Session { get; } = session;

    public VerificationResult Verify(string presentation) => Session is null ? Verifier.Verify(presentation) : Verifier.Verify(presentation, Session);

    public VerificationResult Verify(Honnin.SdJwt.SelectiveDisclosureJwt sdJwt) => Session is null ? Verifier.Verify(sdJwt) : Verifier.Verify(sdJwt, Session);

    /// <summary>The same verifier in another exchange.</summary>
    public SessionVerifier With(SdJwtSession? session) => new(Verifier, session);
}
