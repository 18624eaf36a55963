using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Issuer.Protocol;
using Honnin.Issuer.State;
using Honnin.Jose;
using Honnin.OpenId4Vc;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Issuer.Tests.Protocol;

/// <summary>
/// DPoP proofs at the server (RFC 9449 §4.3, §8): proofs made by <see cref="DpopProof"/> pass, and every check refuses
/// what breaks it with <c>invalid_dpop_proof</c>, or with <c>use_dpop_nonce</c> and a fresh nonce when the server
/// nonce is missing, forged or expired. A nonce serves many proofs; a <c>jti</c> serves one.
/// </summary>
public sealed class DpopProofValidatorTests : IDisposable
{
    private const string AccessToken = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    private static readonly Uri Token = new("https://issuer.example.jp/token");
    private static readonly Uri Credential = new("https://issuer.example.jp/credential");

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly InMemoryIssuerState _replay = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly SoftwareSigner _signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
    private readonly DpopProofValidator _validator;

    public DpopProofValidatorTests()
    {
        _validator = new DpopProofValidator(new DpopOptions { NonceSecret = _secret }, _replay, _clock);
    }

    public void Dispose() => _signer.Dispose();

    [Theory]
    [InlineData(CoseAlgorithm.ES256)]
    [InlineData(CoseAlgorithm.EdDSA)]
    public async Task Proofs_made_by_DpopProof_pass_at_the_token_endpoint_and_at_a_resource(CoseAlgorithm algorithm)
    {
        using var signer = SoftwareSigner.Generate(algorithm);
        var nonce = _validator.IssueNonce();

        var token = await _validator.ValidateAsync([await DpopProof.CreateAsync(signer, "POST", Token, _clock.GetUtcNow(), nonce)], "POST", Token);
        var resource = await _validator.ValidateAsync([await DpopProof.CreateAsync(signer, "POST", Credential, _clock.GetUtcNow(), nonce, AccessToken)], "POST", Credential, AccessToken);

        Assert.True(token.IsValid, token.ToString());
        Assert.True(resource.IsValid, resource.ToString());
        Assert.Equal(JsonWebKey.FromCoseKey(signer.PublicKey).ComputeThumbprint(), token.Thumbprint);
        Assert.Equal(token.Thumbprint, resource.Thumbprint);
        Assert.Empty(token.Failures);
        Assert.Null(token.Nonce);
    }

    [Fact]
    public async Task A_proof_without_a_nonce_gets_use_dpop_nonce_with_a_nonce_that_then_serves_several_proofs()
    {
        var refused = await _validator.ValidateAsync([await DpopProof.CreateAsync(_signer, "POST", Token, _clock.GetUtcNow())], "POST", Token);

        Assert.Equal(OAuthErrorCodes.UseDpopNonce, refused.Error);
        Assert.NotNull(refused.Nonce);
        Assert.Equal(OAuthErrorCodes.UseDpopNonce, Assert.Single(refused.Failures).Code);
        for (var i = 0; i < 3; i++)
        {
            var result = await _validator.ValidateAsync([await DpopProof.CreateAsync(_signer, "POST", Token, _clock.GetUtcNow(), refused.Nonce)], "POST", Token);
            Assert.True(result.IsValid, result.ToString());
        }
    }

    [Fact]
    public async Task An_expired_nonce_gets_use_dpop_nonce_and_a_fresh_one()
    {
        var nonce = _validator.IssueNonce();
        _clock.Advance(TimeSpan.FromMinutes(5));

        var result = await _validator.ValidateAsync([await DpopProof.CreateAsync(_signer, "POST", Token, _clock.GetUtcNow(), nonce)], "POST", Token);

        Assert.Equal(OAuthErrorCodes.UseDpopNonce, result.Error);
        Assert.Contains("expired", result.ErrorDescription, StringComparison.Ordinal);
        Assert.NotEqual(nonce, result.Nonce);
        Assert.True((await _validator.ValidateAsync([await DpopProof.CreateAsync(_signer, "POST", Token, _clock.GetUtcNow(), result.Nonce)], "POST", Token)).IsValid);
    }

