using Honnin.Verifier.Protocol;

namespace Honnin.AspNetCore;

/// <summary>The verifier service as ASP.NET Core hosts it: the protocol options and how the requesting system authenticates.</summary>
public sealed record VerifierServiceOptions
{
    /// <summary>The OpenID4VP verifier's options.</summary>
    public required OpenId4VpVerifierOptions Verifier { get; init; }

    /// <summary>
    /// The admin API's bearer token (at least 32 characters), compared in fixed time; the requesting system sends it as
    /// <c>Authorization: Bearer …</c>. Null leaves the admin routes to the host's own authorization, which it must then
    /// add to the group <c>MapHonninVerifierAdmin()</c> returns.
    /// </summary>
    public string? AdminToken { get; init; }

    /// <summary>
    /// The procedure the service asks for when the requesting system names none: <c>POST /admin/transactions</c> without
    /// a <c>dcql_query</c> uses this query (and <see cref="DefaultPurpose"/>). Null: every request names its query.
    /// </summary>
    public Dcql.DcqlQuery? DefaultQuery { get; init; }

    /// <summary>The purpose of <see cref="DefaultQuery"/>, shown to the person.</summary>
    public string? DefaultPurpose { get; init; }

    /// <summary>The largest admin request body read, in bytes; larger ones get 413. (Wallet responses are bounded by <see cref="OpenId4VpVerifierOptions.MaxResponseBody"/>.)</summary>
    public int MaxRequestBody { get; init; } = 64 * 1024;

    /// <summary>Names nothing secret.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"VerifierServiceOptions({Verifier.BaseUri})";
}
