using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.StatusLists;
using static Honnin.Tests.SdJwt.SdJwtFixtures;

namespace Honnin.Core.Tests.SdJwt;

/// <summary>
/// draft-ietf-oauth-status-list examples and test vectors (oauth-wg/draft-ietf-oauth-status-list at 2fb61cd,
/// tests/vectors/sdjwt/token-status-list/token-status-list-vectors.json): lists decode to the printed statuses.
/// </summary>
public sealed class TokenStatusListTests
{
    private static JsonObject Vectors => Json("sdjwt/token-status-list/token-status-list-vectors.json");

    public static TheoryData<string> SmallLists => new() { "1-bit, 16 entries (Section 4.1)", "2-bit, 12 entries (Section 4.1)" };

    public static TheoryData<string> LargeLists => new()
    {
        "1-bit, 2^20 entries (test-vector appendix)",
        "2-bit, 2^20 entries (test-vector appendix)",
        "4-bit, 2^20 entries (test-vector appendix)",
        "8-bit, 2^20 entries (test-vector appendix)",
    };

    [Theory]
    [MemberData(nameof(SmallLists))]
    public void Section_4_1_list_decodes_to_its_bytes_and_statuses(string name)
    {
        var vector = Vectors[name]!;
        var list = StatusList.Decode(vector["status_list"]!.AsObject());

        Assert.Equal(vector["decompressed_hex"]!.GetValue<string>(), Convert.ToHexStringLower(list.Bytes.Span));
        foreach (var (index, status) in vector["statuses_by_index"]!.AsObject())
        {
            Assert.True(list.TryGetStatus(long.Parse(index, System.Globalization.CultureInfo.InvariantCulture), out var actual));
            Assert.Equal(status!.GetValue<int>(), actual);
        }
    }

    [Theory]
    [MemberData(nameof(LargeLists))]
    public void Test_vector_list_of_two_to_the_twentieth_entries_decodes(string name)
    {
        var vector = Vectors[name]!;
        var list = StatusList.Decode(vector["status_list"]!.AsObject());
        var nonZero = vector["non_zero_statuses_by_index (all others are 0x00 VALID)"]!.AsObject()
            .ToDictionary(p => long.Parse(p.Key, System.Globalization.CultureInfo.InvariantCulture), p => p.Value!.GetValue<int>());

        Assert.Equal(vector["list_size_entries"]!.GetValue<long>(), list.Count);
        Assert.Equal(vector["decompressed_length_bytes"]!.GetValue<int>(), list.Bytes.Length);
        for (long i = 0; i < list.Count; i++)
        {
            Assert.True(list.TryGetStatus(i, out var status));
            Assert.Equal(nonZero.GetValueOrDefault(i), status);
        }

        Assert.False(list.TryGetStatus(list.Count, out _));
        Assert.False(list.TryGetStatus(-1, out _));
    }

    [Fact]
    public void Status_list_token_verifies_with_its_key_and_resolves_a_reference()
    {
        var vector = Vectors["status list token (JWT)"]!;
        var token = StatusListToken.Parse(vector["jwt"]!.GetValue<string>());
        var jwk = vector["signing_key_jwk (from src/util.py)"]!.AsObject();
        jwk.Remove("d");

        Assert.True(token.VerifySignature(JsonWebKey.FromJson(jwk).Key));
        Assert.Equal("https://example.com/statuslists/1", token.Subject);
        Assert.Equal("12", token.Jws.KeyId);
        Assert.Equal(vector["payload"]!["ttl"]!.GetValue<long>(), token.TimeToLive);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(vector["payload"]!["exp"]!.GetValue<long>()), token.ExpiresAt);
        Assert.True(token.TryGetStatus(new StatusListReference(0, "https://example.com/statuslists/1"), out var status));
        Assert.Equal(1, status);
        Assert.False(token.TryGetStatus(new StatusListReference(0, "https://example.com/statuslists/2"), out _));
        Assert.False(token.TryGetStatus(new StatusListReference(1_000_000, "https://example.com/statuslists/1"), out _));
    }

    [Fact]
    public void Referenced_sd_jwt_status_claim_is_read()
    {
        var vector = Vectors["referenced token (SD-JWT with status claim)"]!;
        var sdJwt = SelectiveDisclosureJwt.Parse(vector["sd_jwt"]!.GetValue<string>());

        Assert.Equal(new StatusListReference(0, "https://example.com/statuslists/1"), SdJwtStatusClaim.Read(sdJwt.Process().GetPayload()!));
    }

    [Theory]
    [InlineData("{\"bits\": 3, \"lst\": \"eNrbuRgAAhcBXQ\"}")]
    [InlineData("{\"bits\": \"1\", \"lst\": \"eNrbuRgAAhcBXQ\"}")]
    [InlineData("{\"bits\": 1, \"lst\": \"not zlib\"}")]
    [InlineData("{\"bits\": 1, \"lst\": \"AAAA\"}")]
    [InlineData("{\"bits\": 1}")]
    public void Malformed_status_list_is_rejected(string json)
    {
        Assert.False(StatusList.TryDecode(JsonNode.Parse(json)!.AsObject(), out _, out var error));
        Assert.Equal(StatusListFailureCodes.Malformed, error.Code);
    }

    [Fact]
    public void Decompression_is_bounded()
    {
        var vector = Vectors["8-bit, 2^20 entries (test-vector appendix)"]!["status_list"]!.AsObject();

        Assert.False(StatusList.TryDecode(vector, out _, out var error, maxBytes: 1024));
        Assert.Equal(StatusListFailureCodes.Malformed, error.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Created_list_round_trips_through_compression(int bits)
    {
        var statuses = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 % (1 << bits))).ToArray();
        var list = StatusList.Create(bits, statuses);

        var decoded = StatusList.Decode(list.ToJsonObject());

        for (var i = 0; i < statuses.Length; i++)
        {
            Assert.True(decoded.TryGetStatus(i, out var status));
            Assert.Equal(statuses[i], status);
        }
    }

    [Fact]
    public void Section_4_1_bytes_are_packed_least_significant_bit_first()
    {
        byte[] statuses = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1];
        Assert.Equal("b9a3", Convert.ToHexStringLower(StatusList.Create(1, statuses).Bytes.Span));
    }
}
