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
/// The key proofs of a Credential Request (OpenID4VCI 1.0 Appendix F): a batch made by <see cref="KeyProof"/> yields
/// its keys in order; a broken proof is <c>invalid_proof</c> naming its position, a bad nonce <c>invalid_nonce</c>, a
/// bad array <c>invalid_credential_request</c>; and a refused request spends neither its nonce nor its keys.
/// </summary>
public sealed class KeyProofValidatorTests : IDisposable
{
    private const string Issuer = "https://payroll.example.jp";

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly InMemoryIssuerState _replay = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly CNonceService _nonces;
    private readonly KeyProofValidator _validator;
    private readonly List<SoftwareSigner> _signers = [];

    public KeyProofValidatorTests()
    {
        _nonces = new CNonceService(_secret, _replay, _clock);
        _validator = new KeyProofValidator(new KeyProofOptions { CredentialIssuer = Issuer, BatchSize = 5 }, _nonces, _replay, _clock);
    }

    public void Dispose() => _signers.ForEach(s => s.Dispose());

    [Fact]
    public async Task A_batch_made_by_KeyProof_yields_its_keys_in_proof_order()
    {
        var signers = new[] { Key(CoseAlgorithm.ES256), Key(CoseAlgorithm.EdDSA), Key(CoseAlgorithm.ES384) };
        var nonce = _nonces.Issue();
        var proofs = new List<string?>();
        foreach (var signer in signers)
        {
            proofs.Add(await KeyProof.CreateAsync(signer, Issuer, _clock.GetUtcNow(), nonce));
        }

        var result = await _validator.ValidateAsync(proofs);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(signers.Select(s => JsonWebKey.FromCoseKey(s.PublicKey).ComputeThumbprint()), result.Keys.Select(k => k.ComputeThumbprint()));
        Assert.Empty(result.Failures);
        Assert.Null(result.FailedProof);
    }

