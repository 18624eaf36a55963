using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.OpenId4Vc;

/// <summary>
/// A Credential Request (OpenID4VCI 1.0 §8.2): which configuration is asked for — by <c>credential_configuration_id</c>
/// or by a <c>credential_identifier</c> from the token response, never both — and the key proofs, one per credential
/// of a batch. Only the <c>jwt</c> proof type is read; a request with another proof type, with more than one, or with
/// response encryption is refused with a code the credential endpoint maps onto its error.
/// </summary>
/// <param name="ConfigurationId">The <c>credential_configuration_id</c>, or null.</param>
/// <param name="CredentialIdentifier">The <c>credential_identifier</c>, or null.</param>
/// <param name="JwtProofs">The <c>proofs.jwt</c> array: compact JWTs, in order.</param>
public sealed record CredentialRequest(string? ConfigurationId, string? CredentialIdentifier, IReadOnlyList<string> JwtProofs)
{
    /// <summary>The largest request read, in bytes (a batch of key proofs fits easily).</summary>
    public const int MaxLength = 256 * 1024;

    /// <summary>The most proofs read from one request.</summary>
    public const int MaxProofs = 100;

    /// <summary>Reads a request body.</summary>
    /// <param name="utf8Json">The body.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CredentialFormatException">
    /// It is not a usable request: <see cref="OpenId4VcFailureCodes.CredentialRequestMalformed"/>, or
    /// <see cref="OpenId4VcFailureCodes.EncryptionUnsupported"/> when it asks for an encrypted response.
    /// </exception>
    public static CredentialRequest Parse(ReadOnlySpan<byte> utf8Json)
    {
        var json = Messages.ParseObject(utf8Json, MaxLength, OpenId4VcFailureCodes.CredentialRequestMalformed, "credential request");
        var configurationId = Member(json, "credential_configuration_id");
        var identifier = Member(json, "credential_identifier");
        if ((configurationId is null) == (identifier is null))
        {
            throw Malformed("The request has exactly one of credential_configuration_id and credential_identifier.");
        }

        if (json.ContainsKey("proof"))
        {
            throw Malformed("The request uses the draft-era 'proof' member; OpenID4VCI 1.0 sends 'proofs'.");
        }

        if (json.ContainsKey("credential_response_encryption"))
        {
            throw new CredentialFormatException(OpenId4VcFailureCodes.EncryptionUnsupported, "This issuer does not encrypt credential responses.");
        }

        var proofs = new List<string>();
        if (json["proofs"] is { } proofsNode)
        {
            if (proofsNode is not JsonObject proofsObject || proofsObject.Count != 1)
            {
                throw Malformed("'proofs' is an object with exactly one proof type.");
            }

            if (proofsObject["jwt"] is not JsonArray { Count: > 0 } jwts)
            {
                throw Malformed("'proofs' has a proof type other than 'jwt', or an empty array.");
            }

            if (jwts.Count > MaxProofs)
            {
                throw Malformed($"'proofs.jwt' has more than {MaxProofs} proofs.");
            }

            foreach (var jwt in jwts)
            {
                if (jwt is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length == 0)
                {
                    throw Malformed("Every member of 'proofs.jwt' is a non-empty string.");
                }

                proofs.Add(value.GetValue<string>());
            }
        }

        return new CredentialRequest(configurationId, identifier, proofs);
    }

    /// <summary>The request as its JSON body.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (ConfigurationId is not null)
        {
            json["credential_configuration_id"] = ConfigurationId;
        }

        if (CredentialIdentifier is not null)
        {
            json["credential_identifier"] = CredentialIdentifier;
        }

        if (JwtProofs.Count > 0)
        {
            json["proofs"] = new JsonObject { ["jwt"] = new JsonArray([.. JwtProofs.Select(p => (JsonNode)p)]) };
        }

        return json;
    }

    /// <summary>Names what is asked for and how many proofs.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"CredentialRequest({ConfigurationId ?? CredentialIdentifier}, {JwtProofs.Count} proofs)";

    private static string? Member(JsonObject json, string name)
    {
        if (!json.ContainsKey(name))
        {
            return null;
        }

        return Messages.Text(json, name) is { Length: > 0 } text ? text : throw Malformed($"'{name}' is not a non-empty string.");
    }

    private static CredentialFormatException Malformed(string message) => new(OpenId4VcFailureCodes.CredentialRequestMalformed, message);
}
