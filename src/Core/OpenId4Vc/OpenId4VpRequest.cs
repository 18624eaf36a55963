using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.Registration;

namespace Honnin.OpenId4Vc;

/// <summary>
/// An OpenID4VP 1.0 Authorization Request as a signed request object (§5, JAR with <c>typ</c> <see cref="MediaType"/>):
/// who asks (<c>client_id</c>, tied to the signing certificate in <c>x5c</c>), what for (a DCQL query and the stated
/// purpose), where the answer goes (<c>response_mode</c> <c>direct_post</c> or <c>direct_post.jwt</c> and
/// <c>response_uri</c>, or the DC API's <c>dc_api</c> / <c>dc_api.jwt</c>), and what binds it (<c>nonce</c>,
/// <c>state</c>, <c>iat</c>/<c>exp</c>, the wallet's <c>wallet_nonce</c>, the encryption key in
/// <c>client_metadata.jwks</c>). Reading checks shape only; the wallet checks the signature and the certificate.
/// </summary>
public sealed class OpenId4VpRequest
{
    /// <summary>The JWS <c>typ</c> of a request object (RFC 9101).</summary>
    public const string MediaType = "oauth-authz-req+jwt";

    /// <summary>The <c>aud</c> of a request object fetched by <c>request_uri</c> (OpenID4VP §5.8, static discovery).</summary>
    public const string SelfIssuedAudience = "https://self-issued.me/v2";

    /// <summary>Response mode: the wallet posts the parameters as a form.</summary>
    public const string DirectPost = "direct_post";

    /// <summary>Response mode: the wallet posts the parameters encrypted in a JWE (<c>response</c>).</summary>
    public const string DirectPostJwt = "direct_post.jwt";

    /// <summary>Response mode of the Digital Credentials API, plain.</summary>
    public const string DcApi = "dc_api";

    /// <summary>Response mode of the Digital Credentials API, encrypted.</summary>
    public const string DcApiJwt = "dc_api.jwt";

    /// <summary>The longest request object read, in characters.</summary>
    public const int MaxLength = 64 * 1024;

    private const int MaxPurposeLength = 512;
    private const int MaxKeys = 8;

    /// <summary>The verifier's client identifier, prefix included: the audience of every presentation.</summary>
    public required ClientId ClientId { get; init; }

    /// <summary>How the wallet answers: <see cref="DirectPost"/>, <see cref="DirectPostJwt"/>, <see cref="DcApi"/> or <see cref="DcApiJwt"/>.</summary>
    public required string ResponseMode { get; init; }

    /// <summary>Where the wallet posts its answer (<c>direct_post</c> modes); null for the DC API.</summary>
    public Uri? ResponseUri { get; init; }

    /// <summary>The nonce every presentation must carry.</summary>
    public required string Nonce { get; init; }

    /// <summary>The value the response returns, if the verifier sets one.</summary>
    public string? State { get; init; }

    /// <summary>The DCQL query (OpenID4VP §6), as JSON text.</summary>
    public required string DcqlQuery { get; init; }

    /// <summary>What the verifier says the elements are for, shown to the person and kept in their log (a Honnin extension member, <c>purpose</c>; other wallets ignore it).</summary>
    public string? Purpose { get; init; }

    /// <summary>The keys the wallet may encrypt the response to (<c>client_metadata.jwks</c>): for <c>direct_post.jwt</c>, the transaction's ephemeral key.</summary>
    public IReadOnlyList<JsonWebKey> EncryptionKeys { get; init; } = [];

    /// <summary>The content encryptions the verifier accepts (<c>client_metadata.encrypted_response_enc_values_supported</c>; A128GCM when absent).</summary>
    public IReadOnlyList<string> EncryptionValues { get; init; } = [];

    /// <summary>When the verifier made the request object.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>Until when the request object may be answered.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The request object's <c>aud</c>, if any.</summary>
    public string? Audience { get; init; }

    /// <summary>The wallet's nonce the verifier echoes when the wallet fetched with a POST.</summary>
    public string? WalletNonce { get; init; }

    /// <summary>For a signed DC API request: the origins the request may arrive from.</summary>
    public IReadOnlyList<string> ExpectedOrigins { get; init; } = [];

    /// <summary>The request object as received or signed; null for one built and not yet signed.</summary>
    public CompactJws? Jws { get; private init; }

