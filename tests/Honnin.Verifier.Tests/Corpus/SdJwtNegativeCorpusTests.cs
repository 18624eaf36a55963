using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Holder.SdJwt;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.X509;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;
using World = Honnin.Verifier.Tests.Corpus.SdJwtCorpusWorld;

namespace Honnin.Verifier.Tests.Corpus;

/// <summary>
/// The SD-JWT VC half of the negative corpus: named attack and malformed-input cases, each made from the valid
/// presentation of <see cref="SdJwtCorpusWorld"/> (x5c to a configured IACA, key binding required) with one thing
/// wrong, and each rejected with exactly its failure codes, no document, and no exception. Where a case needs a valid
/// issuer or holder signature over a wrong structure, the JWT is forged with that key (CompactJws.CreateAsync, or raw
/// signing where CreateAsync refuses to write the structure), and the KB-JWT is remade over the changed presentation,
/// so that only the case's own rule can fail. The per-rule tests under SdJwt/ pin the same rules on the RFC 9901
/// examples; this corpus runs them through the SD-JWT VC profile with x5c trust, as issued by Honnin.
/// </summary>
public sealed class SdJwtNegativeCorpusTests
{
    private static readonly CorpusCase[] Cases =
    [
        // JOSE: algorithms, signatures, headers.
        new("alg_none_unsigned", [JoseFailureCodes.Malformed], w => Task.FromResult(WithIssuerJwt(w, Header("""{"alg":"none","typ":"dc+sd-jwt"}""") + "." + Jwt(w)[1] + "."))),
        new("alg_none_with_a_signature_part", [JoseFailureCodes.UnsupportedAlgorithm], w => Task.FromResult(WithIssuerJwt(w, Header("""{"alg":"none","typ":"dc+sd-jwt"}""") + "." + Jwt(w)[1] + "." + Jwt(w)[2]))),
        new("alg_hs256_keyed_with_the_issuer_public_key", [JoseFailureCodes.UnsupportedAlgorithm], w => Task.FromResult(WithIssuerJwt(w, HmacConfusion(w)))),
        new("crit_names_an_unknown_header", [JoseFailureCodes.UnknownCriticalHeader], w => Task.FromResult(WithIssuerJwt(w, World.Sign(With(w.IssuerHeader(), ("crit", new JsonArray("x-honnin-policy")), ("x-honnin-policy", "strict")), w.IssuerPayload, w.DsSigner)))),
        new("alg_es256_header_over_a_p384_signature", [VerificationFailureCodes.IssuerSignatureInvalid], w => Task.FromResult(WithIssuerJwt(w, World.Sign(With(w.IssuerHeader(w.P384DocumentSigner), ("alg", "ES256")), w.IssuerPayload, w.P384DsSigner)))),

        // x5c trust.
        new("x5c_chain_to_an_untrusted_root", [CertificateProblemCodes.UntrustedIssuer], w => ForgeBoundAsync(w, w.IssuerPayload, w.PresentedDisclosures, w.IssuerHeader(w.UntrustedDocumentSigner), w.UntrustedDsSigner)),
        new("x5c_document_signer_expired", [CertificateProblemCodes.CertificateExpired], w => ForgeBoundAsync(w, w.IssuerPayload, w.PresentedDisclosures, w.IssuerHeader(w.ExpiredDocumentSigner), w.ExpiredDsSigner)),
        new("x5c_document_signer_not_yet_valid", [CertificateProblemCodes.CertificateNotYetValid], w => ForgeBoundAsync(w, w.IssuerPayload, w.PresentedDisclosures, w.IssuerHeader(w.FutureDocumentSigner), w.FutureDsSigner)),
        // An x5c leaf without the mdoc DS EKU is no longer a failure (SD-JWT VC issuer profile); this one names no iss.
        new("x5c_issuer_certificate_that_does_not_name_the_iss", [VerificationFailureCodes.SdJwtIssuerNotInCertificate], w => ForgeBoundAsync(w, w.IssuerPayload, w.PresentedDisclosures, w.IssuerHeader(w.EkulessDocumentSigner), w.EkulessDsSigner)),
        new("x5c_leaf_is_the_iaca_itself", [CertificateProblemCodes.SdJwtIssuerIsCa, CertificateProblemCodes.SdJwtIssuerKeyUsage], w => ForgeBoundAsync(w, w.IssuerPayload, w.PresentedDisclosures, w.IssuerHeader(w.Iaca), w.IacaSigner)),

        // typ and the SD-JWT VC registered claims.
        new("typ_jwt", [SdJwtFailureCodes.TypeInvalid], w => ForgeBoundAsync(w, w.IssuerPayload, w.PresentedDisclosures, With(w.IssuerHeader(), ("typ", "jwt")))),
        new("typ_legacy_vc_sd_jwt_without_opt_in", [SdJwtFailureCodes.TypeInvalid], w => ForgeBoundAsync(w, w.IssuerPayload, w.PresentedDisclosures, With(w.IssuerHeader(), ("typ", "vc+sd-jwt")))),
        new("typ_missing", [SdJwtFailureCodes.TypeInvalid], w => ForgeBoundAsync(w, w.IssuerPayload, w.PresentedDisclosures, Without(w.IssuerHeader(), "typ"))),
        new("vct_missing", [SdJwtFailureCodes.VctMissing], w => ForgeBoundAsync(w, Without(w.IssuerPayload, "vct"), w.PresentedDisclosures)),
        new("vct_not_a_string", [SdJwtFailureCodes.VctMissing], w => ForgeBoundAsync(w, With(w.IssuerPayload, ("vct", new JsonArray(World.Vct))), w.PresentedDisclosures)),
        new("cnf_selectively_disclosed", [SdJwtFailureCodes.ClaimMustNotBeDisclosable], CnfAsDisclosureAsync),

        // Key binding.
        new("kb_jwt_wrong_nonce", [SdJwtFailureCodes.NonceMismatch], w => KeyBindAsync(w.PresentationWithoutKb, World.Audience, "n-0000000", World.Now, signer: w.Holder)),
        new("kb_jwt_wrong_aud", [SdJwtFailureCodes.AudienceMismatch], w => KeyBindAsync(w.PresentationWithoutKb, "https://other-verifier.example.jp", World.Nonce, World.Now, signer: w.Holder)),
        new("kb_jwt_sd_hash_of_another_presentation", [SdJwtFailureCodes.SdHashMismatch], KeyBindingOfAnotherPresentationAsync),
        new("kb_jwt_iat_stale", [SdJwtFailureCodes.KeyBindingIatOutsideWindow], w => KeyBindAsync(w.PresentationWithoutKb, World.Audience, World.Nonce, World.Now.AddMinutes(-6), signer: w.Holder)),
        new("kb_jwt_iat_in_the_future", [SdJwtFailureCodes.KeyBindingIatOutsideWindow], w => KeyBindAsync(w.PresentationWithoutKb, World.Audience, World.Nonce, World.Now.AddMinutes(2), signer: w.Holder)),
        new("kb_jwt_expired", [SdJwtFailureCodes.KeyBindingExpired], w => KeyBindingWithClaimsAsync(w, ("exp", World.Now.AddSeconds(-1).ToUnixTimeSeconds()))),
        new("kb_jwt_not_yet_valid", [SdJwtFailureCodes.KeyBindingNotYetValid], w => KeyBindingWithClaimsAsync(w, ("nbf", World.Now.AddMinutes(1).ToUnixTimeSeconds()))),
        new("kb_jwt_exp_not_a_number", [SdJwtFailureCodes.KeyBindingValidityClaimMalformed], w => KeyBindingWithClaimsAsync(w, ("exp", World.Now.AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)))),
        new("kb_jwt_nbf_not_a_number", [SdJwtFailureCodes.KeyBindingValidityClaimMalformed], w => KeyBindingWithClaimsAsync(w, ("nbf", true))),
        new("kb_jwt_missing_when_required", [SdJwtFailureCodes.KeyBindingMissing], w => Task.FromResult(w.PresentationWithoutKb)),
        new("kb_jwt_signed_by_a_key_other_than_cnf_jwk", [SdJwtFailureCodes.KeyBindingSignatureInvalid], w => KeyBindAsync(w.PresentationWithoutKb, World.Audience, World.Nonce, World.Now, signer: w.OtherHolder)),
        new("kb_jwt_typ_jwt", [SdJwtFailureCodes.KeyBindingTypeInvalid], w => KeyBindAsync(w.PresentationWithoutKb, World.Audience, World.Nonce, World.Now, "jwt", signer: w.Holder)),
        new("kb_jwt_of_another_credential", [SdJwtFailureCodes.SdHashMismatch, SdJwtFailureCodes.KeyBindingSignatureInvalid], w => Task.FromResult(w.PresentationWithoutKb + KeyBindingOf(w.OtherPresentation))),
        new("kb_jwt_nonce_not_a_string", [SdJwtFailureCodes.KeyBindingMalformed], KeyBindingWithNumericNonceAsync),
        new("kb_jwt_duplicate_member", [SdJwtFailureCodes.KeyBindingMalformed], w => Task.FromResult(w.PresentationWithoutKb + World.SignRaw(
            """{"alg":"ES256","typ":"kb+jwt"}"""u8,
            Encoding.UTF8.GetBytes($$"""{"iat":{{World.Now.ToUnixTimeSeconds()}},"aud":"{{World.Audience}}","nonce":"n-0000000","nonce":"{{World.Nonce}}","sd_hash":"{{SdHashAlgorithm.Sha256.ComputeDigest(w.PresentationWithoutKb)}}"}"""),
            w.Holder))),
        new("cnf_jwk_off_its_curve", [SdJwtFailureCodes.ConfirmationKeyInvalid], CnfOffCurveAsync),

