using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.OpenId4Vc;

namespace Honnin.Holder.Issuance;

/// <summary>
/// An issuance the issuer deferred (OpenID4VCI 1.0 §9): which configuration, the issuer's transaction id, when to ask
/// again, and — kept inside, never shown — the access token and the DPoP key it is bound to, which asking again needs.
/// Resume it with <see cref="OpenId4VciClient.ResumeAsync"/>; to resume after the app restarts, keep
/// <see cref="Export"/>'s text as a secret (it holds the token and the DPoP private key) and read it back with
/// <see cref="Import"/>. The device keys of the awaited credentials are already in the wallet.
/// </summary>
public sealed class PendingIssuance
{
    private const int Version = 1;
    private const int MaxExportLength = 64 * 1024;

    internal PendingIssuance(PendingState state) => State = state;

    /// <summary>The Credential Issuer Identifier.</summary>
    public string CredentialIssuer => State.CredentialIssuer;

    /// <summary>The configuration asked for.</summary>
    public string ConfigurationId => State.ConfigurationId;

    /// <summary>The format of the awaited credentials.</summary>
    public CredentialFormat Format => State.Format;

    /// <summary>The SD-JWT VC <c>vct</c> or mdoc <c>doctype</c> of the awaited credentials.</summary>
    public string Type => State.Type;

    /// <summary>The issuer's transaction id.</summary>
    public string TransactionId => State.TransactionId;

    /// <summary>How many credentials were asked for (one device key each).</summary>
    public int RequestedCount => State.DeviceKeys.Count;

    /// <summary>The earliest time the issuer wants to be asked again (its <c>interval</c>, at least a second, after the last ask).</summary>
    public DateTimeOffset NextPollAt => State.NextPollAt;

    internal PendingState State { get; }

    /// <summary>
    /// The pending issuance as JSON text to keep until it is resumed. It holds the access token and the DPoP private key:
    /// keep it as the wallet keeps its keys (sealed, readable by its owner only), and delete it once resumed.
    /// </summary>
    /// <returns>The text.</returns>
    public string Export()
    {
        var json = new JsonObject
        {
            ["version"] = Version,
            ["credential_issuer"] = State.CredentialIssuer,
            ["configuration_id"] = State.ConfigurationId,
            ["format"] = State.Format == CredentialFormat.Mdoc ? CredentialConfiguration.MdocFormat : CredentialConfiguration.SdJwtFormat,
            ["type"] = State.Type,
            ["transaction_id"] = State.TransactionId,
            ["interval"] = State.Interval,
            ["next_poll_at"] = State.NextPollAt.ToUnixTimeSeconds(),
            ["deferred_credential_endpoint"] = State.DeferredEndpoint.AbsoluteUri,
            ["access_token"] = State.AccessToken,
            ["dpop_bound"] = State.DpopBound,
            ["dpop_key"] = JsonNode.Parse(State.DpopJwk),
            ["device_keys"] = new JsonArray([.. State.DeviceKeys.Select(k => (JsonNode)JsonWebKey.FromCoseKey(k).ToJsonObject())]),
        };
        if (State.NotificationEndpoint is { } notification)
        {
            json["notification_endpoint"] = notification.AbsoluteUri;
        }

        if (State.DpopNonce is { } nonce)
        {
            json["dpop_nonce"] = nonce;
        }

        return StrictJson.Serialize(json);
    }

