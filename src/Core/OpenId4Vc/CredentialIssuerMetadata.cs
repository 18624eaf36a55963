using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.OpenId4Vc;

/// <summary>
/// A Credential Issuer's metadata (OpenID4VCI 1.0 §12.2), as the issuer publishes it at <see cref="WellKnownUri"/>:
/// its endpoints, how many credentials a request may ask for at once, how it names itself, and one configuration per
/// credential it offers. Only the members this issuer uses are written; <see cref="Parse"/> reads what a wallet needs
/// and ignores the rest, as the specification asks.
/// </summary>
public sealed record CredentialIssuerMetadata
{
    /// <summary>The well-known path segment of issuer metadata.</summary>
    public const string WellKnownSegment = "/.well-known/openid-credential-issuer";

    /// <summary>The largest metadata document read, in bytes.</summary>
    public const int MaxLength = 256 * 1024;

    // Claims metadata nests: configuration → credential_metadata → claims → claim → display → name.
    private const int MaxDepth = 12;

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
    /// The ids of configurations in formats this implementation does not read (other than <c>dc+sd-jwt</c> and
    /// <c>mso_mdoc</c>): <see cref="Parse"/> keeps only their ids, so that a wallet can say why it cannot accept an offer
    /// of one; <see cref="ToJson"/> writes nothing for them.
    /// </summary>
    public IReadOnlyList<string> OtherFormatConfigurationIds { get; init; } = [];

    /// <summary>
    /// Where the metadata of an issuer is published: the well-known segment inserted between the host and the path of
    /// the identifier (<c>https://host/tenant</c> → <c>https://host/.well-known/openid-credential-issuer/tenant</c>).
    /// </summary>
    /// <param name="credentialIssuer">The Credential Issuer Identifier.</param>
    /// <returns>The metadata URL.</returns>
    /// <exception cref="ArgumentException">The identifier is not https (http only on loopback), or has a query or fragment.</exception>
    public static Uri WellKnownUri(string credentialIssuer) => InsertWellKnown(credentialIssuer, WellKnownSegment);

