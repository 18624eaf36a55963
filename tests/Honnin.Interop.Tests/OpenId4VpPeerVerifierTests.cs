using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Issuance;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.Certificates;
using Honnin.Tests.Services;
using Honnin.X509;

namespace Honnin.Interop.Tests;

/// <summary>
/// Honnin's wallet (<see cref="OpenId4VpClient"/>) answers a verifier written with @openid4vc/openid4vp 0.4.6
/// (tests/interop/vp-verifier.mjs: Openid4vpVerifier, a JAR signed with x5c, DCQL, ECDH-ES P-256 for direct_post.jwt,
/// parseOpenid4vpAuthorizationResponse, DcqlPresentationResult, @sd-jwt/sd-jwt-vc for the KB-JWT and @auth0/mdl for
/// the DeviceResponse over the OpenID4VPHandover transcript) over loopback. The peer verifier holds a reader certificate
/// under a root the wallet trusts as a reader root, without a registration: the person confirms each element, as
/// with <c>--add</c>.
/// </summary>
public sealed class OpenId4VpPeerVerifierTests
{
    [Theory]
    [InlineData("sd-jwt", "direct_post", "x509_hash", "post")]
    [InlineData("sd-jwt", "direct_post.jwt", "x509_hash", "get")]
    [InlineData("sd-jwt", "direct_post", "x509_san_dns", "get")]
    [InlineData("sd-jwt", "direct_post.jwt", "x509_san_dns", "post")]
    [InlineData("mdoc", "direct_post", "x509_hash", "get")]
    [InlineData("mdoc", "direct_post.jwt", "x509_hash", "post")]
    [InlineData("mdoc", "direct_post", "x509_san_dns", "post")]
    [InlineData("mdoc", "direct_post.jwt", "x509_san_dns", "get")]
    public async Task Honnins_wallet_answers_the_peer_verifier_which_verifies_exactly_the_requested_claims(string format, string responseMode, string prefix, string requestUriMethod)
    {
        await using var issuer = await IssuerHost.StartAsync(o => o with { MaxBatchSize = 1 });
        await using var peer = await OpenId4VpPeerVerifierProcess.StartAsync();
        using var reader = PeerReader.Create(prefix == "x509_san_dns" ? "localhost" : null);
        using var wallet = await TestWallet.WithSlipAsync(issuer, format, new HolderOptions { ReaderTrustAnchors = TrustAnchorSet.Create([reader.Root]) });
        var created = await peer.SendAsync(reader.CreateCommand(issuer, format, responseMode, prefix, requestUriMethod));

        var session = await wallet.Client.ResolveAsync(created["link"]!.GetValue<string>());

        Assert.True(session.Requester.Authenticated, string.Join(", ", session.Requester.Problems));
        Assert.Empty(session.Requester.Problems);
        Assert.Equal(created["clientId"]!.GetValue<string>(), session.Requester.ClientId!.Value);
        Assert.Null(session.Requester.Registration);
        Assert.True(session.IsSatisfiable);
        var query = Assert.Single(session.Queries);
        Assert.Equal("slip", query.QueryId);
        session = session.With("slip", ConfirmAll(query.Plan));
        Assert.Equal(["family_name", "payment_amount"], session.Queries[0].Plan.Disclosed.Select(d => d.Element.Identifier).Order());

        var outcome = await wallet.Client.RespondAsync(session);

        Assert.Equal(["slip"], outcome.Sent);
        var result = await peer.SendAsync(new JsonObject { ["command"] = "result", ["id"] = created["id"]!.GetValue<string>() });
        Assert.True(result["answered"]!.GetValue<bool>(), result.ToJsonString() + peer.Errors);
        Assert.True(result["valid"]!.GetValue<bool>(), result.ToJsonString() + peer.Errors);
        var served = Assert.Single(result["requestsServed"]!.AsArray())!.AsObject();
        Assert.Equal(requestUriMethod.ToUpperInvariant(), served["method"]!.GetValue<string>());
        // OpenID4VP 1.0 §5.8: without dynamic discovery a request object's aud "MUST be https://self-issued.me/v2".
        // The peer (createJarAuthorizationRequest in 0.4.6) defaults aud to the request_uri. The peer is wrong; Honnin's
        // wallet does not read aud (the spec puts no check on the wallet), so it is accepted — as Honnin's own verifier
        // sends the right value, this only shows the peer's.
        Assert.Equal(created["requestUri"]!.GetValue<string>(), served["aud"]!.GetValue<string>());
        if (requestUriMethod == "post")
        {
            // Honnin's wallet posts wallet_nonce and wallet_metadata as §5.10.1 has them; the peer echoed the nonce
            // (the wallet refuses a request object without it).
            Assert.NotNull(served["walletNonce"]);
            Assert.NotNull(served["walletMetadata"]!["vp_formats_supported"]);
        }

        var presented = result["presentations"]!["slip"]!.AsObject();
        if (format == "mdoc")
        {
            Assert.Equal(["family_name"], presented["org.iso.23220.1"]!.AsObject().Select(e => e.Key));
            Assert.Equal(["payment_amount"], presented["jp.honnin.withholding_slip.1"]!.AsObject().Select(e => e.Key));
        }
        else
        {
            Assert.Equal(["family_name", "payment_amount"], presented.Select(c => c.Key).Where(IssuerHost.SlipClaims().ContainsKey).Order());
            var kb = result["kb"]!["slip"]!.AsObject();
            Assert.Equal(created["clientId"]!.GetValue<string>(), kb["aud"]!.GetValue<string>());
            Assert.Equal(created["nonce"]!.GetValue<string>(), kb["nonce"]!.GetValue<string>());
        }

        if (responseMode == "direct_post.jwt")
        {
            Assert.Equal("ECDH-ES", result["jweHeader"]!["alg"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task An_x509_san_dns_verifier_no_root_vouches_for_cannot_send_the_answer_to_another_host()
    {
        // OpenID4VP 1.0 §5.9.3: unless the wallet trusts the client id, the response goes only to its DNS name. The
        // peer names x509_san_dns:localhost and answers at 127.0.0.1; the wallet trusts no root for it.
        await using var issuer = await IssuerHost.StartAsync(o => o with { MaxBatchSize = 1 });
        await using var peer = await OpenId4VpPeerVerifierProcess.StartAsync();
        using var reader = PeerReader.Create("localhost");
        using var wallet = await TestWallet.WithSlipAsync(issuer, "sd-jwt", new HolderOptions());
        var command = reader.CreateCommand(issuer, "sd-jwt", "direct_post", "x509_san_dns", "get");
        command["responseHost"] = "127.0.0.1";
        var created = await peer.SendAsync(command);

        var session = await wallet.Client.ResolveAsync(created["link"]!.GetValue<string>());

        Assert.Contains(RequesterProblem.RequestNotBound, session.Requester.Problems);
        Assert.True(session.Requester.IsRejected);
        var plan = Assert.Single(session.Queries).Plan;
        Assert.Empty(plan.Disclosed);
        Assert.Throws<InvalidOperationException>(() => plan.Confirm("jp.honnin.withholding_slip.1", "payment_amount"));
    }

    private static PresentationPlan ConfirmAll(PresentationPlan plan)
    {
        foreach (var element in plan.Documents.SelectMany(d => d.Elements).Where(e => e.Decision is ElementDecision.NeedsConfirmation or ElementDecision.Excluded).ToList())
        {
            plan = plan.Confirm(element.NameSpace, element.Identifier);
        }

        return plan;
    }

    /// <summary>The peer verifier's root and reader certificate (mdoc reader EKU; a DNS name for x509_san_dns), and its key.</summary>
    internal sealed class PeerReader : IDisposable
    {
        private readonly ECDsa _rootKey;
        private readonly ECDsa _key;

        private PeerReader(X509Certificate2 root, ECDsa rootKey, X509Certificate2 leaf, ECDsa key, string? dnsName)
        {
            Root = root;
            _rootKey = rootKey;
            Leaf = leaf;
            _key = key;
            DnsName = dnsName;
        }

        public X509Certificate2 Root { get; }

        public X509Certificate2 Leaf { get; }

        public string? DnsName { get; }

        public static PeerReader Create(string? dnsName)
        {
            var now = DateTimeOffset.UtcNow;
            var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var root = MdocCertificateFactory.CreateIaca("JP", "Peer Verifier Root", rootKey, now.AddDays(-1), now.AddYears(2));
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=Peer Verifier", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(MdocCertificateProfile.ReaderAuthenticationExtendedKeyUsage)], critical: true));
            if (dnsName is not null)
            {
                var san = new SubjectAlternativeNameBuilder();
                san.AddDnsName(dnsName);
                request.CertificateExtensions.Add(san.Build());
            }

            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            using var issued = request.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), now.AddDays(-1), now.AddYears(1), serial);
            return new PeerReader(root, rootKey, X509CertificateLoader.LoadCertificate(issued.RawData), key, dnsName);
        }

        public JsonObject CreateCommand(IssuerHost issuer, string format, string responseMode, string prefix, string requestUriMethod)
        {
            var parameters = _key.ExportParameters(includePrivateParameters: true);
            return new JsonObject
            {
                ["command"] = "create",
                ["host"] = DnsName ?? "127.0.0.1",
                ["prefix"] = prefix,
                ["dnsName"] = DnsName,
                ["responseMode"] = responseMode,
                ["requestUriMethod"] = requestUriMethod,
                ["dcqlQuery"] = VerifierHost.SlipQuery(format),
                ["certificateChain"] = new JsonArray(Convert.ToBase64String(Leaf.RawData)),
                ["signingJwk"] = new JsonObject
                {
                    ["kty"] = "EC",
                    ["crv"] = "P-256",
                    ["x"] = Base64Url.EncodeToString(parameters.Q.X),
                    ["y"] = Base64Url.EncodeToString(parameters.Q.Y),
                    ["d"] = Base64Url.EncodeToString(parameters.D),
                },
                ["issuerRoots"] = new JsonArray(issuer.Iaca.ExportCertificatePem()),
            };
        }

        public void Dispose()
        {
            Root.Dispose();
            Leaf.Dispose();
            _rootKey.Dispose();
            _key.Dispose();
        }
    }
}
