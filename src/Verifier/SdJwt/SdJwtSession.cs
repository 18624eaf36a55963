namespace Honnin.Verifier.SdJwt;

/// <summary>
/// What the verifier knows of the exchange in which one SD-JWT VC presentation was received: the audience it asked the
/// wallet to bind to (its client identifier) and the nonce it sent. It is passed with each call, so one
/// <see cref="SdJwtVcVerifier"/> serves every request (its loaded keys and validated chains stay warm).
/// </summary>
public sealed record SdJwtSession
{
    /// <summary>Creates a session.</summary>
    /// <param name="audience">The KB-JWT <c>aud</c> the verifier expects: its client identifier.</param>
    /// <param name="nonce">The KB-JWT <c>nonce</c> the verifier sent for this presentation.</param>
    /// <param name="at">The verification time; the verifier's clock when null.</param>
    /// <exception cref="ArgumentException">The audience or the nonce is null or empty.</exception>
    public SdJwtSession(string audience, string nonce, DateTimeOffset? at = null)
    {
        Audience = audience;
        Nonce = nonce;
        At = at;
    }

    /// <summary>The KB-JWT <c>aud</c> the verifier expects: its client identifier.</summary>
    public string Audience
    {
        get;
        init => field = string.IsNullOrEmpty(value) ? throw new ArgumentException("The audience must not be empty.", nameof(Audience)) : value;
    }

    /// <summary>The KB-JWT <c>nonce</c> the verifier sent for this presentation.</summary>
    public string Nonce
    {
        get;
        init => field = string.IsNullOrEmpty(value) ? throw new ArgumentException("The nonce must not be empty.", nameof(Nonce)) : value;
    }

    /// <summary>The verification time; the verifier's clock when null.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Names the audience, never the nonce.</summary>
    public override string ToString() => $"SdJwtSession({Audience})";
}