        // Disclosures sent with the issuer JWT.
        new("disclosure_injected_and_unreferenced", [SdJwtFailureCodes.DisclosureUnreferenced], w => Task.FromResult(WithDisclosures(w, d => d.Insert(2, Property("is_admin", true).Encoded)))),
        new("disclosure_duplicated", [SdJwtFailureCodes.DisclosureDuplicated], w => Task.FromResult(WithDisclosures(w, d => d.Add(d[0])))),
        new("disclosure_value_changed_by_one_character", [SdJwtFailureCodes.DisclosureUnreferenced], w => Task.FromResult(WithDisclosures(w, d => Replace(d, "given_name", encoded => ReplaceInJson(encoded, "太郎", "太朗"))))),
        new("disclosure_character_outside_base64url", [SdJwtFailureCodes.DisclosureMalformed], w => Task.FromResult(WithDisclosures(w, d => Replace(d, "given_name", encoded => "+" + encoded[1..])))),
        new("disclosure_of_another_credential", [SdJwtFailureCodes.DisclosureUnreferenced], w => Task.FromResult(WithDisclosures(w, d => Replace(d, "given_name", _ => DisclosureOf(w.OtherCredential, "given_name"))))),
        new("nested_disclosure_without_its_parent", [SdJwtFailureCodes.DisclosureUnreferenced], w => Task.FromResult(WithDisclosures(w, d => d.RemoveAt(d.FindIndex(x => Disclosure.Parse(x).ClaimName == "address"))))),

