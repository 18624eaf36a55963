using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.OpenId4Vc;

/// <summary>
/// The parameters of an OpenID4VP 1.0 response (§8): a <see cref="VpToken"/> and the request's <c>state</c>, or an
/// error the wallet sends instead (§8.5: <c>access_denied</c> when the person declines). With <c>direct_post</c> they
/// travel as a form; with <c>direct_post.jwt</c> as the JSON payload of a JWE in the form's <c>response</c>.
/// </summary>
/// <param name="VpToken">The presentations; null for an error response.</param>
/// <param name="State">The request's <c>state</c>, if it had one.</param>
/// <param name="Error">The error code, for an error response.</param>
/// <param name="ErrorDescription">What went wrong, for people.</param>
public sealed record OpenId4VpResponse(VpToken? VpToken, string? State, string? Error = null, string? ErrorDescription = null)
{
    /// <summary>The response parameters as a form (<c>direct_post</c>).</summary>
    /// <returns>The parameters.</returns>
    public IReadOnlyList<KeyValuePair<string, string>> ToForm()
    {
        var form = new List<KeyValuePair<string, string>>();
        if (VpToken is not null)
        {
            form.Add(new("vp_token", StrictJson.Serialize(VpToken.ToJson())));
        }

        Add(form, "error", Error);
        Add(form, "error_description", ErrorDescription);
        Add(form, "state", State);
        return form;
    }

    /// <summary>The response parameters as the JSON payload of a <c>direct_post.jwt</c> JWE.</summary>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (VpToken is not null)
        {
            json["vp_token"] = VpToken.ToJson();
        }

        foreach (var (name, value) in ToForm().Where(p => p.Key != "vp_token"))
        {
            json[name] = value;
        }

        return json;
    }

    /// <summary>Reads the parameters of a <c>direct_post</c> form.</summary>
    /// <param name="form">The form's parameters.</param>
    /// <returns>The response.</returns>
    /// <exception cref="CredentialFormatException">Neither a <c>vp_token</c> nor an <c>error</c>, or a <c>vp_token</c> that does not read (<see cref="OpenId4VcFailureCodes.ResponseMalformed"/>).</exception>
    public static OpenId4VpResponse FromForm(IReadOnlyDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return Build(form.GetValueOrDefault("vp_token") is { } token ? VpToken.Parse(token) : null, form.GetValueOrDefault("state"), form.GetValueOrDefault("error"), form.GetValueOrDefault("error_description"));
    }

    /// <summary>Reads the JSON payload of a decrypted <c>direct_post.jwt</c> response.</summary>
    /// <param name="utf8Json">The payload.</param>
    /// <returns>The response.</returns>
    /// <exception cref="CredentialFormatException">It is not a response object.</exception>
    public static OpenId4VpResponse FromJson(ReadOnlySpan<byte> utf8Json)
    {
        var json = StrictJson.ParseObject(utf8Json);
        return Build(json["vp_token"] is { } token ? VpToken.FromJson(token) : null, Text(json, "state"), Text(json, "error"), Text(json, "error_description"));
    }

    /// <summary>Names the ids and the error only.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Error is null ? $"OpenId4VpResponse({VpToken})" : $"OpenId4VpResponse({Error})";

    private static OpenId4VpResponse Build(VpToken? token, string? state, string? error, string? description)
    {
        if ((token is null) == (error is null))
        {
            throw new CredentialFormatException(OpenId4VcFailureCodes.ResponseMalformed, "A response carries either a vp_token or an error.");
        }

        return new OpenId4VpResponse(token, state, error, description);
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is null ? null
        : json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text
        : throw new CredentialFormatException(OpenId4VcFailureCodes.ResponseMalformed, $"The response's '{name}' is not text.");

    private static void Add(List<KeyValuePair<string, string>> form, string name, string? value)
    {
        if (value is not null)
        {
            form.Add(new(name, value));
        }
    }
}