    [Fact]
    public async Task Forged_nonces_get_use_dpop_nonce_including_a_c_nonce_made_with_the_same_secret()
    {
        var foreign = new DpopProofValidator(new DpopOptions { NonceSecret = RandomNumberGenerator.GetBytes(32) }, _replay, _clock).IssueNonce();
        var cNonces = new CNonceService(_secret, _replay, _clock);
        var mine = _validator.IssueNonce();
        var altered = mine[..20] + (mine[20] == 'A' ? 'B' : 'A') + mine[21..];

        foreach (var nonce in new[] { foreign, cNonces.Issue(), altered, "not-a-nonce", string.Empty })
        {
            var result = await _validator.ValidateAsync([await DpopProof.CreateAsync(_signer, "POST", Token, _clock.GetUtcNow(), nonce)], "POST", Token);
            Assert.Equal(OAuthErrorCodes.UseDpopNonce, result.Error);
            Assert.NotNull(result.Nonce);
        }

        Assert.Equal(CNonceCheck.NotIssued, await cNonces.UseAsync(mine));
    }

    [Fact]
    public async Task A_nonce_past_half_its_lifetime_is_accepted_and_a_new_one_is_offered()
    {
        var nonce = _validator.IssueNonce();
        _clock.Advance(TimeSpan.FromMinutes(3));

        var result = await _validator.ValidateAsync([await DpopProof.CreateAsync(_signer, "POST", Token, _clock.GetUtcNow(), nonce)], "POST", Token);

        Assert.True(result.IsValid, result.ToString());
        Assert.NotNull(result.Nonce);
        Assert.NotEqual(nonce, result.Nonce);
    }

    [Fact]
    public async Task A_replayed_proof_is_refused_and_a_jti_is_scoped_to_its_key()
    {
        var nonce = _validator.IssueNonce();
        var proof = await DpopProof.CreateAsync(_signer, "POST", Token, _clock.GetUtcNow(), nonce);
        var jti = CompactJws.Parse(proof).ReadPayloadObject()["jti"]!.GetValue<string>();
        using var other = SoftwareSigner.Generate(CoseAlgorithm.ES256);

        Assert.True((await _validator.ValidateAsync([proof], "POST", Token)).IsValid);
        var replay = await _validator.ValidateAsync([proof], "POST", Token);
        var sameJtiOtherKey = await _validator.ValidateAsync([await Sign(other, claims => { claims["jti"] = jti; claims["nonce"] = nonce; })], "POST", Token);

        Assert.Equal(OAuthErrorCodes.InvalidDpopProof, replay.Error);
        Assert.Contains("jti", replay.ErrorDescription, StringComparison.Ordinal);
        Assert.True(sameJtiOtherKey.IsValid, sameJtiOtherKey.ToString());
    }

    [Fact]
    public async Task A_proof_refused_for_its_nonce_records_nothing_so_its_jti_stays_unused()
    {
        var jti = "jti-kept-unused";
        var refused = await _validator.ValidateAsync([await Sign(_signer, claims => { claims["jti"] = jti; claims.Remove("nonce"); })], "POST", Token);
        var retried = await _validator.ValidateAsync([await Sign(_signer, claims => { claims["jti"] = jti; claims["nonce"] = refused.Nonce; })], "POST", Token);

        Assert.Equal(OAuthErrorCodes.UseDpopNonce, refused.Error);
        Assert.True(retried.IsValid, retried.ToString());
    }

    [Fact]
    public async Task No_header_or_two_headers_are_refused()
    {
        var proof = await Sign(_signer);

        var none = await _validator.ValidateAsync([], "POST", Token);
        var two = await _validator.ValidateAsync([proof, proof], "POST", Token);
        var empty = await _validator.ValidateAsync([null], "POST", Token);

        Assert.All(new[] { none, two, empty }, r => Assert.Equal(OAuthErrorCodes.InvalidDpopProof, r.Error));
        Assert.Contains("2 DPoP headers", two.ErrorDescription, StringComparison.Ordinal);
        Assert.All(new[] { none, two, empty }, r => Assert.NotNull(r.Nonce));
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("DPOP+JWT")]
    [InlineData("application/dpop+jwt")]
    [InlineData(null)]
    public async Task A_proof_of_another_type_is_refused(string? type)
    {
        var result = await Validate(await Sign(_signer, header: header => header["typ"] = type));

        AssertRefused(result, "typ");
    }

    [Fact]
    public async Task Unsigned_and_mac_proofs_are_refused()
    {
        var claims = Claims();
        var (empty, junk) = ProofJwts.None(ProofJwts.Header(DpopProof.MediaType, _signer), claims);
        var hs256 = ProofJwts.Hs256(ProofJwts.Header(DpopProof.MediaType, _signer), claims);

        AssertRefused(await Validate(empty), "compact JWS");
        AssertRefused(await Validate(junk), "'alg'");
        AssertRefused(await Validate(hs256), "'alg'");
    }

