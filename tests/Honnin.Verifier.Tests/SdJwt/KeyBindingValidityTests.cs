using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>
/// The KB-JWT's optional <c>exp</c> and <c>nbf</c> (RFC 7519 §4.1.4: not accepted "on or after" exp; §4.1.5: not
/// accepted "before" nbf), with the verifier's clock skew, and a specific code for each way to fail. The base case is the
/// RFC 9901 §5 example presentation re-bound with the holder key (tests/vectors/sdjwt/rfc9901-draft22); each negative
/// sits beside the twin that verifies.
/// </summary>
public sealed class KeyBindingValidityTests
{
    private static readonly DateTimeOffset Now = At(1748537243);

    private static string WithoutKb
    {
        get
        {
            var presentation = Json("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json")["sd_jwt_presentation"]!.GetValue<string>();
            return presentation[..(presentation.LastIndexOf('~') + 1)];
        }
    }

    [Fact]
    public async Task An_expired_kb_jwt_is_refused()
    {
        var presentation = await BindAsync(("exp", Now.AddSeconds(-1).ToUnixTimeSeconds()));

        var result = CreateVerifier(Now).Verify(presentation);

        AssertFails(result, SdJwtFailureCodes.KeyBindingExpired);
        Assert.Single(result.Failures);
    }

    [Fact]
    public async Task A_kb_jwt_is_expired_at_its_exp_and_valid_a_second_before()
    {
        AssertFails(CreateVerifier(Now).Verify(await BindAsync(("exp", Now.ToUnixTimeSeconds()))), SdJwtFailureCodes.KeyBindingExpired);
        AssertValid(CreateVerifier(Now).Verify(await BindAsync(("exp", Now.AddSeconds(1).ToUnixTimeSeconds()))));
    }

    [Fact]
    public async Task A_kb_jwt_not_valid_yet_is_refused()
    {
        var presentation = await BindAsync(("nbf", Now.AddSeconds(1).ToUnixTimeSeconds()));

        AssertFails(CreateVerifier(Now).Verify(presentation), SdJwtFailureCodes.KeyBindingNotYetValid);
        AssertValid(CreateVerifier(Now).Verify(await BindAsync(("nbf", Now.ToUnixTimeSeconds()))));
    }

    [Fact]
    public async Task Clock_skew_applies_to_exp_and_nbf()
    {
        var skewed = CreateVerifier(Now, configure: o => o with { ClockSkew = TimeSpan.FromSeconds(30) });

        AssertValid(skewed.Verify(await BindAsync(("exp", Now.AddSeconds(-20).ToUnixTimeSeconds()))));
        AssertValid(skewed.Verify(await BindAsync(("nbf", Now.AddSeconds(20).ToUnixTimeSeconds()))));
        AssertFails(skewed.Verify(await BindAsync(("exp", Now.AddSeconds(-30).ToUnixTimeSeconds()))), SdJwtFailureCodes.KeyBindingExpired);
        AssertFails(skewed.Verify(await BindAsync(("nbf", Now.AddSeconds(31).ToUnixTimeSeconds()))), SdJwtFailureCodes.KeyBindingNotYetValid);
    }

    [Fact]
    public async Task Exp_and_nbf_are_checked_under_optional_key_binding_too()
    {
        var verifier = CreateVerifier(Now, KeyBindingPolicy.Optional);

        AssertFails(verifier.Verify(await BindAsync(("exp", Now.AddMinutes(-10).ToUnixTimeSeconds()))), SdJwtFailureCodes.KeyBindingExpired);
    }

