using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Honnin.Issuer.SdJwt;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Tests.Verification;
using Honnin.Verifier.SdJwt;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>
/// Properties over a credential built by Honnin with flat, structured, recursive and array-element Disclosures and
/// decoys: any subset of Disclosures verifies to exactly that subset; tampered, duplicated or injected Disclosures and
/// KB-JWTs made for another presentation fail with their codes; any changed character fails closed.
/// Fixed seeds in the normal run.
/// </summary>
public sealed class SdJwtPropertyTests
{
    private const string Audience = "https://verifier.example.jp";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Fixture Credential = Fixture.Build();

    [Property(MaxTest = 150, Replay = "(4101,2027)")]
    public bool Any_parent_closed_subset_of_disclosures_verifies_to_exactly_that_subset(bool[] mask)
    {
        var subset = Credential.Close(Credential.Subset(mask));
        var presentation = Credential.Present(subset);

        var result = Verifier().Verify(presentation);

        var sent = SelectiveDisclosureJwt.Parse(presentation);
        var revealed = sent.Process().DisclosedClaims.Select(c => sent.Disclosures[c.DisclosureIndex].Encoded).Order(StringComparer.Ordinal);
        return result.IsValid
            && JsonNode.DeepEquals(Credential.Expected(subset), Assert.Single(result.Documents).Claims)
            && revealed.SequenceEqual(subset.Select(i => Credential.SdJwt.Disclosures[i].Encoded).Order(StringComparer.Ordinal));
    }

    [Property(MaxTest = 100, Replay = "(887,1573)")]
    public bool A_nested_disclosure_sent_without_its_parent_is_unreferenced(PositiveInt pick, bool[] mask)
    {
        var children = Credential.Children;
        var child = children[pick.Get % children.Count];
        var subset = Credential.Close(Credential.Subset(mask)).Append(child).Distinct().Where(i => i != Credential.ParentOf(child)).ToList();

        var result = Verifier().Verify(Credential.Present(subset));

        return !result.IsValid && result.HasFailure(SdJwtFailureCodes.DisclosureUnreferenced);
    }

    [Property(MaxTest = 150, Replay = "(31337,4243)")]
    public bool Tampered_duplicated_or_injected_disclosure_fails_with_its_code(PositiveInt pick, PositiveInt operation)
    {
        var all = Enumerable.Range(0, Credential.SdJwt.Disclosures.Count).ToList();
        var encoded = all.Select(i => Credential.SdJwt.Disclosures[i].Encoded).ToList();
        var target = pick.Get % encoded.Count;
        string code;
        switch (operation.Get % 3)
        {
            case 0:
                var array = JsonNode.Parse(Base64UrlEncoding.Decode(encoded[target]))!.AsArray();
                array[^1] = new JsonObject { ["tampered"] = array[^1]?.DeepClone() };
                encoded[target] = EncodeRaw(array);
                code = SdJwtFailureCodes.DisclosureUnreferenced;
                break;
            case 1:
                encoded.Insert(pick.Get % (encoded.Count + 1), encoded[target]);
                code = SdJwtFailureCodes.DisclosureDuplicated;
                break;
            default:
                encoded.Insert(pick.Get % (encoded.Count + 1), Property("injected_" + target, target).Encoded);
                code = SdJwtFailureCodes.DisclosureUnreferenced;
                break;
        }

        // The KB-JWT covers the altered presentation, so only the Disclosure rule can fail.
        var result = Verifier().Verify(Fixture.Bind(Credential.SdJwt.IssuerSigned.Text + "~" + string.Concat(encoded.Select(d => d + "~"))));

        return !result.IsValid && result.Failures.All(f => f.Code == code);
    }

    [Property(MaxTest = 100, Replay = "(2718,2819)")]
    public bool Kb_jwt_made_for_another_presentation_fails_with_sd_hash_mismatch(bool[] first, bool[] second)
    {
        var a = Credential.Close(Credential.Subset(first));
        var b = Credential.Close(Credential.Subset(second));
        if (a.Order().SequenceEqual(b.Order()))
        {
            b = a.Count == 0 ? [0] : a.Skip(1).ToList();
            b = Credential.Close(b);
            if (a.Order().SequenceEqual(b.Order()))
            {
                return true;
            }
        }

        var bound = Credential.Present(a);
        var keyBinding = bound[(bound.LastIndexOf('~') + 1)..];
        var other = Credential.SdJwt.WithDisclosures(b.Order().Select(i => Credential.SdJwt.Disclosures[i])).Serialize();

        var result = Verifier().Verify(other + keyBinding);

        return !result.IsValid && result.Failures.All(f => f.Code == SdJwtFailureCodes.SdHashMismatch);
    }

    [Property(MaxTest = 300, Replay = "(1618,3399)")]
    public bool Changing_any_character_of_a_bound_presentation_fails_closed(PositiveInt position, char replacement)
    {
        var presentation = Credential.Present(Enumerable.Range(0, Credential.SdJwt.Disclosures.Count).ToList());
        var index = position.Get % presentation.Length;
        if (presentation[index] == replacement)
        {
            return true;
        }

        var changed = presentation[..index] + replacement + presentation[(index + 1)..];

        var result = Verifier().Verify(changed);

        return !result.IsValid && result.Failures.Count > 0 && result.Documents.Count == 0;
    }

