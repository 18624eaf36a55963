using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.OpenId4Vc;

/// <summary>
/// A Credential Offer (OpenID4VCI 1.0 §4.1.1): the issuer, the credential configurations it offers, and how the wallet
/// may obtain them — an authorization code flow, a pre-authorized code (with or without a Transaction Code), or both.
/// Parsing refuses what a wallet could not use safely: a non-https issuer (plain http only on loopback), an empty or
/// repeated configuration list, an empty code, a Transaction Code description over 300 characters; unknown members are
/// ignored, as the specification asks.
/// </summary>
/// <param name="CredentialIssuer">The Credential Issuer Identifier: an https URL without query or fragment.</param>
/// <param name="CredentialConfigurationIds">The offered configurations (keys of the issuer's <c>credential_configurations_supported</c>).</param>
/// <param name="AuthorizationCode">The authorization code grant, if offered.</param>
/// <param name="PreAuthorizedCode">The pre-authorized code grant, if offered.</param>
public sealed record CredentialOffer(
    string CredentialIssuer,
    IReadOnlyList<string> CredentialConfigurationIds,
    AuthorizationCodeOfferGrant? AuthorizationCode = null,
    PreAuthorizedCodeOfferGrant? PreAuthorizedCode = null)
{
    /// <summary>The grant type of a pre-authorized code (OpenID4VCI 1.0 §4.1.1).</summary>
    public const string PreAuthorizedCodeGrantType = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

    /// <summary>The largest offer read, in bytes of JSON.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Reads an offer's JSON.</summary>
    /// <param name="json">The offer.</param>
    /// <returns>The offer.</returns>
    /// <exception cref="CredentialFormatException">It is not a usable Credential Offer (<see cref="OpenId4VcFailureCodes.OfferMalformed"/>).</exception>
    public static CredentialOffer Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxLength)
        {
            throw Malformed($"The offer is longer than {MaxLength} characters.");
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 8 }) as JsonObject ?? throw Malformed("The offer is not a JSON object.");
        }
        catch (JsonException)
        {
            throw Malformed("The offer is not JSON.");
        }

        var issuer = Text(root, "credential_issuer") ?? throw Malformed("The offer has no credential_issuer.");
        if (!IsIssuerIdentifier(issuer))
        {
            throw Malformed("The credential_issuer is not an https URL without query or fragment (plain http only on loopback).");
        }

        if (root["credential_configuration_ids"] is not JsonArray { Count: > 0 } ids
            || ids.Any(id => id is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length == 0))
        {
            throw Malformed("credential_configuration_ids is not a non-empty array of strings.");
        }

        var configurations = ids.Select(id => id!.GetValue<string>()).ToList();
        if (configurations.Distinct(StringComparer.Ordinal).Count() != configurations.Count)
        {
            throw Malformed("credential_configuration_ids names a configuration twice.");
        }

        AuthorizationCodeOfferGrant? authorizationCode = null;
        PreAuthorizedCodeOfferGrant? preAuthorized = null;
        if (root["grants"] is { } grantsNode)
        {
            if (grantsNode is not JsonObject grants)
            {
                throw Malformed("grants is not an object.");
            }

            if (grants["authorization_code"] is { } code)
            {
                var grant = code as JsonObject ?? throw Malformed("grants.authorization_code is not an object.");
                authorizationCode = new AuthorizationCodeOfferGrant(Text(grant, "issuer_state"), Server(grant));
            }

            if (grants[PreAuthorizedCodeGrantType] is { } pre)
            {
                var grant = pre as JsonObject ?? throw Malformed("The pre-authorized code grant is not an object.");
                var preCode = Text(grant, "pre-authorized_code") is { Length: > 0 } value ? value : throw Malformed("The pre-authorized code grant has no pre-authorized_code.");
                preAuthorized = new PreAuthorizedCodeOfferGrant(preCode, grant["tx_code"] is { } tx ? TransactionCode(tx) : null, Server(grant));
            }
        }

        return new CredentialOffer(issuer, configurations.AsReadOnly(), authorizationCode, preAuthorized);
    }

    /// <summary>The offer as JSON, with only the members that are set.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject ToJson()
    {
        var root = new JsonObject
        {
            ["credential_issuer"] = CredentialIssuer,
            ["credential_configuration_ids"] = new JsonArray([.. CredentialConfigurationIds.Select(id => (JsonNode)id)]),
        };
        var grants = new JsonObject();
        if (AuthorizationCode is { } code)
        {
            var grant = new JsonObject();
            Set(grant, "issuer_state", code.IssuerState);
            Set(grant, "authorization_server", code.AuthorizationServer);
            grants["authorization_code"] = grant;
        }

        if (PreAuthorizedCode is { } pre)
        {
            var grant = new JsonObject { ["pre-authorized_code"] = pre.PreAuthorizedCode };
            if (pre.TransactionCode is { } tx)
            {
                var txCode = new JsonObject { ["input_mode"] = tx.InputMode };
                if (tx.Length is { } length)
                {
                    txCode["length"] = length;
                }

                Set(txCode, "description", tx.Description);
                grant["tx_code"] = txCode;
            }

            Set(grant, "authorization_server", pre.AuthorizationServer);
            grants[PreAuthorizedCodeGrantType] = grant;
        }

        if (grants.Count > 0)
        {
            root["grants"] = grants;
        }

        return root;
    }

    /// <summary>Whether a text is a usable Credential Issuer Identifier: https (http only on loopback), no query, no fragment.</summary>
    /// <param name="identifier">The text.</param>
    /// <returns>True when it is.</returns>
    public static bool IsIssuerIdentifier(string? identifier) =>
        Uri.TryCreate(identifier, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        && uri.Query.Length == 0 && uri.Fragment.Length == 0 && !identifier!.Contains('?', StringComparison.Ordinal) && !identifier.Contains('#', StringComparison.Ordinal);

    private static TransactionCodeSpec TransactionCode(JsonNode node)
    {
        if (node is not JsonObject tx)
        {
            throw Malformed("tx_code is not an object.");
        }

        var mode = Text(tx, "input_mode") ?? "numeric";
        if (mode is not ("numeric" or "text"))
        {
            throw Malformed("tx_code.input_mode is neither numeric nor text.");
        }

        int? length = null;
        if (tx["length"] is { } lengthNode)
        {
            length = lengthNode is JsonValue v && v.TryGetValue<int>(out var n) && n is > 0 and <= 64 ? n : throw Malformed("tx_code.length is not an integer from 1 to 64.");
        }

        var description = Text(tx, "description");
        if (description is { Length: > 300 })
        {
            throw Malformed("tx_code.description is longer than 300 characters.");
        }

        return new TransactionCodeSpec(mode, length, description);
    }

    private static string? Server(JsonObject grant)
    {
        var server = Text(grant, "authorization_server");
        return server is null || IsIssuerIdentifier(server) ? server : throw Malformed("authorization_server is not an https URL.");
    }

    private static string? Text(JsonObject parent, string name) =>
        parent[name] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => throw Malformed($"{name} is not a string."),
        };

    private static void Set(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }

    private static CredentialFormatException Malformed(string message) => new(OpenId4VcFailureCodes.OfferMalformed, message);
}