    [Theory]
    [InlineData("exp", "\"1748537300\"")]
    [InlineData("exp", "-1")]
    [InlineData("exp", "true")]
    [InlineData("exp", "null")]
    [InlineData("exp", "{}")]
    [InlineData("nbf", "\"1748537200\"")]
    [InlineData("nbf", "[1748537200]")]
    [InlineData("nbf", "1e300")]
    public async Task A_non_numeric_exp_or_nbf_is_refused_with_its_own_code(string claim, string json)
    {
        var presentation = await BindAsync((claim, JsonNode.Parse(json)));

        var result = CreateVerifier(Now).Verify(presentation);

        AssertFails(result, SdJwtFailureCodes.KeyBindingValidityClaimMalformed);
        Assert.Contains("'" + claim + "'", Assert.Single(result.Failures).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fractional_numeric_date_is_a_numeric_date()
    {
        // RFC 7519 §2: a NumericDate may be non-integer.
        AssertValid(CreateVerifier(Now).Verify(await BindAsync(("exp", JsonValue.Create(Now.ToUnixTimeSeconds() + 60.5)), ("nbf", JsonValue.Create(Now.ToUnixTimeSeconds() - 0.5)))));
    }

    [Fact]
    public async Task The_parsed_kb_jwt_exposes_exp_and_nbf()
    {
        var kb = KeyBindingJwt.Parse((await BindAsync(("exp", 1748537300L), ("nbf", 1748537200L))).Split('~')[^1]);
        var plain = KeyBindingJwt.Parse((await BindAsync()).Split('~')[^1]);

        Assert.Equal(At(1748537300), kb.ExpiresAt);
        Assert.Equal(At(1748537200), kb.NotBefore);
        Assert.Null(plain.ExpiresAt);
        Assert.Null(plain.NotBefore);
    }

    [Fact]
    public async Task An_old_kb_jwt_names_the_window_and_how_to_verify_at_another_time()
    {
        var verifier = CreateVerifier(Now, configure: o => o with { IatWindow = TimeSpan.FromMinutes(10), ClockSkew = TimeSpan.FromSeconds(30) });

        var result = verifier.Verify(await BindAsync(issuedAt: Now.AddHours(-2)));

        AssertFails(result, SdJwtFailureCodes.KeyBindingIatOutsideWindow);
        var message = Assert.Single(result.Failures).Message;
        Assert.Contains("10 minutes", message, StringComparison.Ordinal);
        Assert.Contains("IatWindow", message, StringComparison.Ordinal);
        Assert.Contains("30 seconds", message, StringComparison.Ordinal);
        Assert.Contains("verification time", message, StringComparison.Ordinal);
        Assert.Contains(Now.AddHours(-2).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kb_jwt_from_the_future_says_so()
    {
        var result = CreateVerifier(Now).Verify(await BindAsync(issuedAt: Now.AddMinutes(5)));

        AssertFails(result, SdJwtFailureCodes.KeyBindingIatOutsideWindow);
        Assert.Contains("after the verification time", Assert.Single(result.Failures).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_window_is_named_in_the_message()
    {
        var result = CreateVerifier(Now).Verify(await BindAsync(issuedAt: Now.AddDays(-1)));

        Assert.Contains("5 minutes", Assert.Single(result.Failures).Message, StringComparison.Ordinal);
    }

    /// <summary>A KB-JWT over the example presentation with the right aud, nonce and sd_hash, and the given extra claims.</summary>
    private static async Task<string> BindAsync(params (string Name, JsonNode? Value)[] claims) => await BindAsync(Now, claims);

    private static async Task<string> BindAsync(DateTimeOffset issuedAt, params (string Name, JsonNode? Value)[] claims)
    {
        var presentation = WithoutKb;
        using var holder = HolderSigner();
        var payload = new JsonObject
        {
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["aud"] = Rfc9901Audience,
            ["nonce"] = Nonce,
            ["sd_hash"] = SdHashAlgorithm.Sha256.ComputeDigest(presentation),
        };
        foreach (var (name, value) in claims)
        {
            payload[name] = value;
        }

        var jws = await CompactJws.CreateAsync(new JsonObject { ["typ"] = "kb+jwt" }, payload, holder);
        return presentation + jws.Text;
    }
}