    [Property(MaxTest = 300, Replay = "(5051,6067)")]
    public bool Arbitrary_text_and_truncations_never_throw_and_never_verify(NonNull<string> text, PositiveInt cut)
    {
        var presentation = Credential.Present([0, 1]);
        var truncated = presentation[..(cut.Get % presentation.Length)];
        var spliced = truncated + text.Get;

        return !Verifier().Verify(text.Get).IsValid && !Verifier().Verify(truncated).IsValid && (spliced == presentation || !Verifier().Verify(spliced).IsValid);
    }

    private static SessionVerifier Verifier() =>
        new(
            new SdJwtVcVerifier(new SdJwtVcVerifierOptions { IssuerKeys = [IssuerKey] }, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now)),
            new SdJwtSession(Audience, Nonce));

    /// <summary>The credential, the full view, and where each Disclosure sits in it.</summary>
    private sealed class Fixture
    {
        private Fixture(SelectiveDisclosureJwt sdJwt)
        {
            SdJwt = sdJwt;
            var processed = sdJwt.Process();
            Full = processed.GetPayload()!;
            Claims = processed.DisclosedClaims.ToDictionary(c => c.DisclosureIndex);
            Children = Claims.Values.Where(c => c.ParentDisclosureIndex is not null).Select(c => c.DisclosureIndex).Order().ToList();
        }

        public SelectiveDisclosureJwt SdJwt { get; }

        public JsonObject Full { get; }

        public IReadOnlyDictionary<int, DisclosedClaim> Claims { get; }

        public IReadOnlyList<int> Children { get; }

        public static Fixture Build()
        {
            var claims = JsonNode.Parse("""
                {
                  "iss": "https://school.example.jp",
                  "iat": 1735689600,
                  "exp": 1798761600,
                  "vct": "urn:honnin:jp:enrollment-certificate:1",
                  "given_name": "花子",
                  "family_name": "山田",
                  "student_number": "S-0001",
                  "address": {"street": "芝公園4-2-8", "locality": "港区", "postal_code": "105-0011"},
                  "dependents_list": [{"name": "一郎", "relation": "child"}, {"name": "二郎"}, "three"],
                  "nationalities": ["JP", "US"],
                  "grade": 3
                }
                """)!.AsObject();
            using var issuer = IssuerSigner();
            var builder = new SdJwtBuilder(claims)
                .MakeDisclosable("given_name").MakeDisclosable("family_name").MakeDisclosable("student_number")
                .MakeDisclosable("address").MakeDisclosable("address.locality").MakeDisclosable("address.street")
                .MakeDisclosable("dependents_list[*]").MakeDisclosable("dependents_list[0].name")
                .MakeDisclosable("nationalities[*]")
                .AddDecoys(3).AddDecoys(ClaimPath.Parse("address"), 2).AddDecoys(ClaimPath.Parse("nationalities"), 1)
                .WithHolderKey(HolderKey);
            return new Fixture(builder.BuildAsync(issuer).AsTask().GetAwaiter().GetResult());
        }

        public int? ParentOf(int index) => Claims[index].ParentDisclosureIndex;

        public List<int> Subset(bool[] mask) =>
            Enumerable.Range(0, SdJwt.Disclosures.Count).Where(i => mask is not null && i < mask.Length && mask[i]).ToList();

        public List<int> Close(IEnumerable<int> subset)
        {
            var closed = new HashSet<int>();
            foreach (var index in subset)
            {
                for (int? i = index; i is { } current; i = ParentOf(current))
                {
                    closed.Add(current);
                }
            }

            return [.. closed.Order()];
        }

        public string Present(IReadOnlyCollection<int> subset) =>
            Bind(SdJwt.WithDisclosures(Enumerable.Range(0, SdJwt.Disclosures.Count).Where(subset.Contains).Select(i => SdJwt.Disclosures[i])).Serialize());

        public static string Bind(string presentation) => KeyBindAsync(presentation, Audience, Nonce, Now).GetAwaiter().GetResult();

        /// <summary>The full view with every claim whose Disclosure was not sent removed (deepest first, arrays from the end).</summary>
        public JsonObject Expected(IReadOnlyCollection<int> subset)
        {
            var expected = (JsonObject)Full.DeepClone();
            var removed = Claims.Values.Where(c => !subset.Contains(c.DisclosureIndex))
                .OrderByDescending(c => c.Path.Segments.Count)
                .ThenByDescending(c => c.Path.Segments[^1].IsName ? -1 : c.Path.Segments[^1].Index);
            foreach (var claim in removed)
            {
                JsonNode? parent = expected;
                foreach (var segment in claim.Path.Segments.SkipLast(1))
                {
                    parent = segment.IsName ? (parent as JsonObject)?[segment.Name!] : (parent as JsonArray)?[segment.Index];
                }

                var last = claim.Path.Segments[^1];
                if (last.IsName)
                {
                    (parent as JsonObject)?.Remove(last.Name!);
                }
                else
                {
                    (parent as JsonArray)?.RemoveAt(last.Index);
                }
            }

            return expected;
        }
    }
}