/// <summary>The authorization code grant of an offer.</summary>
/// <param name="IssuerState">Binds the authorization request to the offer, when the issuer gives one.</param>
/// <param name="AuthorizationServer">Which of the issuer's authorization servers to use, when it has several.</param>
public sealed record AuthorizationCodeOfferGrant(string? IssuerState = null, string? AuthorizationServer = null);

/// <summary>The pre-authorized code grant of an offer.</summary>
/// <param name="PreAuthorizedCode">The short-lived, single-use code.</param>
/// <param name="TransactionCode">Present when the person must also type a Transaction Code sent to them apart (its presence alone requires one).</param>
/// <param name="AuthorizationServer">Which of the issuer's authorization servers to use, when it has several.</param>
public sealed record PreAuthorizedCodeOfferGrant(string PreAuthorizedCode, TransactionCodeSpec? TransactionCode = null, string? AuthorizationServer = null)
{
    /// <summary>Names the grant without its code, which is a secret.</summary>
    public override string ToString() => $"PreAuthorizedCodeOfferGrant(tx_code {(TransactionCode is null ? "not required" : "required")})";
}

/// <summary>What the wallet tells the person about the Transaction Code to type.</summary>
/// <param name="InputMode"><c>numeric</c> (the default) or <c>text</c>.</param>
/// <param name="Length">How many characters, when the issuer says.</param>
/// <param name="Description">Where to find it (at most 300 characters), when the issuer says.</param>
public sealed record TransactionCodeSpec(string InputMode = "numeric", int? Length = null, string? Description = null);
