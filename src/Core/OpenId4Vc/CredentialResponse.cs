using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.OpenId4Vc;

/// <summary>
/// A Credential Response (OpenID4VCI 1.0 §8.3) or a Deferred Credential Response (§9.2): either the issued credentials
/// — an SD-JWT VC as its compact string, an mdoc as base64url of its <c>IssuerSigned</c> CBOR — with an optional
/// <c>notification_id</c>, or, when issuance is deferred, a <c>transaction_id</c> and the interval to wait.
/// </summary>
/// <param name="Credentials">The credentials, in the order of the proofs; empty when deferred.</param>
/// <param name="TransactionId">The deferred issuance's transaction id, or null.</param>
/// <param name="Interval">Seconds to wait before polling the deferred endpoint, or null.</param>
/// <param name="NotificationId">The id to send notifications with, or null.</param>
public sealed record CredentialResponse(IReadOnlyList<string> Credentials, string? TransactionId = null, int? Interval = null, string? NotificationId = null)
{
    /// <summary>The largest response read, in bytes.</summary>
    public const int MaxLength = 4 * 1024 * 1024;

    /// <summary>Whether issuance was deferred.</summary>
    public bool IsDeferred => TransactionId is not null;

    /// <summary>Reads a response body.</summary>
    /// <param name="utf8Json">The body.</param>
    /// <returns>The response.</returns>
    /// <exception cref="CredentialFormatException">It is neither credentials nor a deferral (<see cref="OpenId4VcFailureCodes.CredentialResponseMalformed"/>).</exception>
    public static CredentialResponse Parse(ReadOnlySpan<byte> utf8Json)
    {
        var json = Messages.ParseObject(utf8Json, MaxLength, OpenId4VcFailureCodes.CredentialResponseMalformed, "credential response");
        var notificationId = Messages.Text(json, "notification_id");
        if (Messages.Text(json, "transaction_id") is { Length: > 0 } transactionId)
        {
            return new CredentialResponse([], transactionId, Messages.PositiveInteger(json, "interval"), notificationId);
        }

        if (json["credentials"] is not JsonArray { Count: > 0 } credentials)
        {
            throw Malformed("The response has neither a non-empty 'credentials' array nor a 'transaction_id'.");
        }

        var list = new List<string>(credentials.Count);
        foreach (var entry in credentials)
        {
            if (entry is not JsonObject item || Messages.Text(item, "credential") is not { Length: > 0 } credential)
            {
                throw Malformed("Every member of 'credentials' is an object with a 'credential' string.");
            }

            list.Add(credential);
        }

        return new CredentialResponse(list, NotificationId: notificationId);
    }

    /// <summary>The response as its JSON body.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (TransactionId is not null)
        {
            json["transaction_id"] = TransactionId;
            json["interval"] = Interval ?? 5;
        }
        else
        {
            json["credentials"] = new JsonArray([.. Credentials.Select(c => (JsonNode)new JsonObject { ["credential"] = c })]);
        }

        if (NotificationId is not null)
        {
            json["notification_id"] = NotificationId;
        }

        return json;
    }

    /// <summary>Names how many credentials, or the deferral; never the credentials.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => IsDeferred ? "CredentialResponse(deferred)" : $"CredentialResponse({Credentials.Count} credentials)";

    private static CredentialFormatException Malformed(string message) => new(OpenId4VcFailureCodes.CredentialResponseMalformed, message);
}
