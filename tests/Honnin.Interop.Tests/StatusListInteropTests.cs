using System.Text.Json.Nodes;
using Honnin.Issuer.SdJwt;
using Honnin.SdJwt;
using Honnin.StatusLists;
using Honnin.Verifier.SdJwt;
using static Honnin.Interop.Tests.InteropKit;

namespace Honnin.Interop.Tests;

/// <summary>Token Status List interop with @sd-jwt/jwt-status-list 0.19.0 (and its use inside @sd-jwt/sd-jwt-vc), both directions.</summary>
public sealed class StatusListInteropTests
{
    private const string ListUri = "https://university.example.jp/statuslists/1";

    private static readonly int[] Statuses = [0, 1, 0, 0, 2, 3, 0, 1, 1, 0, 0, 0, 2, 0, 0, 1, 3];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public async Task Honnin_reads_a_status_list_token_made_by_the_peer(int bits)
    {
        var statuses = Statuses.Select(s => s % (1 << bits)).ToArray();
        var response = await NodePeer.RunAsync(new JsonObject
        {
            ["command"] = "status-token",
            ["statuses"] = new JsonArray([.. statuses.Select(s => (JsonNode)s)]),
            ["bits"] = bits,
            ["issuerJwk"] = IssuerPrivateJwk,
            ["iss"] = "https://university.example.jp",
            ["sub"] = ListUri,
            ["iat"] = Now.ToUnixTimeSeconds(),
            ["ttl"] = 3600,
        });

        var token = StatusListToken.Parse(response["jwt"]!.GetValue<string>());

        Assert.True(token.VerifySignature(IssuerKey.Key));
        Assert.Equal(ListUri, token.Subject);
        Assert.Equal(bits, token.StatusList.Bits);
        Assert.Equal(3600, token.TimeToLive);
        for (var i = 0; i < statuses.Length; i++)
        {
            Assert.True(token.TryGetStatus(new StatusListReference(i, ListUri), out var status));
            Assert.Equal(statuses[i], status);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public async Task Peer_reads_a_status_list_token_made_by_honnin(int bits)
    {
        var statuses = Statuses.Select(s => (byte)(s % (1 << bits))).ToArray();
        using var issuer = IssuerSigner();
        var token = await StatusListToken.CreateAsync(StatusList.Create(bits, statuses), ListUri, Now, issuer, timeToLive: 3600);

        var response = await NodePeer.RunAsync(new JsonObject
        {
            ["command"] = "status-read",
            ["jwt"] = token.Jws.Text,
            ["indexes"] = new JsonArray([.. Enumerable.Range(0, statuses.Length).Select(i => (JsonNode)i)]),
        });

        Assert.Equal(bits, response["bits"]!.GetValue<int>());
        Assert.Equal(statuses.Select(s => (int)s), response["statuses"]!.AsArray().Select(s => s!.GetValue<int>()));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public async Task Peer_checks_the_status_of_an_sd_jwt_vc_issued_by_honnin_against_a_honnin_status_list(int index, bool expectValid)
    {
        using var issuer = IssuerSigner();
        var token = await StatusListToken.CreateAsync(StatusList.Create(1, [0, 1]), ListUri, Now, issuer);
        var claims = Claims;
        claims["status"] = new StatusListReference(index, ListUri).ToJsonObject();
        var credential = await new SdJwtBuilder(claims).MakeDisclosable("given_name").WithHolderKey(HolderKey).BuildAsync(issuer);

        var peer = await PeerVerifyAsync(credential.Serialize(), nonce: null, statusLists: new JsonObject { [ListUri] = token.Jws.Text });

        Assert.Equal(expectValid, peer["valid"]!.GetValue<bool>());
        var honnin = HonninVerifier(KeyBindingPolicy.Forbidden).Verify(credential.Serialize());
        AssertValid(honnin);
        var reference = SdJwtStatusClaim.Read(Assert.Single(honnin.Documents).Claims!)!;
        Assert.True(token.TryGetStatus(reference, out var status));
        Assert.Equal(expectValid, status == 0);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    public async Task Honnin_checks_the_status_of_its_sd_jwt_vc_against_a_list_the_peer_published(int index, bool expectValid)
    {
        var response = await NodePeer.RunAsync(new JsonObject
        {
            ["command"] = "status-token",
            ["statuses"] = new JsonArray(0, 1, 2, 0),
            ["bits"] = 2,
            ["issuerJwk"] = IssuerPrivateJwk,
            ["iss"] = "https://university.example.jp",
            ["sub"] = ListUri,
            ["iat"] = Now.ToUnixTimeSeconds(),
            ["ttl"] = 3600,
        });
        using var issuer = IssuerSigner();
        var claims = Claims;
        claims["status"] = new StatusListReference(index, ListUri).ToJsonObject();
        var credential = await new SdJwtBuilder(claims).MakeDisclosable("given_name").WithHolderKey(HolderKey).BuildAsync(issuer);
        var checker = new Honnin.Verifier.Status.StatusListChecker(
            new Honnin.Verifier.Status.StatusListCheckerOptions { Source = new FixedSource(ListUri, response["jwt"]!.GetValue<string>()), TrustedKeys = [IssuerKey.Key] },
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        var verifier = new SdJwtVcVerifier(new SdJwtVcVerifierOptions { IssuerKeys = [IssuerKey], KeyBinding = KeyBindingPolicy.Forbidden, StatusLists = checker }, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));

        var result = await verifier.VerifyAsync(credential.Serialize());

        Assert.Equal(expectValid, result.IsValid);
        Assert.Equal(index switch { 1 => Honnin.Verifier.Status.StatusCheckCodes.Revoked, 2 => Honnin.Verifier.Status.StatusCheckCodes.Suspended, _ => null }, result.Failures.SingleOrDefault()?.Code);
    }

    /// <summary>Serves one token for one URI, as a file-based source would.</summary>
    private sealed class FixedSource(string uri, string token) : Honnin.Verifier.Status.IStatusListSource
    {
        public Task<ReadOnlyMemory<byte>> FetchAsync(string requested, CancellationToken cancellationToken = default) =>
            requested == uri ? Task.FromResult<ReadOnlyMemory<byte>>(System.Text.Encoding.UTF8.GetBytes(token)) : throw new Honnin.Verifier.Status.StatusListUnavailableException("unknown list");
    }
}
