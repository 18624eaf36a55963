namespace Honnin.Holder.SdJwt;

/// <summary>What an SD-JWT VC response to a planned request is bound to: the requester's authenticated identity as audience, and its nonce.</summary>
/// <param name="Audience">The KB-JWT <c>aud</c>: the client identifier of the certificate that signed the request (an unsigned request is never answered), or the audience the person gave for their own selection.</param>
/// <param name="Nonce">The KB-JWT <c>nonce</c>.</param>
internal sealed record SdJwtBinding(string Audience, string Nonce);