    [Fact]
    public async Task An_algorithm_outside_the_allowed_set_is_refused()
    {
        using var es512 = SoftwareSigner.Generate(CoseAlgorithm.ES512);
        var strict = new DpopProofValidator(new DpopOptions { NonceSecret = _secret, AllowedAlgorithms = [CoseAlgorithm.EdDSA] }, _replay, _clock);

        AssertRefused(await Validate(await Sign(es512)), "ES512");
        AssertRefused(await strict.ValidateAsync([await Sign(_signer, claims => claims["nonce"] = strict.IssueNonce())], "POST", Token), "ES256");
    }

    [Fact]
    public async Task A_missing_private_or_wrong_jwk_is_refused()
    {
        using var other = SoftwareSigner.Generate(CoseAlgorithm.ES256);

        AssertRefused(await Validate(await Sign(_signer, header: h => h.Remove("jwk"))), "no 'jwk'");
        AssertRefused(await Validate(await Sign(_signer, header: h => h["jwk"] = ProofJwts.PrivateJwk(_signer))), "private");
        AssertRefused(await Validate(await Sign(_signer, header: h => h["jwk"] = "a key")), "public key");
        AssertRefused(await Validate(await Sign(_signer, header: h => h["jwk"] = JsonWebKey.FromCoseKey(other.PublicKey).ToJsonObject())), "signature");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("post")]
    [InlineData(null)]
    public async Task A_proof_for_another_method_is_refused(string? method)
    {
        AssertRefused(await Validate(await Sign(_signer, claims => claims["htm"] = method)), "htm");
    }

    [Theory]
    [InlineData("https://issuer.example.jp/credential")]
    [InlineData("https://other.example.jp/token")]
    [InlineData("https://issuer.example.jp:8443/token")]
    [InlineData("http://issuer.example.jp/token")]
    [InlineData("https://issuer.example.jp/token/")]
    [InlineData("/token")]
    [InlineData(null)]
    public async Task A_proof_for_another_url_is_refused(string? htu)
    {
        AssertRefused(await Validate(await Sign(_signer, claims => claims["htu"] = htu)), "htu");
    }

