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

    /// <summary>
    /// How the host signs the employee in at the authorization endpoint (authorization code flow): returns the
    /// employee's id in HR's system, or null after writing its own answer (a login page, a redirect to the company's
    /// identity provider, 401). Required when <see cref="OpenId4VciIssuerOptions.AuthorizationCodeFlow"/> is set.
    /// </summary>
    public Func<Microsoft.AspNetCore.Http.HttpContext, Task<string?>>? AuthenticateEmployee { get; init; }

    /// <summary>The largest request body read by any route, in bytes; larger ones get 413.</summary>
    public int MaxRequestBody { get; init; } = 256 * 1024;

    /// <summary>Names nothing secret.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"IssuerServiceOptions({Issuer.CredentialIssuer})";
}
