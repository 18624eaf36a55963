using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.Mdoc;

namespace Honnin.Interop.Mdoc.Tests.Support;

/// <summary>One check a peer reported: its status (PASSED, FAILED, WARNING), its text and reason.</summary>
internal sealed record PeerCheck(string Status, string Check, string? Reason);

/// <summary>A document as the peer decoded it: its docType and disclosed elements (namespace → id → typed JSON).</summary>
internal sealed record PeerDocument(string DocType, JsonObject Elements);

/// <summary>A peer's verdict on a DeviceResponse: valid when no check failed and nothing threw.</summary>
internal sealed record PeerVerification(bool Valid, IReadOnlyList<string> Failures, IReadOnlyList<PeerCheck> Checks, IReadOnlyList<PeerDocument> Documents)
{
    public string Describe() => Valid ? "valid" : "invalid: " + string.Join("; ", Failures);
}

/// <summary>The MSO validity a peer's issuer is asked to write.</summary>
internal sealed record MsoValidity(DateTimeOffset Signed, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil)
{
    /// <summary>Signed a minute ago, valid from then for 30 days.</summary>
    public static MsoValidity Usual(DateTimeOffset now) => new(now.AddMinutes(-1), now.AddMinutes(-1), now.AddDays(30));
}

/// <summary>What a peer is asked to issue and then present.</summary>
/// <param name="DocType">The docType.</param>
/// <param name="NameSpaces">namespace → element identifier → typed JSON value.</param>
/// <param name="Disclose">The elements to present: namespace → identifiers.</param>
/// <param name="Transcript">The session transcript the device authenticates.</param>
/// <param name="Validity">The MSO validity.</param>
/// <param name="ReaderKey">The reader's ephemeral public key, to authenticate with a MAC; null for a device signature.</param>
internal sealed record PeerIssuance(
    string DocType,
    JsonObject NameSpaces,
    IReadOnlyDictionary<string, string[]> Disclose,
    SessionTranscript Transcript,
    MsoValidity Validity,
    CoseKey? ReaderKey = null);

/// <summary>Typed calls to the peer scripts.</summary>
internal static class Peers
{
    public static async Task<PeerVerification> VerifyAsync(MdocPeer peer, ReadOnlyMemory<byte> deviceResponse, string trustedPem, SessionTranscript transcript, ECDiffieHellman? readerKey = null)
    {
        var job = new JsonObject
        {
            ["op"] = "verify",
            ["deviceResponse"] = Convert.ToHexStringLower(deviceResponse.Span),
            ["trustedCertificatePem"] = trustedPem,
            ["sessionTranscriptBytes"] = Convert.ToHexStringLower(transcript.SessionTranscriptBytes.Span),
        };
        if (readerKey is not null)
        {
            job["readerPrivateCoseKey"] = Convert.ToHexStringLower(Sessions.PrivateCoseKey(readerKey));
        }

        var result = await NodeScripts.RunAsync(peer, job);
        return new PeerVerification(
            result["valid"]!.GetValue<bool>(),
            [.. result["failures"]!.AsArray().Select(f => f!.GetValue<string>())],
            [.. result["checks"]!.AsArray().Select(c => new PeerCheck(c!["status"]!.GetValue<string>(), c["check"]!.GetValue<string>(), c["reason"]?.GetValue<string>()))],
            [.. result["documents"]!.AsArray().Select(d => new PeerDocument(d!["docType"]!.GetValue<string>(), d["elements"]!.AsObject()))]);
    }

    /// <summary>@owf/mdoc only: checks each document's deviceMac with the library's DeviceMac.verify (see owf.mjs).</summary>
    public static async Task<IReadOnlyList<bool>> VerifyDeviceMacWithOwfAsync(ReadOnlyMemory<byte> deviceResponse, SessionTranscript transcript, ECDiffieHellman readerKey)
    {
        var result = await NodeScripts.RunAsync(MdocPeer.Owf, new JsonObject
        {
            ["op"] = "verify-device-mac",
            ["deviceResponse"] = Convert.ToHexStringLower(deviceResponse.Span),
            ["sessionTranscriptBytes"] = Convert.ToHexStringLower(transcript.SessionTranscriptBytes.Span),
            ["readerPrivateCoseKey"] = Convert.ToHexStringLower(Sessions.PrivateCoseKey(readerKey)),
        });
        return [.. result["macValid"]!.AsArray().Select(v => v!.GetValue<bool>())];
    }

    /// <summary>The peer issues an mdoc with <paramref name="pki"/>'s Document Signer to a fresh device key, and presents it.</summary>
    /// <returns>The DeviceResponse.</returns>
    public static async Task<byte[]> IssueAndPresentAsync(MdocPeer peer, InteropPki pki, PeerIssuance issuance)
    {
        using var deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var job = new JsonObject
        {
            ["op"] = "issue-present",
            ["docType"] = issuance.DocType,
            ["nameSpaces"] = issuance.NameSpaces.DeepClone(),
            ["disclose"] = new JsonObject(issuance.Disclose.Select(d => KeyValuePair.Create<string, JsonNode?>(d.Key, new JsonArray([.. d.Value.Select(id => JsonValue.Create(id))])))),
            ["issuerPrivateJwk"] = pki.DocumentSignerPrivateJwk,
            ["issuerCertificatePem"] = pki.DocumentSignerPem,
            ["devicePublicJwk"] = JsonWebKey.FromCoseKey(CoseKey.FromECDsa(deviceKey)).ToJsonObject(),
            ["devicePrivateJwk"] = JsonNode.Parse(PrivateJsonWebKey.Write(deviceKey)),
            ["validity"] = new JsonObject
            {
                ["signed"] = Rfc3339(issuance.Validity.Signed),
                ["validFrom"] = Rfc3339(issuance.Validity.ValidFrom),
                ["validUntil"] = Rfc3339(issuance.Validity.ValidUntil),
            },
            ["sessionTranscriptBytes"] = Convert.ToHexStringLower(issuance.Transcript.SessionTranscriptBytes.Span),
        };
        if (issuance.ReaderKey is not null)
        {
            job["readerPublicCoseKey"] = Convert.ToHexStringLower(issuance.ReaderKey.Encoded.EncodedBytes.Span);
        }

        var result = await NodeScripts.RunAsync(peer, job);
        return Convert.FromHexString(result["deviceResponse"]!.GetValue<string>());
    }

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