        // Issuer JWT structures RFC 9901 §7.1 rejects, signed by the trusted Document Signer.
        new("sd_digest_collides_with_a_plain_claim", [SdJwtFailureCodes.ClaimNameCollision], w => ForgeBoundAsync(w, With(w.IssuerPayload, ("given_name", "次郎")), w.PresentedDisclosures)),
        new("disclosure_named_sd", [SdJwtFailureCodes.ReservedClaimName], w => WithExtraDigestAsync(w, Property("_sd", "x"))),
        new("disclosure_named_ellipsis", [SdJwtFailureCodes.ReservedClaimName], w => WithExtraDigestAsync(w, Property("...", "x"))),
        new("array_element_disclosure_referenced_from_sd", [SdJwtFailureCodes.DisclosureWrongShape], w => WithExtraDigestAsync(w, Element("DE"))),
        new("object_disclosure_referenced_from_an_array", [SdJwtFailureCodes.DisclosureWrongShape], ObjectDisclosureInArrayAsync),
        new("digest_repeated_in_sd", [SdJwtFailureCodes.DigestDuplicated], DigestRepeatedAsync),

        // Validity of the processed payload.
        new("exp_in_the_past", [SdJwtFailureCodes.Expired], w => ForgeBoundAsync(w, With(w.IssuerPayload, ("iat", World.Now.AddDays(-30).ToUnixTimeSeconds()), ("exp", World.Now.AddSeconds(-1).ToUnixTimeSeconds())), w.PresentedDisclosures)),
        new("nbf_in_the_future", [SdJwtFailureCodes.NotYetValid], w => ForgeBoundAsync(w, With(w.IssuerPayload, ("nbf", World.Now.AddHours(1).ToUnixTimeSeconds())), w.PresentedDisclosures)),
        new("exp_beyond_the_numeric_date_range", [SdJwtFailureCodes.ValidityClaimMalformed], w => ForgeBoundAsync(w, With(w.IssuerPayload, ("exp", JsonNode.Parse("1e400"))), w.PresentedDisclosures)),
        new("iat_in_the_future", [SdJwtFailureCodes.IssuedInFuture], w => ForgeBoundAsync(w, With(w.IssuerPayload, ("iat", World.Now.AddHours(1).ToUnixTimeSeconds())), w.PresentedDisclosures)),