    [Theory]
    [InlineData("https://issuer.example.jp/token", "https://issuer.example.jp/token?client=wallet#top")]
    [InlineData("https://issuer.example.jp/token?state=abc", "https://issuer.example.jp/token")]
    [InlineData("HTTPS://Issuer.Example.JP:443/token", "https://issuer.example.jp/token")]
    [InlineData("https://issuer.example.jp/./token", "https://issuer.example.jp:443/token")]
    public async Task Query_fragment_case_and_default_port_do_not_matter(string htu, string requestUrl)
    {
        var result = await _validator.ValidateAsync([await Sign(_signer, claims => claims["htu"] = htu)], "POST", new Uri(requestUrl));

        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [InlineData(-301, "older")]
    [InlineData(61, "future")]
    public async Task A_proof_outside_the_time_window_is_refused(int seconds, string reason)
    {
        AssertRefused(await Validate(await Sign(_signer, claims => claims["iat"] = _clock.GetUtcNow().AddSeconds(seconds).ToUnixTimeSeconds())), reason);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(60)]
    public async Task A_proof_at_the_edges_of_the_window_passes(int seconds)
    {
        var result = await Validate(await Sign(_signer, claims => claims["iat"] = _clock.GetUtcNow().AddSeconds(seconds).ToUnixTimeSeconds()));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task A_proof_without_iat_or_jti_is_refused()
    {
        AssertRefused(await Validate(await Sign(_signer, claims => claims.Remove("iat"))), "iat");
        AssertRefused(await Validate(await Sign(_signer, claims => claims["iat"] = "now")), "iat");
        AssertRefused(await Validate(await Sign(_signer, claims => claims.Remove("jti"))), "jti");
        AssertRefused(await Validate(await Sign(_signer, claims => claims["jti"] = new string('j', 257))), "jti");
    }

    [Fact]
    public async Task With_an_access_token_ath_must_be_its_hash()
    {
        var noAth = await _validator.ValidateAsync([await Sign(_signer, url: Credential)], "POST", Credential, AccessToken);
        var otherToken = await _validator.ValidateAsync([await Sign(_signer, claims => claims["ath"] = DpopProof.AccessTokenHash("another-token"), Credential)], "POST", Credential, AccessToken);
        var nonAsciiToken = await _validator.ValidateAsync([await Sign(_signer, claims => claims["ath"] = "x", Credential)], "POST", Credential, "トークン");
        var good = await _validator.ValidateAsync([await Sign(_signer, claims => claims["ath"] = DpopProof.AccessTokenHash(AccessToken), Credential)], "POST", Credential, AccessToken);

        AssertRefused(noAth, "ath");
        AssertRefused(otherToken, "ath");
        AssertRefused(nonAsciiToken, "ASCII");
        Assert.True(good.IsValid, good.ToString());
    }

    [Fact]
    public async Task Without_required_nonces_a_proof_without_one_passes_and_refusals_carry_no_nonce()
    {
        var lax = new DpopProofValidator(new DpopOptions { NonceSecret = _secret, RequireNonce = false }, _replay, _clock);

        var passes = await lax.ValidateAsync([await DpopProof.CreateAsync(_signer, "POST", Token, _clock.GetUtcNow())], "POST", Token);
        var refused = await lax.ValidateAsync([await DpopProof.CreateAsync(_signer, "GET", Token, _clock.GetUtcNow())], "POST", Token);
        var badNonce = await lax.ValidateAsync([await DpopProof.CreateAsync(_signer, "POST", Token, _clock.GetUtcNow(), "stale")], "POST", Token);

        Assert.True(passes.IsValid, passes.ToString());
        Assert.Equal(OAuthErrorCodes.InvalidDpopProof, refused.Error);
        Assert.Null(refused.Nonce);
        Assert.Equal(OAuthErrorCodes.UseDpopNonce, badNonce.Error);
        Assert.NotNull(badNonce.Nonce);
    }

    [Fact]
    public void Options_are_checked_and_never_print_the_secret()
    {
        var options = new DpopOptions { NonceSecret = _secret };

        Assert.Throws<ArgumentException>(() => new DpopProofValidator(options with { NonceSecret = new byte[31] }, _replay, _clock));
        Assert.Throws<ArgumentException>(() => new DpopProofValidator(options with { AllowedAlgorithms = [] }, _replay, _clock));
        Assert.Throws<ArgumentException>(() => new DpopProofValidator(options with { AllowedAlgorithms = [CoseAlgorithm.HMAC256] }, _replay, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DpopProofValidator(options with { MaxAge = TimeSpan.FromDays(1) }, _replay, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DpopProofValidator(options with { NonceLifetime = TimeSpan.FromSeconds(1) }, _replay, _clock));
        Assert.DoesNotContain(Base64UrlEncoding.Encode(_secret), options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(_secret), options.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ES256", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_never_repeats_the_proof_or_the_access_token()
    {
        var proof = await Sign(_signer, claims => claims["ath"] = "wrong", Credential);

        var result = await _validator.ValidateAsync([proof], "POST", Credential, AccessToken);

        Assert.False(result.IsValid);
        foreach (var text in new[] { result.ErrorDescription!, result.ToString() })
        {
            Assert.DoesNotContain(proof.Split('.')[1], text, StringComparison.Ordinal);
            Assert.DoesNotContain(AccessToken, text, StringComparison.Ordinal);
        }
    }

    private static void AssertRefused(DpopProofResult result, string reason)
    {
        Assert.False(result.IsValid);
        Assert.Equal(OAuthErrorCodes.InvalidDpopProof, result.Error);
        Assert.Contains(reason, result.ErrorDescription, StringComparison.Ordinal);
        Assert.Null(result.Key);
    }

    private JsonObject Claims(Uri? url = null) => new()
    {
        ["jti"] = Base64UrlEncoding.Encode(RandomNumberGenerator.GetBytes(16)),
        ["htm"] = "POST",
        ["htu"] = (url ?? Token).ToString(),
        ["iat"] = _clock.GetUtcNow().ToUnixTimeSeconds(),
        ["nonce"] = _validator.IssueNonce(),
    };

    private Task<string> Sign(ISigner signer, Action<JsonObject>? claims = null, Uri? url = null, Action<JsonObject>? header = null)
    {
        var body = Claims(url);
        claims?.Invoke(body);
        var head = ProofJwts.Header(DpopProof.MediaType, signer);
        header?.Invoke(head);
        return ProofJwts.SignAsync(signer, head, body);
    }

    private Task<DpopProofResult> Validate(string proof) => _validator.ValidateAsync([proof], "POST", Token);
}
