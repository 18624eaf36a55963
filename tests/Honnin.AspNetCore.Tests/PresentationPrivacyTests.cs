using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder;
using Honnin.Holder.Issuance;
using Honnin.Holder.Presentation;
using Honnin.Jose;
using Honnin.Mdoc;
using Honnin.OpenId4Vc;
using Honnin.Registration;
using Honnin.SdJwt;
using Honnin.Tests.Services;
using Honnin.X509;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static Honnin.AspNetCore.Tests.PresentationFlowTests;

namespace Honnin.AspNetCore.Tests;

/// <summary>
/// Requests written to make Honnin's wallet release what the person's rules forbid, whatever the request says: a
/// registration from a certificate that does not chain to the registrar, a client id the certificate does not carry,
/// a relayed link, a stale request, an unechoed wallet nonce, pseudonyms of unregistered domains by every path,
/// never-share elements, a stopped verifier, unsigned requests, and more than the registration allows. The requests
/// come from the agency's real verifier service or from a small verifier on loopback that signs with the agency's
/// reader key and keeps what the wallet posts, so the test reads (and decrypts) exactly what left the wallet.
/// </summary>
public sealed class PresentationPrivacyTests
{
    private const string Vct = "urn:honnin:jp:withholding-slip:1";
    private const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    private const string Iso = HonninDocumentTypes.Iso23220NameSpace;
    private const string Pseudonyms = HonninDocumentTypes.PseudonymNameSpace;
    private const string HealthPseudonym = "P-HEALTH-4c1d9e";
    private const string TaxPseudonym = "P-TAX-77a0b3";

    [Fact]
    public async Task A_registration_in_a_certificate_that_chains_only_to_a_reader_root_is_not_believed()
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var registered = await VerifierHost.StartAsync(issuer.Iaca);
        // Another "registrar" issued this agency's certificate, registration extension and all; the wallet trusts that
        // root to authenticate readers, never to register them.
        await using var impostor = await VerifierHost.StartAsync(issuer.Iaca, new VerifierRegistration(["tax", "health"], "全部", ["jp.honnin.withholding_slip.1/payment_amount", "org.iso.23220.1/family_name"]));
        var options = new HolderOptions
        {
            RegistrarTrustAnchors = TrustAnchorSet.Create([registered.Registrar]),
            ReaderTrustAnchors = TrustAnchorSet.Create([impostor.Registrar]),
        };
        using var wallet = await WalletWithPseudonymsAsync(issuer, "sd-jwt", options);
        var query = Query("sd-jwt", ["payment_amount"], ["family_name"], ["pseudonyms", "tax"], ["pseudonyms", "health"]);
        var transaction = await impostor.CreateTransactionAsync(query, responseMode: "direct_post");

        var session = await wallet.Client.ResolveAsync(transaction["url"]!.GetValue<string>());

        Assert.True(session.Requester.Authenticated);
        Assert.Null(session.Requester.Registration);
        var plan = Assert.Single(session.Queries).Plan;
        Assert.Empty(plan.Disclosed);
        Assert.All(Elements(plan).Where(e => e.NameSpace != Pseudonyms), e => Assert.Equal((ElementDecision.Excluded, ElementReason.VerifierNotRegistered), (e.Decision, e.Reason)));
        Assert.All(Elements(plan).Where(e => e.NameSpace == Pseudonyms), e => Assert.Equal((ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered), (e.Decision, e.Reason)));
        Assert.Throws<InvalidOperationException>(() => plan.Confirm(Pseudonyms, "dp_health"));

        var outcome = await wallet.Client.RespondAsync(session);