        // Size, depth and syntax.
        new("oversized_presentation", [SdJwtFailureCodes.TooLarge], w => Task.FromResult(WithDisclosures(w, d => d.Add(Property("bulk", new string('x', 3_200_000)).Encoded)))),
        new("more_disclosures_than_the_limit", [SdJwtFailureCodes.TooLarge], w => Task.FromResult(WithDisclosures(w, d => d.AddRange(Enumerable.Range(0, 1025).Select(i => Property("c" + i, i).Encoded))))),
        new("issuer_payload_nested_too_deep", [JoseFailureCodes.TooDeep], w => ForgeBoundAsync(w, With(w.IssuerPayload, ("deep", Nested(40))), w.PresentedDisclosures)),
        new("disclosure_nested_too_deep", [SdJwtFailureCodes.DisclosureMalformed], w => Task.FromResult(WithDisclosures(w, d => d.Add(Property("deep", Nested(40)).Encoded)))),
        new("recursive_disclosures_nested_too_deep", [SdJwtFailureCodes.TooDeep], RecursiveTooDeepAsync),
        new("issuer_payload_duplicate_member", [JoseFailureCodes.DuplicateMember], w => Task.FromResult(WithIssuerJwt(w, World.SignRaw(Utf8(w.IssuerHeader(), w.DsSigner), Encoding.UTF8.GetBytes("{\"iss\":\"https://attacker.example\"," + StrictJson.Serialize(w.IssuerPayload)[1..]), w.DsSigner)))),
        new("issuer_payload_duplicate_member_spelled_with_an_escape", [JoseFailureCodes.DuplicateMember], w => Task.FromResult(WithIssuerJwt(w, World.SignRaw(Utf8(w.IssuerHeader(), w.DsSigner), Encoding.UTF8.GetBytes("{\"\\u0069ss\":\"https://attacker.example\"," + StrictJson.Serialize(w.IssuerPayload)[1..]), w.DsSigner)))),
        new("issuer_header_duplicate_member", [JoseFailureCodes.DuplicateMember], w => Task.FromResult(WithIssuerJwt(w, World.SignRaw(Encoding.UTF8.GetBytes("{\"typ\":\"jwt\"," + Encoding.UTF8.GetString(Utf8(w.IssuerHeader(), w.DsSigner))[1..]), StrictJson.SerializeToUtf8Bytes(w.IssuerPayload), w.DsSigner)))),
        new("trailing_garbage_after_the_last_tilde", [SdJwtFailureCodes.MissingSeparator], w => Task.FromResult(w.PresentationWithoutKb + "garbage")),
        new("trailing_garbage_after_the_kb_jwt", [SdJwtFailureCodes.MissingSeparator], w => Task.FromResult(w.Presentation + "~garbage")),
        new("tilde_after_the_kb_jwt", [SdJwtFailureCodes.DisclosureMalformed], w => Task.FromResult(w.Presentation + "~")),
        new("issuer_payload_not_utf8", [JoseFailureCodes.InvalidJson], w => Task.FromResult(WithIssuerJwt(w, World.SignRaw(Utf8(w.IssuerHeader(), w.DsSigner), NotUtf8(StrictJson.SerializeToUtf8Bytes(w.IssuerPayload)), w.DsSigner)))),
        new("disclosure_not_utf8", [SdJwtFailureCodes.DisclosureMalformed], w => Task.FromResult(WithDisclosures(w, d => d.Add(Base64UrlEncoding.Encode(NotUtf8(Encoding.UTF8.GetBytes("[\"c2FsdA\",\"note\",\"x\"]"))))))),
        new("issuer_payload_with_a_byte_order_mark", [JoseFailureCodes.InvalidJson], w => Task.FromResult(WithIssuerJwt(w, World.SignRaw(Utf8(w.IssuerHeader(), w.DsSigner), [0xEF, 0xBB, 0xBF, .. StrictJson.SerializeToUtf8Bytes(w.IssuerPayload)], w.DsSigner)))),
        new("json_serialization_with_a_lone_surrogate", [JoseFailureCodes.InvalidJson], w => Task.FromResult(Flattened(w.Presentation, note: "\ud800"))),
        new("issuer_payload_segment_padded", [JoseFailureCodes.InvalidBase64Url], PaddedPayloadAsync),
        new("disclosure_padded", [SdJwtFailureCodes.DisclosureMalformed], PaddedDisclosureAsync),
    ];

    public static TheoryData<string, string> CaseIds
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var corpusCase in Cases)
            {
                data.Add(corpusCase.Id, string.Join(' ', corpusCase.Codes));
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Case_is_rejected_with_exactly_its_codes(string id, string codes)
    {
        var corpusCase = Cases.Single(c => c.Id == id);
        var presentation = await corpusCase.Build(World.Instance);

        var result = World.Instance.Verifier().Verify(presentation);

        Assert.False(result.IsValid);
        Assert.Empty(result.Documents);
        Assert.Equal(codes, string.Join(' ', result.Failures.Select(f => f.Code).Distinct().Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Case_ids_are_distinct_and_codes_are_listed_in_order()
    {
        Assert.Equal(Cases.Length, Cases.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Cases, c => Assert.Equal(c.Codes.Order(StringComparer.Ordinal), c.Codes));
    }

    [Fact]
    public void Unchanged_presentation_verifies()
    {
        var result = World.Instance.Verifier().Verify(World.Instance.Presentation);

        AssertValid(result);
        Assert.Equal(World.Vct, Assert.Single(result.Documents).DocType);
    }

    [Fact]
    public async Task Forged_issuer_jwt_with_nothing_wrong_verifies()
    {
        // The twin of every forged case: forging and re-binding by themselves do not make a presentation fail.
        var w = World.Instance;
        AssertValid(w.Verifier().Verify(await ForgeBoundAsync(w, w.IssuerPayload, w.PresentedDisclosures)));
        AssertValid(w.Verifier().Verify(WithIssuerJwt(w, World.Sign(w.IssuerHeader(), w.IssuerPayload, w.DsSigner))));
        AssertValid(w.Verifier().Verify(WithDisclosures(w, _ => { })));
    }

    [Fact]
    public void Flattened_json_serialization_of_the_presentation_verifies()
    {
        AssertValid(World.Instance.Verifier().Verify(Flattened(World.Instance.Presentation, note: "備考")));
    }

    private static string[] Jwt(World w) => w.Presentation.Split('~')[0].Split('.');

    private static string Header(string json) => Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(json));

    private static byte[] Utf8(JsonObject header, Honnin.Crypto.SoftwareSigner signer) =>
        StrictJson.SerializeToUtf8Bytes(With(header, ("alg", JwsAlgorithms.ToName(signer.Algorithm))));

    private static string KeyBindingOf(string presentation) => presentation[(presentation.LastIndexOf('~') + 1)..];

    /// <summary>The presentation with another issuer JWT, the same Disclosures, and a KB-JWT remade over it.</summary>
    private static string WithIssuerJwt(World w, string issuerJwt) =>
        w.Bind(issuerJwt + "~" + string.Concat(w.PresentedDisclosures.Select(d => d + "~")));

    /// <summary>The presentation with its Disclosures changed, and a KB-JWT remade over it.</summary>
    private static string WithDisclosures(World w, Action<List<string>> change)
    {
        var disclosures = w.PresentedDisclosures.ToList();
        change(disclosures);
        return w.Bind(w.Presentation.Split('~')[0] + "~" + string.Concat(disclosures.Select(d => d + "~")));
    }

    /// <summary>An issuer JWT signed by a Document Signer with CompactJws.CreateAsync, its Disclosures, and a KB-JWT by the holder.</summary>
    private static async Task<string> ForgeBoundAsync(World w, JsonObject payload, IEnumerable<string> disclosures, JsonObject? header = null, Honnin.Crypto.ISigner? signer = null)
    {
        var jws = await CompactJws.CreateAsync(header ?? w.IssuerHeader(), payload, signer ?? w.DsSigner);
        return await KeyBindAsync(jws.Text + "~" + string.Concat(disclosures.Select(d => d + "~")), World.Audience, World.Nonce, World.Now, signer: w.Holder);
    }

    private static Task<string> WithExtraDigestAsync(World w, (string Encoded, string Digest) extra)
    {
        var payload = w.IssuerPayload;
        payload["_sd"]!.AsArray().Add(extra.Digest);
        return ForgeBoundAsync(w, payload, [.. w.PresentedDisclosures, extra.Encoded]);
    }

    private static Task<string> ObjectDisclosureInArrayAsync(World w)
    {
        var extra = Property("nationality", "DE");
        var payload = w.IssuerPayload;
        payload["nationalities"]!.AsArray().Add(new JsonObject { ["..."] = extra.Digest });
        return ForgeBoundAsync(w, payload, [.. w.PresentedDisclosures, extra.Encoded]);
    }

    private static Task<string> DigestRepeatedAsync(World w)
    {
        var payload = w.IssuerPayload;
        var sd = payload["_sd"]!.AsArray();
        sd.Add(sd[0]!.GetValue<string>());
        return ForgeBoundAsync(w, payload, w.PresentedDisclosures);
    }

    private static Task<string> CnfAsDisclosureAsync(World w)
    {
        var payload = w.IssuerPayload;
        var cnf = Property("cnf", payload["cnf"]!.DeepClone());
        payload.Remove("cnf");
        payload["_sd"]!.AsArray().Add(cnf.Digest);
        return ForgeBoundAsync(w, payload, [.. w.PresentedDisclosures, cnf.Encoded]);
    }

    private static Task<string> CnfOffCurveAsync(World w)
    {
        var payload = w.IssuerPayload;
        var y = Base64UrlEncoding.Decode(payload["cnf"]!["jwk"]!["y"]!.GetValue<string>());
        y[^1] ^= 0x01;
        payload["cnf"]!["jwk"]!["y"] = Base64UrlEncoding.Encode(y);
        return ForgeBoundAsync(w, payload, w.PresentedDisclosures);
    }

    private static async Task<string> KeyBindingOfAnotherPresentationAsync(World w)
    {
        var fewer = await w.Credential.PresentAsync([ClaimPath.Parse("given_name")], World.Audience, World.Nonce, World.Now, w.Holder);
        return w.PresentationWithoutKb + fewer.KeyBinding!.Text;
    }

    /// <summary>A KB-JWT with the right aud, nonce, iat and sd_hash, and the given extra claims.</summary>
    private static async Task<string> KeyBindingWithClaimsAsync(World w, params (string Name, JsonNode? Value)[] claims)
    {
        var payload = new JsonObject
        {
            ["iat"] = World.Now.ToUnixTimeSeconds(),
            ["aud"] = World.Audience,
            ["nonce"] = World.Nonce,
            ["sd_hash"] = SdHashAlgorithm.Sha256.ComputeDigest(w.PresentationWithoutKb),
        };
        foreach (var (name, value) in claims)
        {
            payload[name] = value;
        }

        var kb = await CompactJws.CreateAsync(new JsonObject { ["typ"] = KeyBindingJwt.MediaType }, payload, w.Holder);
        return w.PresentationWithoutKb + kb.Text;
    }

    private static async Task<string> KeyBindingWithNumericNonceAsync(World w)
    {
        var payload = new JsonObject
        {
            ["iat"] = World.Now.ToUnixTimeSeconds(),
            ["aud"] = World.Audience,
            ["nonce"] = 5001,
            ["sd_hash"] = SdHashAlgorithm.Sha256.ComputeDigest(w.PresentationWithoutKb),
        };
        var kb = await CompactJws.CreateAsync(new JsonObject { ["typ"] = KeyBindingJwt.MediaType }, payload, w.Holder);
        return w.PresentationWithoutKb + kb.Text;
    }

    /// <summary>Three Disclosures, each 28 objects deep with the next one's digest at the bottom: each is within the JSON depth limit, together they pass the processing limit.</summary>
    private static Task<string> RecursiveTooDeepAsync(World w)
    {
        var innermost = Property("leaf", Nested(28));
        var middle = Property("middle", Nested(28, new JsonObject { ["_sd"] = new JsonArray(innermost.Digest) }));
        var outer = Property("outer", Nested(28, new JsonObject { ["_sd"] = new JsonArray(middle.Digest) }));
        var payload = w.IssuerPayload;
        payload["_sd"]!.AsArray().Add(outer.Digest);
        return ForgeBoundAsync(w, payload, [.. w.PresentedDisclosures, outer.Encoded, middle.Encoded, innermost.Encoded]);
    }

    private static async Task<string> PaddedPayloadAsync(World w)
    {
        // A payload whose unpadded base64url length is 2 mod 4, so that "==" is exactly its padding.
        var payload = w.IssuerPayload;
        for (var filler = string.Empty; ; filler += "x")
        {
            payload["note"] = filler;
            if (Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(payload)).Length % 4 == 2)
            {
                break;
            }
        }

        var jws = (await CompactJws.CreateAsync(w.IssuerHeader(), payload, w.DsSigner)).Text.Split('.');
        return WithIssuerJwt(w, jws[0] + "." + jws[1] + "==." + jws[2]);
    }

    private static Task<string> PaddedDisclosureAsync(World w)
    {
        // The issuer references the digest of the unpadded Disclosure; the presentation sends it with its '=' padding.
        var extra = Property("note", "padded");
        for (var filler = "x"; extra.Encoded.Length % 4 == 0; filler += "x")
        {
            extra = Property("note", "padded" + filler);
        }

        var payload = w.IssuerPayload;
        payload["_sd"]!.AsArray().Add(extra.Digest);
        return ForgeBoundAsync(w, payload, [.. w.PresentedDisclosures, extra.Encoded + new string('=', 4 - (extra.Encoded.Length % 4))]);
    }

    private static string HmacConfusion(World w)
    {
        // The classic key-confusion forgery: HS256 keyed with the bytes of the Document Signer's public key (PEM).
        var header = Header("""{"alg":"HS256","typ":"dc+sd-jwt"}""");
        var key = Encoding.ASCII.GetBytes(PemEncoding.WriteString("PUBLIC KEY", w.DocumentSigner.PublicKey.ExportSubjectPublicKeyInfo()));
        var mac = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(header + "." + Jwt(w)[1]));
        return header + "." + Jwt(w)[1] + "." + Base64UrlEncoding.Encode(mac);
    }

    /// <summary>The flattened JWS JSON serialization of a compact SD-JWT+KB, with an extra unprotected header member.</summary>
    private static string Flattened(string presentation, string note)
    {
        var parts = presentation.Split('~');
        var jwt = parts[0].Split('.');
        var disclosures = string.Join(',', parts[1..^1].Select(d => "\"" + d + "\""));
        return $$$"""{"protected":"{{{jwt[0]}}}","payload":"{{{jwt[1]}}}","signature":"{{{jwt[2]}}}","header":{"disclosures":[{{{disclosures}}}],"kb_jwt":"{{{parts[^1]}}}","note":"{{{note}}}"}}""";
    }

    private static string DisclosureOf(SelectiveDisclosureJwt credential, string claimName) =>
        credential.Disclosures.Single(d => d.ClaimName == claimName).Encoded;

    private static void Replace(List<string> disclosures, string claimName, Func<string, string> change)
    {
        var index = disclosures.FindIndex(d => Disclosure.Parse(d).ClaimName == claimName);
        disclosures[index] = change(disclosures[index]);
    }

    private static string ReplaceInJson(string encoded, string from, string to)
    {
        var json = Encoding.UTF8.GetString(Base64UrlEncoding.Decode(encoded));
        Assert.Contains(from, json, StringComparison.Ordinal);
        return Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(json.Replace(from, to, StringComparison.Ordinal)));
    }

    /// <summary>The JSON with a member <c>"note"</c> whose string holds the ill-formed UTF-8 sequence C3 28.</summary>
    private static byte[] NotUtf8(byte[] json)
    {
        var closing = json[^1];
        return [.. json[..^1], .. (closing == (byte)']' ? ","u8 : ",\"note\":"u8), .. "\""u8, 0xC3, 0x28, .. "\""u8, closing];
    }

    private static JsonNode Nested(int depth, JsonNode? innermost = null)
    {
        var node = innermost ?? JsonValue.Create("bottom");
        for (var i = 0; i < depth; i++)
        {
            node = new JsonObject { ["n"] = node };
        }

        return node;
    }

    private static JsonObject With(JsonObject json, params (string Name, JsonNode? Value)[] members)
    {
        foreach (var (name, value) in members)
        {
            json[name] = value;
        }

        return json;
    }

    private static JsonObject Without(JsonObject json, string name)
    {
        json.Remove(name);
        return json;
    }

    private sealed record CorpusCase(string Id, string[] Codes, Func<World, Task<string>> Build);
}