    /// <summary>Whether the answer is encrypted.</summary>
    public bool IsEncrypted => ResponseMode is DirectPostJwt or DcApiJwt;

    /// <summary>The request object's payload.</summary>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["client_id"] = ClientId.Value,
            ["response_type"] = "vp_token",
            ["response_mode"] = ResponseMode,
            ["nonce"] = Nonce,
            ["dcql_query"] = StrictJson.Parse(System.Text.Encoding.UTF8.GetBytes(DcqlQuery)),
        };
        if (ResponseUri is not null)
        {
            json["response_uri"] = ResponseUri.AbsoluteUri;
        }

        Add(json, "state", State);
        Add(json, "purpose", Purpose);
        Add(json, "aud", Audience);
        Add(json, "wallet_nonce", WalletNonce);
        if (IssuedAt is { } iat)
        {
            json["iat"] = JwtNumericDate.ToNode(iat);
        }

        if (ExpiresAt is { } exp)
        {
            json["exp"] = JwtNumericDate.ToNode(exp);
        }

        if (ExpectedOrigins.Count > 0)
        {
            json["expected_origins"] = new JsonArray([.. ExpectedOrigins.Select(o => (JsonNode)o)]);
        }

        var metadata = new JsonObject
        {
            ["vp_formats_supported"] = new JsonObject
            {
                ["mso_mdoc"] = new JsonObject { ["issuerauth_alg_values"] = new JsonArray(-7, -9, -35, -36, -8), ["deviceauth_alg_values"] = new JsonArray(-7, -9, -35, -36, -8) },
                ["dc+sd-jwt"] = new JsonObject { ["sd-jwt_alg_values"] = new JsonArray("ES256", "ES384", "ES512", "EdDSA"), ["kb-jwt_alg_values"] = new JsonArray("ES256", "ES384", "ES512", "EdDSA") },
            },
        };
        if (EncryptionKeys.Count > 0)
        {
            metadata["jwks"] = new JsonObject { ["keys"] = new JsonArray([.. EncryptionKeys.Select(EncryptionJwk)]) };
        }

        if (EncryptionValues.Count > 0)
        {
            metadata["encrypted_response_enc_values_supported"] = new JsonArray([.. EncryptionValues.Select(v => (JsonNode)v)]);
        }

        json["client_metadata"] = metadata;
        return json;
    }

    /// <summary>The <c>data</c> of an unsigned DC API request (<c>openid4vp-v1-unsigned</c>): the parameters without <c>client_id</c>, which such a request must not carry.</summary>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToUnsignedDcApiData()
    {
        var json = ToJson();
        json.Remove("client_id");
        json.Remove("expected_origins");
        json.Remove("aud");
        return json;
    }

    /// <summary>Signs the request object with the verifier's certificate key, its chain in <c>x5c</c>.</summary>
    /// <param name="signer">The key of the leaf certificate.</param>
    /// <param name="chain">The certificates (DER), leaf first; the registrar root is not sent.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The signed request, <see cref="Jws"/> set.</returns>
    public async Task<OpenId4VpRequest> SignAsync(ISigner signer, IReadOnlyList<ReadOnlyMemory<byte>> chain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(chain);
        var header = new JsonObject
        {
            ["typ"] = MediaType,
            ["x5c"] = new JsonArray([.. chain.Select(c => (JsonNode)Convert.ToBase64String(c.Span))]),
        };
        var jws = await CompactJws.CreateAsync(header, ToJson(), signer, cancellationToken).ConfigureAwait(false);
        return Read(jws);
    }

    /// <summary>Reads a request object (its signature is checked by whoever trusts the signer).</summary>
    /// <param name="text">The compact JWS.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CredentialFormatException">It is not a well-formed OpenID4VP request object this implementation answers (<see cref="OpenId4VcFailureCodes.RequestMalformed"/>, or a JOSE code).</exception>
    public static OpenId4VpRequest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw Malformed($"The request object is longer than {MaxLength} characters.");
        }

        return Read(CompactJws.Parse(text));
    }

    /// <summary>Reads a request object without throwing.</summary>
    /// <param name="text">The compact JWS.</param>
    /// <param name="request">The request, when it reads.</param>
    /// <param name="error">Why it does not.</param>
    /// <returns>Whether it reads.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out OpenId4VpRequest? request, [NotNullWhen(false)] out CredentialFormatException? error) =>
        CredentialFormatException.Try(() => Parse(text), out request, out error);

    /// <summary>
    /// Reads a request that arrived over the W3C Digital Credentials API (OpenID4VP 1.0 Appendix A): the <c>data</c> of
    /// protocol <c>openid4vp-v1-signed</c> (<c>{"request": JWS}</c>, whose <c>expected_origins</c> must hold
    /// <paramref name="origin"/> exactly) or <c>openid4vp-v1-unsigned</c> (the parameters themselves; a
    /// <c>client_id</c> in it is ignored). Either way the answer's audience is <c>origin:</c> and the origin the
    /// platform gave, which is then <see cref="ClientId"/> of an unsigned request.
    /// </summary>
    /// <param name="data">The request's <c>data</c>.</param>
    /// <param name="origin">The origin of the page that called the API, as the platform gave it.</param>
    /// <returns>The request; <see cref="Jws"/> is set for a signed one.</returns>
    /// <exception cref="CredentialFormatException">It is not a DC API request this implementation answers (<see cref="OpenId4VcFailureCodes.RequestMalformed"/>).</exception>
    public static OpenId4VpRequest ReadDcApi(JsonObject data, string origin)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(origin);
        if (!ClientId.TryParse(OriginPrefix + origin, out var originId))
        {
            throw Malformed("The origin is not one an answer can be bound to.");
        }

        OpenId4VpRequest request;
        if (data.ContainsKey("request"))
        {
            if (data.Count != 1 || data["request"] is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length > MaxLength)
            {
                throw Malformed("A signed DC API request carries one compact JWS as 'request' and nothing else.");
            }

            request = Read(CompactJws.Parse(text));
            if (!request.ExpectedOrigins.Contains(origin, StringComparer.Ordinal))
            {
                throw Malformed("The signed request's expected_origins do not hold the origin it came from (a replay from another site).");
            }
        }
        else
        {
            request = ReadPayload(data, jws: null, originId);
        }

        return request.ResponseMode is DcApi or DcApiJwt
            ? request
            : throw Malformed("A DC API request is answered with dc_api or dc_api.jwt.");
    }

    /// <summary>The prefix of the audience every answer over the DC API is bound to (<c>origin:</c> and the origin).</summary>
    public const string OriginPrefix = "origin:";

    private static OpenId4VpRequest Read(CompactJws jws)
    {
        if (jws.Type != MediaType)
        {
            throw Malformed($"The request object's typ is not {MediaType}.");
        }

        return ReadPayload(jws.ReadPayloadObject(), jws, unsignedClientId: null);
    }

    // unsignedClientId: for an unsigned DC API request, origin:<origin> stands for the client id it must not carry.
    private static OpenId4VpRequest ReadPayload(JsonObject payload, CompactJws? jws, ClientId? unsignedClientId)
    {
        if (Text(payload, "response_type", required: true) != "vp_token")
        {
            throw Malformed("response_type is not vp_token.");
        }

        ClientId? clientId = unsignedClientId;
        if (clientId is null && !ClientId.TryParse(Text(payload, "client_id", required: true), out clientId))
        {
            throw Malformed("client_id is not a client identifier.");
        }

        if (unsignedClientId is null && clientId.Value.StartsWith(OriginPrefix, StringComparison.Ordinal))
        {
            throw Malformed("The origin client id prefix is reserved; a request must not use it (OpenID4VP 1.0 §5.9.3).");
        }

        var mode = Text(payload, "response_mode", required: true)!;
        if (mode is not (DirectPost or DirectPostJwt or DcApi or DcApiJwt))
        {
            throw Malformed("response_mode is not direct_post, direct_post.jwt, dc_api or dc_api.jwt.");
        }

        Uri? responseUri = null;
        if (mode is DirectPost or DirectPostJwt)
        {
            if (payload.ContainsKey("redirect_uri"))
            {
                throw Malformed("A direct_post request must not carry redirect_uri (OpenID4VP §8.2).");
            }

            if (!Uri.TryCreate(Text(payload, "response_uri", required: true), UriKind.Absolute, out responseUri) || !OpenId4VpRequestLink.IsHttpsOrLoopback(responseUri))
            {
                throw Malformed("response_uri is not an https URL (plain http only on loopback).");
            }
        }

        if (payload.ContainsKey("scope") || payload.ContainsKey("presentation_definition"))
        {
            throw Malformed("Only a dcql_query is answered, not a scope or a presentation_definition.");
        }

        if (payload["dcql_query"] is not JsonObject dcql)
        {
            throw Malformed("The request has no dcql_query object.");
        }

        var purpose = Text(payload, "purpose", required: false);
        if (purpose is { Length: > MaxPurposeLength })
        {
            throw Malformed($"purpose is longer than {MaxPurposeLength} characters.");
        }

        var (keys, encValues) = ReadMetadata(payload["client_metadata"]);
        if (mode is DirectPostJwt or DcApiJwt && keys.Count == 0)
        {
            throw Malformed("An encrypted response mode needs an encryption key in client_metadata.jwks.");
        }

        return new OpenId4VpRequest
        {
            ClientId = clientId,
            ResponseMode = mode,
            ResponseUri = responseUri,
            Nonce = Text(payload, "nonce", required: true)!,
            State = Text(payload, "state", required: false),
            DcqlQuery = StrictJson.Serialize(dcql),
            Purpose = purpose,
            EncryptionKeys = keys,
            EncryptionValues = encValues,
            IssuedAt = Time(payload, "iat"),
            ExpiresAt = Time(payload, "exp"),
            Audience = Text(payload, "aud", required: false),
            WalletNonce = Text(payload, "wallet_nonce", required: false),
            ExpectedOrigins = Texts(payload["expected_origins"], "expected_origins"),
            Jws = jws,
        };
    }

    private static (IReadOnlyList<JsonWebKey> Keys, IReadOnlyList<string> EncValues) ReadMetadata(JsonNode? node)
    {
        if (node is null)
        {
            return ([], []);
        }

        if (node is not JsonObject metadata)
        {
            throw Malformed("client_metadata is not an object.");
        }

        var keys = new List<JsonWebKey>();
        if (metadata["jwks"] is { } jwks)
        {
            if (jwks is not JsonObject { } set || set["keys"] is not JsonArray array || array.Count > MaxKeys)
            {
                throw Malformed($"client_metadata.jwks is not a JWK set of at most {MaxKeys} keys.");
            }

            foreach (var item in array)
            {
                if (item is not JsonObject jwk)
                {
                    throw Malformed("An entry of client_metadata.jwks is not a JWK.");
                }

                // A key for signatures, or one of another algorithm, is not one to encrypt to.
                var use = jwk["use"] is JsonValue u && u.TryGetValue<string>(out var useText) ? useText : null;
                var alg = jwk["alg"] is JsonValue a && a.TryGetValue<string>(out var algText) ? algText : null;
                var copy = jwk.DeepClone().AsObject();
                copy.Remove("use");
                copy.Remove("alg");
                if (use is null or "enc" && alg is null or "ECDH-ES" && JsonWebKey.TryFromJson(copy, out var key, out _))
                {
                    keys.Add(key);
                }
            }
        }

        return (keys, Texts(metadata["encrypted_response_enc_values_supported"], "encrypted_response_enc_values_supported"));
    }

    private static JsonNode EncryptionJwk(JsonWebKey key)
    {
        var jwk = key.ToJsonObject();
        jwk["use"] = "enc";
        jwk["alg"] = "ECDH-ES";
        return jwk;
    }

    private static void Add(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }

    private static string? Text(JsonObject payload, string name, bool required)
    {
        if (payload[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0)
        {
            return text;
        }

        return required || payload.ContainsKey(name) ? throw Malformed($"The request has no '{name}' text.") : null;
    }

    private static IReadOnlyList<string> Texts(JsonNode? node, string name)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array || array.Count > 16)
        {
            throw Malformed($"'{name}' is not an array of at most 16 texts.");
        }

        return [.. array.Select(item => item is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : throw Malformed($"An entry of '{name}' is not text."))];
    }

    private static DateTimeOffset? Time(JsonObject payload, string name) =>
        !payload.ContainsKey(name) ? null
        : JwtNumericDate.TryRead(payload[name], out var time) ? time
        : throw Malformed($"The request's '{name}' is not a NumericDate.");

    private static CredentialFormatException Malformed(string message) => new(OpenId4VcFailureCodes.RequestMalformed, message);
}