        Assert.Empty(outcome.Sent);
        var result = await impostor.ResultAsync(transaction["transaction"]!.GetValue<string>());
        Assert.Equal("vp_wallet_error", result["failures"]![0]!["code"]!.GetValue<string>());
        Assert.Empty(await wallet.Store.Log.ListAsync());
    }

    [Theory]
    [InlineData("x509_hash_of_another_certificate")]
    [InlineData("x509_san_dns_not_in_the_certificate")]
    [InlineData("redirect_uri")]
    [InlineData("decentralized_identifier")]
    [InlineData("no_prefix")]
    [InlineData("no_x5c")]
    public async Task A_request_whose_client_id_the_certificate_does_not_carry_releases_nothing(string clientId)
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        await using var fake = await FakeVerifier.StartAsync(verifier);
        using var wallet = await WalletWithPseudonymsAsync(issuer, "sd-jwt", Options(verifier));
        var id = clientId switch
        {
            "x509_hash_of_another_certificate" => ClientId.ForCertificateHash(issuer.DocumentSigner),
            "x509_san_dns_not_in_the_certificate" => ClientId.ForDnsName("agency.example"),
            "redirect_uri" => ClientId.Parse("redirect_uri:" + fake.ResponseUri.AbsoluteUri),
            "decentralized_identifier" => ClientId.Parse("decentralized_identifier:did:example:agency"),
            "no_prefix" => ClientId.Parse(verifier.Verifier.ClientId.Value[ClientId.X509HashPrefix.Length..]),
            _ => verifier.Verifier.ClientId,
        };
        var link = fake.Serve(nonce => fake.Request(id, Query("sd-jwt", ["payment_amount"], ["family_name"]), walletNonce: nonce), signed: clientId != "no_x5c");

        var session = await wallet.Client.ResolveAsync(link);

        Assert.Contains(RequesterProblem.RequestNotBound, session.Requester.Problems);
        var plan = Assert.Single(session.Queries).Plan;
        Assert.Empty(plan.Disclosed);
        Assert.All(Elements(plan), e => Assert.Equal((ElementDecision.Refused, ElementReason.RequestNotBound), (e.Decision, e.Reason)));
        Assert.Throws<InvalidOperationException>(() => plan.Confirm(Slip, "payment_amount"));
        await AssertNothingReleasedAsync(wallet, session, fake);
    }

    [Fact]
    public async Task A_request_signed_by_another_key_than_its_certificates_or_unsigned_releases_nothing()
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        await using var fake = await FakeVerifier.StartAsync(verifier);
        using var wallet = await WalletWithPseudonymsAsync(issuer, "sd-jwt", Options(verifier));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = fake.Serve(nonce => fake.Request(verifier.Verifier.ClientId, Query("sd-jwt", ["payment_amount"]), walletNonce: nonce), signer: SoftwareSigner.FromECDsa(otherKey));

        var session = await wallet.Client.ResolveAsync(forged);

        Assert.False(session.Requester.Authenticated);
        Assert.Contains(RequesterProblem.SignatureInvalid, session.Requester.Problems);
        Assert.All(Elements(Assert.Single(session.Queries).Plan), e => Assert.Equal((ElementDecision.Refused, ElementReason.ReaderAuthenticationFailed), (e.Decision, e.Reason)));
        await AssertNothingReleasedAsync(wallet, session, fake);

        // alg "none": not a request object the wallet reads at all.
        var unsigned = fake.ServeText(nonce =>
        {
            var payload = fake.Request(verifier.Verifier.ClientId, Query("sd-jwt", ["payment_amount"]), walletNonce: nonce).ToJson();
            return Base64UrlEncoding.Encode("{\"alg\":\"none\",\"typ\":\"oauth-authz-req+jwt\"}"u8) + "." + Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString())) + ".";
        });
        var refused = await Assert.ThrowsAsync<PresentationRequestException>(() => wallet.Client.ResolveAsync(unsigned));
        Assert.Equal(PresentationRequestException.RequestInvalid, refused.Code);
        Assert.Single(fake.Received);
    }

    [Fact]
    public async Task A_link_naming_another_client_id_than_the_request_object_is_refused()
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "sd-jwt");
        var transaction = await verifier.CreateTransactionAsync(VerifierHost.SlipQuery("sd-jwt"));
        var relayed = OpenId4VpRequestLink.ByReference(ClientId.ForCertificateHash(issuer.DocumentSigner), new Uri(transaction["request_uri"]!.GetValue<string>()), post: true);

        var refused = await Assert.ThrowsAsync<PresentationRequestException>(() => wallet.Client.ResolveAsync(relayed));

        Assert.Equal(PresentationRequestException.ClientIdMismatch, refused.Code);
        Assert.Equal("pending", (await verifier.ResultAsync(transaction["transaction"]!.GetValue<string>()))["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("old", RequesterProblem.RequestNotFresh)]
    [InlineData("expired", RequesterProblem.RequestNotFresh)]
    [InlineData("not_yet_valid", RequesterProblem.RequestNotFresh)]
    [InlineData("lives_too_long", RequesterProblem.RequestNotFresh)]
    [InlineData("no_times", RequesterProblem.RequestTimeMissing)]
    public async Task A_stale_or_timeless_request_releases_nothing(string times, string problem)
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        await using var fake = await FakeVerifier.StartAsync(verifier);
        using var wallet = await WalletWithPseudonymsAsync(issuer, "mdoc", Options(verifier));
        var now = DateTimeOffset.UtcNow;
        (DateTimeOffset? Iat, DateTimeOffset? Exp) window = times switch
        {
            "old" => (now.AddHours(-1), now.AddMinutes(-55)),
            "expired" => (now.AddMinutes(-8), now.AddMinutes(-3)),
            "not_yet_valid" => (now.AddMinutes(30), now.AddMinutes(35)),
            "lives_too_long" => (now, now.AddDays(1)),
            _ => (null, null),
        };
        var link = fake.Serve(nonce => fake.Request(verifier.Verifier.ClientId, Query("mdoc", [Slip, "payment_amount"]), walletNonce: nonce, issuedAt: window.Iat, expiresAt: window.Exp, timed: times != "no_times"));

        var session = await wallet.Client.ResolveAsync(link);

        Assert.Contains(problem, session.Requester.Problems);
        Assert.All(Elements(Assert.Single(session.Queries).Plan), e => Assert.Equal((ElementDecision.Refused, ElementReason.RequestNotFresh), (e.Decision, e.Reason)));
        await AssertNothingReleasedAsync(wallet, session, fake);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_request_object_that_does_not_echo_the_wallet_nonce_is_refused(bool another)
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        await using var fake = await FakeVerifier.StartAsync(verifier);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "sd-jwt");
        var link = fake.Serve(nonce => fake.Request(verifier.Verifier.ClientId, Query("sd-jwt", ["payment_amount"]), walletNonce: another ? "captured-earlier-nonce" : null));

        var refused = await Assert.ThrowsAsync<PresentationRequestException>(() => wallet.Client.ResolveAsync(link));

        Assert.Equal(PresentationRequestException.WalletNonceMismatch, refused.Code);
        Assert.Empty(fake.Received);
    }

    [Theory]
    [InlineData("sd-jwt", "pseudonyms")]
    [InlineData("sd-jwt", "pseudonyms/*")]
    [InlineData("sd-jwt", "pseudonyms/health")]
    [InlineData("sd-jwt", "pseudonyms/dp_health")]
    [InlineData("sd-jwt", "pseudonyms/health+tax")]
    [InlineData("sd-jwt", "pseudonyms/health/values")]
    [InlineData("sd-jwt", "claim_sets")]
    [InlineData("mdoc", "jp.honnin.pseudonym.1/dp_health")]
    [InlineData("mdoc", "jp.honnin.pseudonym.1/dp_health+dp_tax")]
    [InlineData("mdoc", "jp.honnin.withholding_slip.1/dp_health")]
    [InlineData("mdoc", "claim_sets")]
    public async Task A_pseudonym_of_a_domain_the_verifier_is_not_registered_for_never_leaves_the_wallet(string format, string path)
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        await using var fake = await FakeVerifier.StartAsync(verifier);
        using var wallet = await WalletWithPseudonymsAsync(issuer, format, Options(verifier));
        JsonNode?[][] paths = (format, path) switch
        {
            ("sd-jwt", "pseudonyms") => [["payment_amount"], ["pseudonyms"]],
            ("sd-jwt", "pseudonyms/*") => [["payment_amount"], ["pseudonyms", null]],
            ("sd-jwt", "pseudonyms/health") => [["payment_amount"], ["pseudonyms", "health"]],
            ("sd-jwt", "pseudonyms/dp_health") => [["payment_amount"], ["pseudonyms", "dp_health"]],
            ("sd-jwt", "pseudonyms/health+tax") => [["payment_amount"], ["pseudonyms", "tax"], ["pseudonyms", "health"]],
            ("sd-jwt", "pseudonyms/health/values") => [["payment_amount"], ["pseudonyms", "health"]],
            ("sd-jwt", _) => [["payment_amount"], ["pseudonyms", "health"], ["family_name"]],
            (_, "jp.honnin.pseudonym.1/dp_health") => [[Slip, "payment_amount"], [Pseudonyms, "dp_health"]],
            (_, "jp.honnin.pseudonym.1/dp_health+dp_tax") => [[Slip, "payment_amount"], [Pseudonyms, "dp_tax"], [Pseudonyms, "dp_health"]],
            (_, "jp.honnin.withholding_slip.1/dp_health") => [[Slip, "payment_amount"], [Slip, "dp_health"], [Iso, "dp_health"]],
            _ => [[Slip, "payment_amount"], [Pseudonyms, "dp_health"], [Iso, "family_name"]],
        };
        var query = Query(format, paths);
        var claims = query["credentials"]![0]!["claims"]!.AsArray();
        if (path == "pseudonyms/health/values")
        {
            claims[1]!["values"] = new JsonArray(HealthPseudonym);
        }

        if (path == "claim_sets")
        {
            // Ask for the health pseudonym first; a wallet that would not give it falls back to the second option.
            for (var i = 0; i < claims.Count; i++)
            {
                claims[i]!["id"] = "c" + i;
            }

            query["credentials"]![0]!["claim_sets"] = new JsonArray(new JsonArray("c0", "c1"), new JsonArray("c0", "c2"));
        }

        var link = fake.Serve(nonce => fake.Request(verifier.Verifier.ClientId, query, walletNonce: nonce, encrypted: true));

        var session = await wallet.Client.ResolveAsync(link);

        Assert.NotNull(session.Requester.Registration);
        var planned = session.Queries.SelectMany(q => Elements(q.Plan)).ToList();
        Assert.DoesNotContain(planned, e => e.Identifier == "dp_health" && e.Decision != ElementDecision.Refused && e.Decision != ElementDecision.NotHeld);
        Assert.All(planned.Where(e => e.NameSpace == Pseudonyms && e.Identifier == "dp_health"), e => Assert.Equal(ElementReason.PseudonymDomainNotRegistered, e.Reason));
        foreach (var query1 in session.Queries)
        {
            Assert.Throws<InvalidOperationException>(() => query1.Plan.Confirm(Pseudonyms, "dp_health"));
        }

        var outcome = await wallet.Client.RespondAsync(session);

        var answer = Assert.Single(fake.Received);
        Assert.DoesNotContain(HealthPseudonym, answer.ToJsonString(), StringComparison.Ordinal);
        if (outcome.Sent.Count == 0)
        {
            // A query the wallet cannot answer without the pseudonym is declined whole.
            Assert.Equal("access_denied", answer["error"]!.GetValue<string>());
            return;
        }

        var sent = fake.Presentations();
        Assert.Equal(outcome.Sent, sent.Keys.Order());
        Assert.All(sent.Values.SelectMany(p => p), p => Assert.DoesNotContain(HealthPseudonym, Revealed(p), StringComparison.Ordinal));
        AssertSentExactlyThePlans(session, sent);
        if (path.Contains("tax", StringComparison.Ordinal))
        {
            // The domain the agency is registered for goes — the refusal is per domain, not per namespace.
            Assert.Contains(TaxPseudonym, Revealed(Assert.Single(sent["slip"])), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("sd-jwt", "pseudonym")]
    [InlineData("mdoc", "pseudonym")]
    [InlineData("sd-jwt", "outside_registration")]
    [InlineData("mdoc", "outside_registration")]
    public async Task A_values_constraint_on_an_element_the_wallet_would_not_release_does_not_tell_the_verifier_whether_its_guess_is_right(string format, string element)
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithPseudonymsAsync(issuer, format, Options(verifier));
        var answers = new List<string>();
        var guesses = element == "pseudonym" ? new[] { HealthPseudonym, "P-HEALTH-000000" } : ["1990-04-01", "1991-01-01"];
        foreach (var guess in guesses)
        {
            await using var fake = await FakeVerifier.StartAsync(verifier);
            var query = (format, element) switch
            {
                ("mdoc", "pseudonym") => Query(format, [Slip, "payment_amount"], [Pseudonyms, "dp_health"]),
                (_, "pseudonym") => Query(format, ["payment_amount"], ["pseudonyms", "health"]),
                ("mdoc", _) => Query(format, [Slip, "payment_amount"], [Iso, "birth_date"]),
                _ => Query(format, ["payment_amount"], ["birth_date"]),
            };
            query["credentials"]![0]!["claims"]![1]!["values"] = new JsonArray(guess);
            var session = await wallet.Client.ResolveAsync(fake.Serve(nonce => fake.Request(verifier.Verifier.ClientId, query, walletNonce: nonce)));
            var outcome = await wallet.Client.RespondAsync(session);
            var answer = Assert.Single(fake.Received);
            Assert.DoesNotContain(guesses[0], answer.ToJsonString(), StringComparison.Ordinal);
            answers.Add(string.Join(",", outcome.Sent) + "|" + (answer["error"]?.GetValue<string>() ?? "vp_token"));
        }

        // The right guess and a wrong one get the same answer: the refused value played no part in it.
        Assert.Equal(answers[0], answers[1]);
    }

    [Theory]
    [InlineData("sd-jwt")]
    [InlineData("mdoc")]
    public async Task A_never_share_element_is_refused_even_to_a_verifier_registered_for_it_and_cannot_be_confirmed(string format)
    {
        await using var issuer = await IssuerHost.StartAsync();
        var registration = new VerifierRegistration(["tax"], "年末調整", [$"{Slip}/payment_amount", $"{Iso}/birth_date", $"{Iso}/family_name"]);
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca, registration);
        await using var fake = await FakeVerifier.StartAsync(verifier);
        // The person's wallet marks the date of birth never to be shared.
        var slip = HonninDocumentTypes.WithholdingSlip;
        var neverBirthDate = new DocumentType(slip.DocType, slip.Vct, slip.DisplayNameJa, slip.DisplayNameEn,
            slip.Elements.Select(e => e.Identifier == "birth_date" ? e with { Disclosure = DisclosurePolicy.Never } : e), slip.Aliases);
        var options = Options(verifier) with { DocumentTypes = DocumentTypeRegistry.Create([neverBirthDate, HonninDocumentTypes.EnrollmentCertificate]) };
        using var wallet = await WalletWithPseudonymsAsync(issuer, format, options);
        var query = format == "mdoc" ? Query(format, [Slip, "payment_amount"], [Iso, "birth_date"]) : Query(format, ["payment_amount"], ["birth_date"]);
        var link = fake.Serve(nonce => fake.Request(verifier.Verifier.ClientId, query, walletNonce: nonce, encrypted: true));

        var session = await wallet.Client.ResolveAsync(link);

        var plan = Assert.Single(session.Queries).Plan;
        var birth = Assert.Single(Elements(plan), e => e.Identifier == "birth_date");
        Assert.Equal((ElementDecision.Refused, ElementReason.NeverShared), (birth.Decision, birth.Reason));
        Assert.Throws<InvalidOperationException>(() => plan.Confirm(Iso, "birth_date"));
        await wallet.Client.RespondAsync(session);
        var sent = fake.Presentations();
        Assert.DoesNotContain("1990-04-01", Revealed(Assert.Single(sent["slip"])), StringComparison.Ordinal);
        AssertSentExactlyThePlans(session, sent);
    }

    [Theory]
    [InlineData("client_id")]
    [InlineData("common_name")]
    public async Task After_stop_sharing_every_request_of_that_verifier_is_refused_and_an_answer_under_way_is_not_sent(string named)
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        using var wallet = await WalletWithSlipAsync(issuer, verifier, "mdoc");
        var first = await verifier.CreateTransactionAsync(VerifierHost.SlipQuery("mdoc"));
        var underWay = await wallet.Client.ResolveAsync(first["url"]!.GetValue<string>());
        Assert.NotEmpty(Assert.Single(underWay.Queries).Plan.Disclosed);

        await wallet.Store.Consents.StopAsync(named == "client_id" ? verifier.Verifier.ClientId.Value : "Honnin Test Agency", DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<InvalidOperationException>(() => wallet.Client.RespondAsync(underWay));
        var second = await verifier.CreateTransactionAsync(VerifierHost.SlipQuery("mdoc"));
        var session = await wallet.Client.ResolveAsync(second["url"]!.GetValue<string>());
        Assert.Contains(RequesterProblem.SharingStopped, session.Requester.Problems);
        Assert.All(Elements(Assert.Single(session.Queries).Plan), e => Assert.Equal((ElementDecision.Refused, ElementReason.SharingStopped), (e.Decision, e.Reason)));
        Assert.Empty((await wallet.Client.RespondAsync(session)).Sent);
        Assert.Equal("vp_wallet_error", (await verifier.ResultAsync(second["transaction"]!.GetValue<string>()))["failures"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("pending", (await verifier.ResultAsync(first["transaction"]!.GetValue<string>()))["state"]!.GetValue<string>());

        // Nothing was presented, and the log says the verifier was refused: one refusal for the second request.
        var refusal = Assert.Single(await wallet.Store.Log.ListAsync());
        Assert.True(refusal.IsRefusal);
        Assert.Empty(refusal.Elements);
        Assert.Equal("jp.honnin.withholding_slip.1", refusal.DocType);
        Assert.Contains(RequesterProblem.SharingStopped, refusal.Requester.Problems);
    }

    [Theory]
    [InlineData("sd-jwt")]
    [InlineData("mdoc")]
    public async Task What_the_registration_does_not_allow_is_left_out_and_the_response_holds_only_what_the_plan_disclosed(string format)
    {
        await using var issuer = await IssuerHost.StartAsync();
        await using var verifier = await VerifierHost.StartAsync(issuer.Iaca);
        await using var fake = await FakeVerifier.StartAsync(verifier);
        using var wallet = await WalletWithPseudonymsAsync(issuer, format, Options(verifier));
        var query = format == "mdoc"
            ? Query(format, [Slip, "payment_amount"], [Iso, "family_name"], [Iso, "birth_date"], [Slip, "payer_name"], [Slip, "payment_category"])
            : Query(format, ["payment_amount"], ["family_name"], ["birth_date"], ["payer_name"], ["payment_category"]);
        var link = fake.Serve(nonce => fake.Request(verifier.Verifier.ClientId, query, walletNonce: nonce, encrypted: true));

        var session = await wallet.Client.ResolveAsync(link);

        var plan = Assert.Single(session.Queries).Plan;
        Assert.Equal(["family_name", "payment_amount"], plan.Disclosed.Select(d => d.Element.Identifier).Order());
        Assert.All(Elements(plan).Where(e => e.Identifier is "birth_date" or "payer_name" or "payment_category"),
            e => Assert.Equal((ElementDecision.Excluded, ElementReason.OutsideRegistration), (e.Decision, e.Reason)));
        await wallet.Client.RespondAsync(session);
        var sent = fake.Presentations();
        var revealed = Revealed(Assert.Single(sent["slip"]));
        Assert.DoesNotContain("1990-04-01", revealed, StringComparison.Ordinal);
        Assert.DoesNotContain("給料・賞与", revealed, StringComparison.Ordinal);
        AssertSentExactlyThePlans(session, sent);
        var logged = Assert.Single(await wallet.Store.Log.ListAsync());
        Assert.Equal(2, logged.Elements.Count);
    }

    // ── what left the wallet ──

    private static async Task AssertNothingReleasedAsync(TestWallet wallet, OpenId4VpSession session, FakeVerifier fake)
    {
        Assert.All(session.Queries, q => Assert.Empty(q.Plan.Disclosed));
        var outcome = await wallet.Client.RespondAsync(session);
        Assert.Empty(outcome.Sent);
        var answer = Assert.Single(fake.Received);
        Assert.Equal("access_denied", answer["error"]!.GetValue<string>());
        Assert.Null(answer["vp_token"]);
        Assert.Empty(await wallet.Store.Log.ListAsync());
    }

    // Every element in the sent presentations is one the plan disclosed, and every disclosed one was sent.
    private static void AssertSentExactlyThePlans(OpenId4VpSession session, IReadOnlyDictionary<string, IReadOnlyList<string>> sent)
    {
        foreach (var query in session.Queries.Where(q => q.Plan.Disclosed.Any()))
        {
            var planned = query.Plan.Disclosed.Select(d => d.Element.NameSpace + "/" + d.Element.Identifier).Order().ToArray();
            var presentation = Assert.Single(sent[query.QueryId]);
            Assert.Equal(planned, (query.Format == CredentialFormat.Mdoc ? MdocElements(presentation) : SdJwtElements(presentation)).Order().ToArray());
        }
    }

    private static IEnumerable<string> MdocElements(string presentation) =>
        DeviceResponse.Decode(Base64UrlEncoding.Decode(presentation)).Documents.SelectMany(d => d.IssuerSigned.NameSpaces.SelectMany(ns => ns.Value.Select(i => ns.Key + "/" + i.ElementIdentifier)));

    // The claims the Disclosures reveal, named as the slip's elements (pseudonyms as their dp_ elements).
    private static IEnumerable<string> SdJwtElements(string presentation)
    {
        var type = HonninDocumentTypes.WithholdingSlip;
        foreach (var disclosure in SelectiveDisclosureJwt.Parse(presentation).Disclosures)
        {
            if (disclosure.ClaimName is not { } name || name == "pseudonyms")
            {
                continue;
            }

            var element = type.Elements.FirstOrDefault(e => e.Identifier == name);
            yield return element is null ? Pseudonyms + "/dp_" + name : element.NameSpace + "/" + name;
        }
    }

    // The decoded text of everything a presentation carries: an mdoc's CBOR, an SD-JWT's payload and Disclosures.
    private static string Revealed(string presentation) =>
        presentation.Contains('~', StringComparison.Ordinal)
            ? string.Join('\n', presentation.Split('~').SelectMany(part => part.Split('.')).Select(p => Base64UrlEncoding.TryDecode(p, out var bytes) ? Encoding.UTF8.GetString(bytes) : p))
            : Encoding.UTF8.GetString(Base64UrlEncoding.Decode(presentation));

    private static IEnumerable<PlannedElement> Elements(PresentationPlan plan) => plan.Documents.SelectMany(d => d.Elements);

    // ── set-up ──

    private static HolderOptions Options(VerifierHost verifier) => new() { RegistrarTrustAnchors = TrustAnchorSet.Create([verifier.Registrar]) };

    private static JsonObject Query(string format, params JsonNode?[][] paths) => new()
    {
        ["credentials"] = new JsonArray(new JsonObject
        {
            ["id"] = "slip",
            ["format"] = format == "mdoc" ? "mso_mdoc" : "dc+sd-jwt",
            ["meta"] = format == "mdoc" ? new JsonObject { ["doctype_value"] = Slip } : new JsonObject { ["vct_values"] = new JsonArray(Vct) },
            ["claims"] = new JsonArray([.. paths.Select(p => (JsonNode)new JsonObject { ["path"] = new JsonArray([.. p.Select(s => s?.DeepClone())]) })]),
        }),
    };

    // A slip with pseudonyms for three domains: the agency is registered for tax and employment, not health.
    private static async Task<TestWallet> WalletWithPseudonymsAsync(IssuerHost issuer, string format, HolderOptions options)
    {
        var body = new JsonObject
        {
            ["type"] = "withholding-slip",
            ["format"] = format,
            ["claims"] = IssuerHost.SlipClaims(),
            ["tx_code"] = false,
            ["pseudonyms"] = new JsonObject { ["tax"] = TaxPseudonym, ["health"] = HealthPseudonym, ["employment"] = "P-EMP-0f3e21" },
        };
        using var created = await issuer.Admin.PostAsync("admin/offers", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, text);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var client = new OpenId4VciClient(http);
        var preview = await client.PreviewAsync(JsonNode.Parse(text)!["offer"]!.GetValue<string>());
        var wallet = new TestWallet(options);
        await client.AcceptAsync(preview, null, new IssuanceTargets(wallet.Store, wallet.Keys), TimeSpan.Zero);
        return wallet;
    }

    /// <summary>
    /// A verifier on loopback that signs request objects with the agency's reader key and certificate (so the wallet
    /// sees the agency, registration and all) but says in them whatever the test wants, and keeps every answer posted
    /// to it, decrypted with its own key.
    /// </summary>
    private sealed class FakeVerifier : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly VerifierHost _agency;
        private readonly ConcurrentDictionary<string, Func<string?, Task<string>>> _requests = new();
        private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        private readonly ConcurrentQueue<JsonObject> _received = new();

        private FakeVerifier(WebApplication app, string url, VerifierHost agency)
        {
            _app = app;
            _agency = agency;
            Url = url;
            PublicKey = JsonWebKey.FromCoseKey(CoseKey.FromECParameters(_key.ExportParameters(false)), "fake-key");
        }

        public string Url { get; }

        public Uri ResponseUri => new(Url + "/response");

        public JsonWebKey PublicKey { get; }

        /// <summary>The response parameters each post carried (the JWE's payload for an encrypted one).</summary>
        public IReadOnlyList<JsonObject> Received => [.. _received];

        public static async Task<FakeVerifier> StartAsync(VerifierHost agency)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
            probe.Stop();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(url);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var fake = new FakeVerifier(app, url, agency);
            app.MapMethods("/request/{id}", ["GET", "POST"], async (HttpContext context, string id) =>
            {
                string? nonce = null;
                if (context.Request.HasFormContentType)
                {
                    nonce = (await context.Request.ReadFormAsync()).TryGetValue("wallet_nonce", out var value) ? value.ToString() : null;
                }

                return Results.Text(await fake._requests[id](nonce), "application/oauth-authz-req+jwt");
            });
            app.MapPost("/response", async (HttpContext context) =>
            {
                var form = await context.Request.ReadFormAsync();
                if (form.TryGetValue("response", out var jwe))
                {
                    fake._received.Enqueue((JsonObject)JsonNode.Parse(CompactJwe.Parse(jwe.ToString()).Decrypt(fake._key))!);
                }
                else
                {
                    var json = new JsonObject();
                    foreach (var (name, value) in form)
                    {
                        json[name] = name == "vp_token" ? JsonNode.Parse(value.ToString()) : value.ToString();
                    }

                    fake._received.Enqueue(json);
                }

                return Results.Json(new JsonObject());
            });
            await app.StartAsync();
            return fake;
        }

        /// <summary>The presentations of the one answer that carried a vp_token.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Presentations()
        {
            var answer = Assert.Single(_received);
            return VpToken.FromJson(answer["vp_token"]).Presentations;
        }

        /// <summary>A request as the agency would write it, changed as the test says.</summary>
        public OpenId4VpRequest Request(ClientId clientId, JsonObject dcql, string? walletNonce, bool encrypted = false, DateTimeOffset? issuedAt = null, DateTimeOffset? expiresAt = null, bool timed = true)
        {
            var now = DateTimeOffset.UtcNow;
            return new OpenId4VpRequest
            {
                ClientId = clientId,
                ResponseMode = encrypted ? OpenId4VpRequest.DirectPostJwt : OpenId4VpRequest.DirectPost,
                ResponseUri = ResponseUri,
                Nonce = Base64UrlEncoding.Encode(RandomNumberGenerator.GetBytes(16)),
                State = Base64UrlEncoding.Encode(RandomNumberGenerator.GetBytes(16)),
                DcqlQuery = dcql.ToJsonString(),
                Purpose = "年末調整のため",
                EncryptionKeys = encrypted ? [PublicKey] : [],
                EncryptionValues = encrypted ? [JweAlgorithms.A128Gcm] : [],
                IssuedAt = timed ? issuedAt ?? now : null,
                ExpiresAt = timed ? expiresAt ?? now.AddMinutes(5) : null,
                Audience = OpenId4VpRequest.SelfIssuedAudience,
                WalletNonce = walletNonce,
            };
        }

        /// <summary>Serves a request object signed with the agency's key (or <paramref name="signer"/>), its certificate in x5c unless unsigned; returns the link to it, naming the request's client id.</summary>
        public string Serve(Func<string?, OpenId4VpRequest> request, bool signed = true, ISigner? signer = null) =>
            ServeText(async nonce =>
            {
                var made = request(nonce);
                return signed
                    ? (await made.SignAsync(signer ?? _agency.ReaderSigner, [_agency.Reader.RawData])).Jws!.Text
                    : (await CompactJws.CreateAsync(new JsonObject { ["typ"] = OpenId4VpRequest.MediaType }, made.ToJson(), _agency.ReaderSigner)).Text;
            }, request(null).ClientId);

        public string ServeText(Func<string?, string> text) => ServeText(nonce => Task.FromResult(text(nonce)), _agency.Verifier.ClientId);

        private string ServeText(Func<string?, Task<string>> text, ClientId clientId)
        {
            var id = Guid.NewGuid().ToString("N");
            _requests[id] = text;
            return OpenId4VpRequestLink.ByReference(clientId, new Uri(Url + "/request/" + id), post: true);
        }

        public async ValueTask DisposeAsync()
        {
            _key.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
