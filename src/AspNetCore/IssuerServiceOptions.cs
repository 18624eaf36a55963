using Honnin.Issuer.Protocol;

namespace Honnin.AspNetCore;

/// <summary>The issuer service as ASP.NET Core hosts it: the protocol options and how the HR system authenticates.</summary>
public sealed record IssuerServiceOptions
{
    /// <summary>The OpenID4VCI issuer's options.</summary>
    public required OpenId4VciIssuerOptions Issuer { get; init; }

    /// <summary>
    /// The admin API's bearer token (at least 32 characters), compared in fixed time; the HR system sends it as
    /// <c>Authorization: Bearer …</c>. Null leaves the admin routes to the host's own authorization, which it must then
    /// add to the group <c>MapHonninIssuerAdmin()</c> returns.
    /// </summary>
    public string? AdminToken { get; init; }

    /// <summary>The largest request body read by any route, in bytes; larger ones get 413.</summary>
    public int MaxRequestBody { get; init; } = 256 * 1024;

    /// <summary>Names nothing secret.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"IssuerServiceOptions({Issuer.CredentialIssuer})";
}
