namespace Honnin.Verifier.SdJwt;

/// <summary>
/// Whether the verifier requires holder key binding (a KB-JWT signed with <c>cnf.jwk</c>). This is the verifier's
/// policy, never decided by whether a KB-JWT happens to be sent (RFC 9901 §7.3).
/// </summary>
public enum KeyBindingPolicy
{
    /// <summary>A valid KB-JWT with the expected audience, nonce and a fresh <c>iat</c> is required (the default).</summary>
    Required,

    /// <summary>A KB-JWT is not required; when one is sent, it must be valid in every respect <see cref="Required"/> checks.</summary>
    Optional,

    /// <summary>A plain SD-JWT is expected: a presentation that carries a KB-JWT is rejected.</summary>
    Forbidden,
}