    /// <summary>Reads a pending issuance that <see cref="Export"/> wrote.</summary>
    /// <param name="exported">The text.</param>
    /// <returns>The pending issuance.</returns>
    /// <exception cref="OfferAcceptanceException">The text is not one <see cref="Export"/> wrote (<see cref="OfferAcceptanceException.PendingIssuanceInvalid"/>).</exception>
    public static PendingIssuance Import(string exported)
    {
        ArgumentNullException.ThrowIfNull(exported);
        try
        {
            if (StrictJson.Parse(Encoding.UTF8.GetBytes(exported), new StrictJsonOptions { MaxInputLength = MaxExportLength, MaxDepth = 4 }) is not JsonObject json
                || json["version"]?.GetValue<int>() != Version)
            {
                throw Invalid();
            }

            var format = Text(json, "format") switch
            {
                CredentialConfiguration.MdocFormat => CredentialFormat.Mdoc,
                CredentialConfiguration.SdJwtFormat => CredentialFormat.SdJwtVc,
                _ => throw Invalid(),
            };
            var dpopKey = json["dpop_key"] as JsonObject ?? throw Invalid();
            using (PrivateJsonWebKey.ReadSigner(StrictJson.Serialize(dpopKey)))
            {
                // Read once, so that a damaged key is found now rather than when resuming.
            }

            var deviceKeys = json["device_keys"] is JsonArray { Count: > 0 } keys
                ? keys.Select(k => JsonWebKey.FromJson(k as JsonObject ?? throw Invalid()).Key).ToList()
                : throw Invalid();
            return new PendingIssuance(new PendingState
            {
                CredentialIssuer = Text(json, "credential_issuer"),
                ConfigurationId = Text(json, "configuration_id"),
                Format = format,
                Type = Text(json, "type"),
                TransactionId = Text(json, "transaction_id"),
                Interval = json["interval"]?.GetValue<int>() is { } interval and > 0 ? interval : throw Invalid(),
                NextPollAt = DateTimeOffset.FromUnixTimeSeconds(json["next_poll_at"]?.GetValue<long>() ?? throw Invalid()),
                DeferredEndpoint = Endpoint(Text(json, "deferred_credential_endpoint")),
                NotificationEndpoint = json.ContainsKey("notification_endpoint") ? Endpoint(Text(json, "notification_endpoint")) : null,
                AccessToken = Text(json, "access_token"),
                DpopBound = json["dpop_bound"]?.GetValue<bool>() ?? throw Invalid(),
                DpopJwk = StrictJson.Serialize(dpopKey),
                DpopNonce = json.ContainsKey("dpop_nonce") ? Text(json, "dpop_nonce") : null,
                DeviceKeys = deviceKeys.AsReadOnly(),
            });
        }
        catch (Exception e) when (e is CredentialFormatException or InvalidOperationException or FormatException or JsonException or ArgumentException)
        {
            throw Invalid(e);
        }
    }

    /// <summary>Names the configuration, the type and when to ask again; never the token or the transaction id.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"PendingIssuance({ConfigurationId}, {Type}, {RequestedCount} credentials, next poll at {NextPollAt:O})";

    private static string Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : throw Invalid();

    private static Uri Endpoint(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && ServiceChannel.IsAllowed(uri) ? uri : throw Invalid();

    private static OfferAcceptanceException Invalid(Exception? inner = null) =>
        new(OfferAcceptanceException.PendingIssuanceInvalid, "The text is not a pending issuance this wallet exported.", innerException: inner);
}

/// <summary>What resuming a deferred issuance needs.</summary>
internal sealed record PendingState
{
    public required string CredentialIssuer { get; init; }

    public required string ConfigurationId { get; init; }

    public required CredentialFormat Format { get; init; }

    public required string Type { get; init; }

    public required string TransactionId { get; init; }

    public required int Interval { get; init; }

    public required DateTimeOffset NextPollAt { get; init; }

    public required Uri DeferredEndpoint { get; init; }

    public Uri? NotificationEndpoint { get; init; }

    public required string AccessToken { get; init; }

    public required bool DpopBound { get; init; }

    public required string DpopJwk { get; init; }

    public string? DpopNonce { get; init; }

    public required IReadOnlyList<CoseKey> DeviceKeys { get; init; }

    // A record prints its members; this one holds secrets.
    public override string ToString() => $"PendingState({ConfigurationId})";
}
