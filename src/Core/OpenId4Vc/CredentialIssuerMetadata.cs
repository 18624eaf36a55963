using System.Text.Json.Nodes;

namespace Honnin.OpenId4Vc;

/// <summary>
/// A Credential Issuer's metadata (OpenID4VCI 1.0 §12.2), as the issuer publishes it at <see cref="WellKnownUri"/>:
/// its endpoints, how many credentials a request may ask for at once, how it names itself, and one configuration per
/// credential it offers. Only the members this issuer uses are written.
/// </summary>
public sealed record CredentialIssuerMetadata
{
    /// <summary>The well-known path segment of issuer metadata.</summary>
    public const string WellKnownSegment = "/.well-known/openid-credential-issuer";

    /// <summary>The Credential Issuer Identifier (https, no query or fragment).</summary>
    public required string CredentialIssuer { get; init; }

    /// <summary>The credential endpoint.</summary>
    public required string CredentialEndpoint { get; init; }

    /// <summary>The authorization servers, when they are not the issuer itself.</summary>
    public IReadOnlyList<string> AuthorizationServers { get; init; } = [];

    /// <summary>The nonce endpoint (needed when proofs carry a <c>c_nonce</c>).</summary>
    public string? NonceEndpoint { get; init; }

    /// <summary>The deferred credential endpoint.</summary>
    public string? DeferredCredentialEndpoint { get; init; }

    /// <summary>The notification endpoint.</summary>
    public string? NotificationEndpoint { get; init; }

    /// <summary>The largest batch one credential request may ask for (<c>batch_credential_issuance.batch_size</c>, at least 2), or null for none.</summary>
    public int? BatchSize { get; init; }

    /// <summary>How the issuer names itself, per locale.</summary>
    public IReadOnlyList<LocalizedName> Display { get; init; } = [];

    /// <summary>The offered configurations, by id.</summary>
    public required IReadOnlyDictionary<string, CredentialConfiguration> Configurations { get; init; }

    /// <summary>
    /// Where the metadata of an issuer is published: the well-known segment inserted between the host and the path of
    /// the identifier (<c>https://host/tenant</c> → <c>https://host/.well-known/openid-credential-issuer/tenant</c>).
    /// </summary>
    /// <param name="credentialIssuer">The Credential Issuer Identifier.</param>
    /// <returns>The metadata URL.</returns>
    /// <exception cref="ArgumentException">The identifier is not https (http only on loopback), or has a query or fragment.</exception>
    public static Uri WellKnownUri(string credentialIssuer) => InsertWellKnown(credentialIssuer, WellKnownSegment);

    /// <summary>Inserts a well-known segment between the host and the path of an identifier.</summary>
    internal static Uri InsertWellKnown(string identifier, string segment)
    {
        if (!CredentialOffer.IsIssuerIdentifier(identifier))
        {
            throw new ArgumentException("An issuer identifier is an https URL without query or fragment (plain http only on loopback).", nameof(identifier));
        }

        var issuer = new Uri(identifier);
        var path = issuer.AbsolutePath.TrimEnd('/');
        return new Uri(issuer.GetLeftPart(UriPartial.Authority) + segment + path);
    }

    /// <summary>The metadata as JSON.</summary>
    /// <returns>A new object the caller owns.</returns>
    /// <exception cref="InvalidOperationException">The metadata is not complete (no configuration, a batch size below 2, an identifier that is not https).</exception>
    public JsonObject ToJson()
    {
        if (!CredentialOffer.IsIssuerIdentifier(CredentialIssuer) || Configurations.Count == 0 || BatchSize is < 2)
        {
            throw new InvalidOperationException("Issuer metadata needs an https identifier, at least one configuration, and a batch size of at least 2 when one is given.");
        }

        var root = new JsonObject { ["credential_issuer"] = CredentialIssuer };
        if (AuthorizationServers.Count > 0)
        {
            root["authorization_servers"] = new JsonArray([.. AuthorizationServers.Select(s => (JsonNode)s)]);
        }

        root["credential_endpoint"] = CredentialEndpoint;
        Set(root, "nonce_endpoint", NonceEndpoint);
        Set(root, "deferred_credential_endpoint", DeferredCredentialEndpoint);
        Set(root, "notification_endpoint", NotificationEndpoint);
        if (BatchSize is { } batch)
        {
            root["batch_credential_issuance"] = new JsonObject { ["batch_size"] = batch };
        }

        if (Display.Count > 0)
        {
            root["display"] = LocalizedName.ToJson(Display);
        }

        var configurations = new JsonObject();
        foreach (var (id, configuration) in Configurations.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            configurations[id] = configuration.ToJson();
        }

        root["credential_configurations_supported"] = configurations;
        return root;
    }

    private static void Set(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }
}

/// <summary>
/// One offered credential (OpenID4VCI 1.0 §12.2.4, Appendix A): <c>dc+sd-jwt</c> with its <c>vct</c>, or
/// <c>mso_mdoc</c> with its <c>doctype</c>; bound to a key the wallet proves with a JWT proof.
/// </summary>
/// <param name="Format"><see cref="SdJwtFormat"/> or <see cref="MdocFormat"/>.</param>
/// <param name="Type">The <c>vct</c> (SD-JWT VC) or the <c>doctype</c> (mdoc).</param>
/// <param name="Display">The credential's name per locale.</param>
/// <param name="ProofSigningAlgorithms">The JWS algorithms the wallet's key proofs may use.</param>
/// <param name="Scope">The OAuth scope that asks for it in the authorization code flow, if any.</param>
public sealed record CredentialConfiguration(string Format, string Type, IReadOnlyList<LocalizedName> Display, IReadOnlyList<string> ProofSigningAlgorithms, string? Scope = null)
{
    /// <summary>The format identifier of SD-JWT VC.</summary>
    public const string SdJwtFormat = "dc+sd-jwt";

    /// <summary>The format identifier of an ISO mdoc.</summary>
    public const string MdocFormat = "mso_mdoc";

    /// <summary>The configuration as JSON.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["format"] = Format };
        if (Scope is not null)
        {
            json["scope"] = Scope;
        }

        json[Format == MdocFormat ? "doctype" : "vct"] = Type;
        json["cryptographic_binding_methods_supported"] = new JsonArray(Format == MdocFormat ? "cose_key" : "jwk");
        json["proof_types_supported"] = new JsonObject
        {
            ["jwt"] = new JsonObject { ["proof_signing_alg_values_supported"] = new JsonArray([.. ProofSigningAlgorithms.Select(a => (JsonNode)a)]) },
        };
        if (Display.Count > 0)
        {
            json["credential_metadata"] = new JsonObject { ["display"] = LocalizedName.ToJson(Display) };
        }

        return json;
    }
}

/// <summary>A name for people in one locale (BCP 47), as metadata displays it.</summary>
/// <param name="Name">The name.</param>
/// <param name="Locale">The locale, e.g. <c>ja</c> or <c>en</c>.</param>
public sealed record LocalizedName(string Name, string Locale)
{
    internal static JsonArray ToJson(IEnumerable<LocalizedName> names) =>
        new([.. names.Select(n => (JsonNode)new JsonObject { ["name"] = n.Name, ["locale"] = n.Locale })]);
}