    /// <summary>
    /// Reads metadata and checks that it is the metadata of the issuer it was fetched for: <c>credential_issuer</c>
    /// equals <paramref name="expectedIssuer"/> exactly (OpenID4VCI 1.0 §12.2.3), and every endpoint and authorization
    /// server is https (plain http only on loopback). Each configuration of a format this implementation reads must name
    /// its type (<c>vct</c> or <c>doctype</c>), and one that binds credentials to keys must say which proofs it takes.
    /// Unknown members are ignored; a known member of the wrong type is refused.
    /// </summary>
    /// <param name="utf8Json">The document, at most <see cref="MaxLength"/> bytes.</param>
    /// <param name="expectedIssuer">The Credential Issuer Identifier the wallet fetched the metadata for (from the offer).</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="CredentialFormatException">It is not usable metadata, or names another issuer (<see cref="OpenId4VcFailureCodes.MetadataMalformed"/>).</exception>
    public static CredentialIssuerMetadata Parse(ReadOnlySpan<byte> utf8Json, string expectedIssuer)
    {
        ArgumentNullException.ThrowIfNull(expectedIssuer);
        var json = Messages.ParseObject(utf8Json, MaxLength, OpenId4VcFailureCodes.MetadataMalformed, "issuer metadata", MaxDepth);
        var issuer = Text(json, "credential_issuer");
        if (!string.Equals(issuer, expectedIssuer, StringComparison.Ordinal))
        {
            throw Malformed("The issuer metadata names another credential_issuer than the one it was fetched for (OpenID4VCI 1.0 §12.2.3).");
        }

        if (!CredentialOffer.IsIssuerIdentifier(issuer))
        {
            throw Malformed("The credential_issuer is not an https URL without query or fragment (plain http only on loopback).");
        }

        var servers = new List<string>();
        if (json["authorization_servers"] is { } serversNode)
        {
            if (serversNode is not JsonArray { Count: > 0 } array)
            {
                throw Malformed("authorization_servers is not a non-empty array.");
            }

            foreach (var server in array)
            {
                servers.Add(server is JsonValue value && value.GetValueKind() == JsonValueKind.String && CredentialOffer.IsIssuerIdentifier(value.GetValue<string>())
                    ? value.GetValue<string>()
                    : throw Malformed("An authorization server is not an https URL without query or fragment (plain http only on loopback)."));
            }
        }

        int? batchSize = null;
        if (json["batch_credential_issuance"] is { } batchNode)
        {
            batchSize = batchNode is JsonObject batch && Messages.PositiveInteger(batch, "batch_size") is { } size && size >= 2
                ? size
                : throw Malformed("batch_credential_issuance has no batch_size of at least 2.");
        }

        if (json["credential_configurations_supported"] is not JsonObject { Count: > 0 } configurationsNode)
        {
            throw Malformed("credential_configurations_supported is not a non-empty object.");
        }

        var configurations = new Dictionary<string, CredentialConfiguration>(StringComparer.Ordinal);
        var others = new List<string>();
        foreach (var (id, node) in configurationsNode)
        {
            if (id.Length == 0 || node is not JsonObject configuration)
            {
                throw Malformed("A credential configuration is not an object under a non-empty id.");
            }

            if (CredentialConfiguration.Read(configuration) is { } read)
            {
                configurations[id] = read;
            }
            else
            {
                others.Add(id);
            }
        }

        return new CredentialIssuerMetadata
        {
            CredentialIssuer = issuer!,
            CredentialEndpoint = Endpoint(json, "credential_endpoint") ?? throw Malformed("The issuer metadata has no credential_endpoint."),
            AuthorizationServers = servers.AsReadOnly(),
            NonceEndpoint = Endpoint(json, "nonce_endpoint"),
            DeferredCredentialEndpoint = Endpoint(json, "deferred_credential_endpoint"),
            NotificationEndpoint = Endpoint(json, "notification_endpoint"),
            BatchSize = batchSize,
            Display = LocalizedName.Read(json["display"], "display"),
            Configurations = configurations,
            OtherFormatConfigurationIds = others.AsReadOnly(),
        };
    }

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

    // An optional endpoint: absent, or an https URL (plain http only on loopback) without query or fragment.
    private static string? Endpoint(JsonObject json, string name)
    {
        var endpoint = Text(json, name);
        return endpoint is null || CredentialOffer.IsIssuerIdentifier(endpoint)
            ? endpoint
            : throw Malformed($"{name} is not an https URL without query or fragment (plain http only on loopback).");
    }