    [Fact]
    public async Task A_nonce_serves_one_request_only()
    {
        var nonce = _nonces.Issue();

        var first = await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), nonce)]);
        var second = await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), nonce)]);

        Assert.True(first.IsValid, first.ToString());
        AssertRefused(second, OAuthErrorCodes.InvalidNonce, "already used", null);
    }

    [Fact]
    public async Task Forged_expired_and_foreign_nonces_are_invalid_nonce()
    {
        var foreign = new CNonceService(RandomNumberGenerator.GetBytes(32), _replay, _clock).Issue();
        var dpopNonce = new DpopProofValidator(new DpopOptions { NonceSecret = _secret }, _replay, _clock).IssueNonce();
        var expiring = _nonces.Issue();

        AssertRefused(await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), foreign)]), OAuthErrorCodes.InvalidNonce, "not a c_nonce", null);
        AssertRefused(await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), dpopNonce)]), OAuthErrorCodes.InvalidNonce, "not a c_nonce", null);
        AssertRefused(await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), "made-up")]), OAuthErrorCodes.InvalidNonce, "not a c_nonce", null);
        _clock.Advance(CNonceService.DefaultLifetime);
        AssertRefused(await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), expiring)]), OAuthErrorCodes.InvalidNonce, "expired", null);
    }

    [Fact]
    public async Task A_proof_without_a_nonce_is_invalid_proof()
    {
        var result = await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), nonce: null)]);

        AssertRefused(result, OAuthErrorCodes.InvalidProof, "Proof 1 of 1 has no 'nonce'", 0);
    }

    [Fact]
    public async Task Proofs_with_different_nonces_are_refused_and_spend_neither()
    {
        var one = _nonces.Issue();
        var two = _nonces.Issue();

        var result = await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), one), await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), two)]);

        AssertRefused(result, OAuthErrorCodes.InvalidNonce, "Proof 2 of 2 carries a different nonce", 1);
        Assert.Equal(CNonceCheck.Accepted, await _nonces.UseAsync(one));
        Assert.Equal(CNonceCheck.Accepted, await _nonces.UseAsync(two));
    }

    [Theory]
    [InlineData("\"https://other.example.jp\"")]
    [InlineData("\"https://payroll.example.jp/\"")]
    [InlineData("[\"https://other.example.jp\"]")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task A_proof_for_another_audience_is_refused(string aud)
    {
        var result = await _validator.ValidateAsync([await Proof(Key(), _nonces.Issue(), claims => claims["aud"] = JsonNode.Parse(aud))]);

        AssertRefused(result, OAuthErrorCodes.InvalidProof, "'aud'", 0);
    }

    [Fact]
    public async Task An_audience_array_that_names_the_issuer_is_accepted()
    {
        var result = await _validator.ValidateAsync([await Proof(Key(), _nonces.Issue(), claims => claims["aud"] = new JsonArray("https://other.example.jp", Issuer))]);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task A_key_named_by_kid_or_x5c_or_named_twice_is_refused()
    {
        var signer = Key();
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=wallet", certificateKey, HashAlgorithmName.SHA256).CreateSelfSigned(_clock.GetUtcNow().AddDays(-1), _clock.GetUtcNow().AddDays(1));
        var x5c = new JsonArray(Convert.ToBase64String(certificate.RawData));

        AssertRefused(await Validate(await Proof(signer, _nonces.Issue(), header: h => { h.Remove("jwk"); h["kid"] = "did:example:wallet#key-1"; })), OAuthErrorCodes.InvalidProof, "by 'kid'", 0);
        AssertRefused(await Validate(await Proof(signer, _nonces.Issue(), header: h => { h.Remove("jwk"); h["x5c"] = x5c.DeepClone(); })), OAuthErrorCodes.InvalidProof, "by 'x5c'", 0);
        AssertRefused(await Validate(await Proof(signer, _nonces.Issue(), header: h => h["kid"] = "key-1")), OAuthErrorCodes.InvalidProof, "more than one", 0);
        AssertRefused(await Validate(await Proof(signer, _nonces.Issue(), header: h => h.Remove("jwk"))), OAuthErrorCodes.InvalidProof, "names no key", 0);
    }

    [Fact]
    public async Task Wrong_type_unsigned_mac_private_and_foreign_key_proofs_are_refused()
    {
        var signer = Key();
        var other = Key();
        var nonce = _nonces.Issue();
        var claims = new JsonObject { ["aud"] = Issuer, ["iat"] = _clock.GetUtcNow().ToUnixTimeSeconds(), ["nonce"] = nonce };
        var (_, none) = ProofJwts.None(ProofJwts.Header(KeyProof.MediaType, signer), claims);
        using var es512 = SoftwareSigner.Generate(CoseAlgorithm.ES512);

        AssertRefused(await Validate(await Proof(signer, nonce, header: h => h["typ"] = "jwt")), OAuthErrorCodes.InvalidProof, "typ", 0);
        AssertRefused(await Validate(await Proof(signer, nonce, header: h => h["typ"] = "openid4vci-proof+JWT")), OAuthErrorCodes.InvalidProof, "typ", 0);
        AssertRefused(await Validate(none), OAuthErrorCodes.InvalidProof, "'alg'", 0);
        AssertRefused(await Validate(ProofJwts.Hs256(ProofJwts.Header(KeyProof.MediaType, signer), claims)), OAuthErrorCodes.InvalidProof, "'alg'", 0);
        AssertRefused(await Validate(await Proof(es512, nonce)), OAuthErrorCodes.InvalidProof, "ES512", 0);
        AssertRefused(await Validate(await Proof(signer, nonce, header: h => h["jwk"] = ProofJwts.PrivateJwk(signer))), OAuthErrorCodes.InvalidProof, "private", 0);
        AssertRefused(await Validate(await Proof(signer, nonce, header: h => h["jwk"] = JsonWebKey.FromCoseKey(other.PublicKey).ToJsonObject())), OAuthErrorCodes.InvalidProof, "signature", 0);
        AssertRefused(await Validate("not.a.jwt"), OAuthErrorCodes.InvalidProof, "compact JWS", 0);
        Assert.Equal(CNonceCheck.Accepted, await _nonces.UseAsync(nonce));
    }

    [Theory]
    [InlineData(-301, "older")]
    [InlineData(61, "future")]
    public async Task A_proof_outside_the_time_window_is_refused(int seconds, string reason)
    {
        var result = await Validate(await Proof(Key(), _nonces.Issue(), claims => claims["iat"] = _clock.GetUtcNow().AddSeconds(seconds).ToUnixTimeSeconds()));

        AssertRefused(result, OAuthErrorCodes.InvalidProof, reason, 0);
    }

    [Fact]
    public async Task A_proof_without_iat_is_refused()
    {
        AssertRefused(await Validate(await Proof(Key(), _nonces.Issue(), claims => claims.Remove("iat"))), OAuthErrorCodes.InvalidProof, "'iat'", 0);
    }

    [Fact]
    public async Task Iss_when_present_is_the_client_and_is_not_checked_for_anonymous_access()
    {
        AssertRefused(await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), _nonces.Issue(), "other-client")], "wallet-client"), OAuthErrorCodes.InvalidProof, "'iss'", 0);
        AssertRefused(await _validator.ValidateAsync([await Proof(Key(), _nonces.Issue(), claims => claims["iss"] = 7)]), OAuthErrorCodes.InvalidProof, "'iss'", 0);
        Assert.True((await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), _nonces.Issue(), "wallet-client")], "wallet-client")).IsValid);
        Assert.True((await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), _nonces.Issue())], "wallet-client")).IsValid);
    }

    [Fact]
    public async Task The_same_key_twice_in_one_batch_is_refused()
    {
        var signer = Key();
        var nonce = _nonces.Issue();

        var result = await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), nonce), await KeyProof.CreateAsync(signer, Issuer, _clock.GetUtcNow(), nonce), await KeyProof.CreateAsync(signer, Issuer, _clock.GetUtcNow(), nonce)]);

        AssertRefused(result, OAuthErrorCodes.InvalidProof, "Proof 3 of 3 proves the same key as proof 2", 2);
        Assert.Equal(CNonceCheck.Accepted, await _nonces.UseAsync(nonce));
    }

    [Fact]
    public async Task A_key_proven_in_an_earlier_request_is_refused()
    {
        var signer = Key();
        Assert.True((await _validator.ValidateAsync([await KeyProof.CreateAsync(signer, Issuer, _clock.GetUtcNow(), _nonces.Issue())])).IsValid);
        _clock.Advance(TimeSpan.FromDays(365));

        var nonce = _nonces.Issue();
        var again = await _validator.ValidateAsync([await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), nonce), await KeyProof.CreateAsync(signer, Issuer, _clock.GetUtcNow(), nonce)]);

        AssertRefused(again, OAuthErrorCodes.InvalidProof, "Proof 2 of 2 proves a key that was proven in an earlier request", 1);
    }

    [Fact]
    public async Task An_empty_array_or_more_proofs_than_the_batch_size_is_invalid_credential_request()
    {
        var nonce = _nonces.Issue();
        var proofs = new List<string?>();
        for (var i = 0; i < 6; i++)
        {
            proofs.Add(await KeyProof.CreateAsync(Key(), Issuer, _clock.GetUtcNow(), nonce));
        }

        AssertRefused(await _validator.ValidateAsync([]), OAuthErrorCodes.InvalidCredentialRequest, "empty", null);
        AssertRefused(await _validator.ValidateAsync(proofs), OAuthErrorCodes.InvalidCredentialRequest, "holds 6 key proofs; this issuer's batch size is 5", null);
        Assert.True((await _validator.ValidateAsync(proofs.Take(5).ToList())).IsValid);
    }

    [Fact]
    public async Task A_bad_proof_at_position_3_of_5_spends_nothing_and_the_corrected_request_passes_with_the_same_nonce()
    {
        var signers = Enumerable.Range(0, 5).Select(_ => Key()).ToList();
        var nonce = _nonces.Issue();
        var proofs = new List<string?>();
        foreach (var signer in signers)
        {
            proofs.Add(await KeyProof.CreateAsync(signer, Issuer, _clock.GetUtcNow(), nonce));
        }

        var broken = proofs.ToList();
        broken[2] = await KeyProof.CreateAsync(signers[2], "https://other.example.jp", _clock.GetUtcNow(), nonce);
        var refused = await _validator.ValidateAsync(broken);
        var corrected = await _validator.ValidateAsync(proofs);

        AssertRefused(refused, OAuthErrorCodes.InvalidProof, "Proof 3 of 5 has an 'aud'", 2);
        Assert.DoesNotContain(broken[2]!.Split('.')[1], refused.ErrorDescription, StringComparison.Ordinal);
        Assert.True(corrected.IsValid, corrected.ToString());
        Assert.Equal(5, corrected.Keys.Count);
    }

    [Fact]
    public void Options_are_checked()
    {
        var options = new KeyProofOptions { CredentialIssuer = Issuer };

        Assert.Throws<ArgumentException>(() => new KeyProofValidator(options with { CredentialIssuer = string.Empty }, _nonces, _replay, _clock));
        Assert.Throws<ArgumentException>(() => new KeyProofValidator(options with { AllowedAlgorithms = [CoseAlgorithm.HMAC256] }, _nonces, _replay, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyProofValidator(options with { BatchSize = 0 }, _nonces, _replay, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyProofValidator(options with { KeyReuseHorizon = TimeSpan.FromHours(1) }, _nonces, _replay, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyProofValidator(options with { MaxFutureSkew = TimeSpan.FromHours(1) }, _nonces, _replay, _clock));
    }

    private static void AssertRefused(KeyProofResult result, string error, string reason, int? failedProof)
    {
        Assert.False(result.IsValid);
        Assert.Equal(error, result.Error);
        Assert.Contains(reason, result.ErrorDescription, StringComparison.Ordinal);
        Assert.Equal(failedProof, result.FailedProof);
        Assert.Empty(result.Keys);
        Assert.Equal(error, Assert.Single(result.Failures).Code);
    }

    private SoftwareSigner Key(CoseAlgorithm algorithm = CoseAlgorithm.ES256)
    {
        var signer = SoftwareSigner.Generate(algorithm);
        _signers.Add(signer);
        return signer;
    }

    private Task<string> Proof(ISigner signer, string nonce, Action<JsonObject>? claims = null, Action<JsonObject>? header = null)
    {
        var body = new JsonObject { ["aud"] = Issuer, ["iat"] = _clock.GetUtcNow().ToUnixTimeSeconds(), ["nonce"] = nonce };
        claims?.Invoke(body);
        var head = ProofJwts.Header(KeyProof.MediaType, signer);
        header?.Invoke(head);
        return ProofJwts.SignAsync(signer, head, body);
    }

    private Task<KeyProofResult> Validate(string proof) => _validator.ValidateAsync([proof]);
}
