using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.StatusLists;
using static Honnin.Tests.SdJwt.SdJwtFixtures;

namespace Honnin.Core.Tests.StatusLists;

/// <summary>
/// Status List Tokens as CWTs (draft-ietf-oauth-status-list §5.2), against the draft's example (oauth-wg at 2fb61cd,
/// tests/vectors/sdjwt/token-status-list): it reads to the same list as the JWT example, and Honnin writes the same
/// protected header and claims set bytes for the same inputs.
/// </summary>
public sealed class StatusListCwtTests
{
    private static readonly DateTimeOffset IssuedAt = DateTimeOffset.FromUnixTimeSeconds(1686920170);
    private static readonly DateTimeOffset Expires = DateTimeOffset.FromUnixTimeSeconds(2291720170);
    private static JsonObject Vectors => Json("sdjwt/token-status-list/token-status-list-vectors.json");

    private static byte[] DraftCwt => Convert.FromHexString(Vectors["status list token (CWT), hex"]!.GetValue<string>());

    [Fact]
    public void The_drafts_cwt_reads_to_the_same_list_as_its_jwt()
    {
        var cwt = StatusListCwt.Parse(DraftCwt);
        var jwt = StatusListToken.Parse(Vectors["status list token (JWT)"]!["jwt"]!.GetValue<string>());

        Assert.Equal("https://example.com/statuslists/1", cwt.Subject);
        Assert.Equal(IssuedAt, cwt.IssuedAt);
        Assert.Equal(Expires, cwt.ExpiresAt);
        Assert.Equal(43200, cwt.TimeToLive);
        Assert.Equal(1, cwt.StatusList.Bits);
        Assert.Equal(jwt.StatusList.Bytes.ToArray(), cwt.StatusList.Bytes.ToArray());
        Assert.True(cwt.TryGetStatus(new StatusListReference(0, cwt.Subject), out var first));
        Assert.Equal(1, first);
        Assert.False(cwt.TryGetStatus(new StatusListReference(0, "https://example.com/statuslists/2"), out _));
        Assert.Equal(DraftCwt, cwt.Encoded.ToArray());
    }

    [Fact]
    public async Task Honnin_writes_the_drafts_protected_header_and_claims_set_byte_for_byte()
    {
        var draft = StatusListCwt.Parse(DraftCwt);
        Assert.True(((CborMap)CborDecoder.Decode(draft.Message.Payload!.Value)).TryGetValue(StatusListCwt.StatusListClaim, out var list));
        Assert.True(((CborMap)list).TryGetValue("lst", out var compressed));
        var lst = ((CborByteString)compressed).Value;
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);

        var claims = StatusListCwt.Claims(draft.Subject, IssuedAt, Expires, 43200, 1, lst);
        var created = await StatusListCwt.CreateAsync(draft.StatusList, draft.Subject, IssuedAt, signer, Expires, 43200, CborMap.FromLabels((CoseHeaderLabels.KeyId, new CborByteString("12"u8.ToArray()))));

        Assert.Equal(draft.Message.Payload!.Value.ToArray(), claims.EncodedBytes.ToArray());
        Assert.Equal(draft.Message.Headers.Protected.EncodedBytes.ToArray(), created.Message.Headers.Protected.EncodedBytes.ToArray());
        Assert.Equal(draft.Message.Headers.Unprotected.EncodedBytes.ToArray(), created.Message.Headers.Unprotected.EncodedBytes.ToArray());
        Assert.Equal(0xD2, created.Encoded.Span[0]);
    }

    [Fact]
    public async Task A_created_cwt_verifies_with_the_status_issuers_key_and_no_other()
    {
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        using var other = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var list = StatusList.Create(2, [0, 1, 2, 0, 0, 1]);

        var created = await StatusListCwt.CreateAsync(list, "https://payroll.example.jp/status/1", IssuedAt, signer, timeToLive: 600);
        var read = StatusListCwt.Parse(created.Encoded);

        Assert.True(read.VerifySignature(signer.PublicKey));
        Assert.False(read.VerifySignature(other.PublicKey));
        Assert.Null(read.ExpiresAt);
        Assert.Equal(600, read.TimeToLive);
        Assert.True(read.TryGetStatus(new StatusListReference(2, "https://payroll.example.jp/status/1"), out var suspended));
        Assert.Equal(2, suspended);
        Assert.False(read.TryGetStatus(new StatusListReference(999, "https://payroll.example.jp/status/1"), out _));
    }

    [Fact]
    public async Task A_cose_sign1_of_another_type_or_without_a_list_is_refused()
    {
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var payload = StatusListCwt.Claims("https://payroll.example.jp/status/1", IssuedAt, null, null, 1, StatusList.Create(1, [0]).Compress()).EncodedBytes;
        var untyped = await CoseSign1Message.CreateAsync(signer, payload, CosePayloadMode.Embedded);
        var noList = await CoseSign1Message.CreateAsync(signer, CborMap.FromLabels((2, new CborTextString("https://payroll.example.jp/status/1")), (6, new CborInteger(1686920170))).EncodedBytes, CosePayloadMode.Embedded, CborMap.FromLabels((CoseHeaderLabels.Type, new CborTextString(StatusListCwt.MediaType))));

        Assert.False(StatusListCwt.TryParse(untyped.Encoded.EncodedBytes, out _, out var error));
        Assert.Equal(StatusListFailureCodes.Malformed, error.Code);
        Assert.False(StatusListCwt.TryParse(noList.Encoded.EncodedBytes, out _, out error));
        Assert.Equal(StatusListFailureCodes.Malformed, error.Code);
        Assert.False(StatusListCwt.TryParse(new byte[] { 0xA0 }, out _, out _));
    }
}