    /// <summary>A string member, or null when absent (or JSON null); refused when present with another type.</summary>
    internal static string? Text(JsonObject json, string name) =>
        json[name] switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => throw Malformed($"{name} is not a string."),
        };

    internal static CredentialFormatException Malformed(string message) => new(OpenId4VcFailureCodes.MetadataMalformed, message);
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

    /// <summary>
    /// Reads one entry of <c>credential_configurations_supported</c>; null for a format other than
    /// <see cref="SdJwtFormat"/> and <see cref="MdocFormat"/>.
    /// </summary>
    internal static CredentialConfiguration? Read(JsonObject json)
    {
        var format = CredentialIssuerMetadata.Text(json, "format") ?? throw CredentialIssuerMetadata.Malformed("A credential configuration has no format.");
        if (format is not (SdJwtFormat or MdocFormat))
        {
            return null;
        }

        var typeMember = format == MdocFormat ? "doctype" : "vct";
        var type = CredentialIssuerMetadata.Text(json, typeMember) is { Length: > 0 } text
            ? text
            : throw CredentialIssuerMetadata.Malformed($"A {format} configuration has no {typeMember}.");
        var scope = CredentialIssuerMetadata.Text(json, "scope");

        // Binding methods are present exactly when the credential is bound to a key, and then the proofs are named
        // (§12.2.4): a configuration that binds without saying how to prove the key cannot be asked for.
        var algorithms = new List<string>();
        if (json["proof_types_supported"] is { } proofTypesNode)
        {
            if (proofTypesNode is not JsonObject proofTypes)
            {
                throw CredentialIssuerMetadata.Malformed("proof_types_supported is not an object.");
            }

            if (proofTypes["jwt"] is { } jwtNode)
            {
                if (jwtNode is not JsonObject jwt || jwt["proof_signing_alg_values_supported"] is not JsonArray { Count: > 0 } values
                    || values.Any(v => v is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length == 0))
                {
                    throw CredentialIssuerMetadata.Malformed("proof_types_supported.jwt has no proof_signing_alg_values_supported array of names.");
                }

                algorithms.AddRange(values.Select(v => v!.GetValue<string>()));
            }
        }
        else if (json.ContainsKey("cryptographic_binding_methods_supported"))
        {
            throw CredentialIssuerMetadata.Malformed("A configuration names cryptographic_binding_methods_supported but no proof_types_supported.");
        }

        IReadOnlyList<LocalizedName> display = [];
        if (json["credential_metadata"] is { } metadataNode)
        {
            display = metadataNode is JsonObject metadata
                ? LocalizedName.Read(metadata["display"], "credential_metadata.display")
                : throw CredentialIssuerMetadata.Malformed("credential_metadata is not an object.");
        }

        return new CredentialConfiguration(format, type, display, algorithms.AsReadOnly(), scope);
    }

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
/// <param name="Locale">The locale, e.g. <c>ja</c> or <c>en</c>; empty for a name the metadata gives without one.</param>
public sealed record LocalizedName(string Name, string Locale)
{
    /// <summary>The name for a locale: an exact match (ignoring case), else one of its language (<c>ja</c> for <c>ja-JP</c>), else null.</summary>
    /// <param name="names">The names, as metadata lists them.</param>
    /// <param name="locale">The locale wanted, e.g. <c>ja</c> or <c>en-US</c>.</param>
    /// <returns>The name, or null when none is in that language.</returns>
    public static string? Find(IEnumerable<LocalizedName> names, string locale)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(locale);
        var list = names as IReadOnlyList<LocalizedName> ?? [.. names];
        var language = Language(locale);
        return list.FirstOrDefault(n => string.Equals(n.Locale, locale, StringComparison.OrdinalIgnoreCase))?.Name
            ?? list.FirstOrDefault(n => n.Locale.Length > 0 && string.Equals(Language(n.Locale), language, StringComparison.OrdinalIgnoreCase))?.Name;
    }

    internal static JsonArray ToJson(IEnumerable<LocalizedName> names) =>
        new([.. names.Select(n => (JsonNode)(n.Locale.Length == 0 ? new JsonObject { ["name"] = n.Name } : new JsonObject { ["name"] = n.Name, ["locale"] = n.Locale }))]);

    // A display array (§12.2.4): objects with an optional name and locale; entries without a name (a logo only) are skipped.
    internal static IReadOnlyList<LocalizedName> Read(JsonNode? node, string what)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            throw CredentialIssuerMetadata.Malformed($"{what} is not an array.");
        }

        var names = new List<LocalizedName>(array.Count);
        foreach (var entry in array)
        {
            if (entry is not JsonObject item)
            {
                throw CredentialIssuerMetadata.Malformed($"An entry of {what} is not an object.");
            }

            if (CredentialIssuerMetadata.Text(item, "name") is { } name)
            {
                names.Add(new LocalizedName(name, CredentialIssuerMetadata.Text(item, "locale") ?? string.Empty));
            }
        }

        return names.AsReadOnly();
    }

    private static string Language(string locale)
    {
        var dash = locale.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? locale : locale[..dash];
    }
}
