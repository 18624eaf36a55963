using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Tests.Verification;
using Honnin.Verifier.SdJwt;
using Honnin.Verifier.Tests.Corpus;
using Xunit.Abstractions;

namespace Honnin.Verifier.Tests.Fuzzing;

/// <summary>
/// Structural fuzzing of an SD-JWT VC presentation (<see cref="SdJwtCorpusWorld.Presentation"/>: x5c to a configured
/// IACA, key binding required). FsCheck generators mutate it by structure, not by bytes: Disclosures dropped,
/// duplicated, reordered, swapped with another credential's, retyped, renamed or injected; <c>_sd</c> digests dropped
/// or duplicated, and payload members retyped, in an issuer JWT re-signed by the trusted Document Signer (an issuer bug,
/// so that only the RFC 9901 rule can catch it); the issuer JWT swapped for another credential's or re-signed with
/// other keys; header members changed with and without re-signing; the KB-JWT swapped, dropped or changed; the
/// presentation inflated. Where the holder could remake the KB-JWT over the changed presentation, generators do so for
/// half the cases, so that the structural rule, not <c>sd_hash</c>, has to reject it. The verifier requires every
/// presented claim, the issuer and the vct, so that withholding is never a valid outcome of a change.
/// Property: verification never throws, never accepts a changed presentation, and takes a bounded time per input.
/// Reordering the Disclosures and remaking the KB-JWT is legitimate, and is asserted to verify.
/// </summary>
public sealed class SdJwtStructuralFuzzTests(ITestOutputHelper output)
{
    private const string CasesVariable = "HONNIN_FUZZ_CASES";
    private const string SeedVariable = "HONNIN_FUZZ_SEED";

    /// <summary>
    /// A bound per input that only a pathological case (quadratic parsing, runaway recursion) can reach: inputs here take
    /// milliseconds, up to tens for the 4 MiB ones, and the bound leaves room for a loaded, shared machine.
    /// </summary>
    private static readonly TimeSpan MaxPerInput = TimeSpan.FromSeconds(2);

    private static readonly Lazy<Fuzzer> Shared = new(() => new Fuzzer(SdJwtCorpusWorld.Instance));

    public enum MutationKind
    {
        DropDisclosures,
        DuplicateDisclosure,
        ReorderDisclosures,
        SwapDisclosureWithOtherCredential,
        RetypeDisclosureValue,
        RenameDisclosureClaim,
        InjectDisclosure,
        DropDigestResigned,
        DuplicateDigestResigned,
        RetypePayloadMemberResigned,
        SwapIssuerJwt,
        ResignIssuerJwtWithOtherKey,
        ChangeIssuerHeader,
        ChangeIssuerHeaderResigned,
        SwapKeyBinding,
        DropKeyBinding,
        ChangeKeyBindingHeader,
        Inflate,
    }

    /// <summary>All mutation kinds, equally often.</summary>
    public static Gen<Mutation> Mutations { get; } = Gen.OneOf(Enum.GetValues<MutationKind>().Select(For));

    [Fact]
    public void Unchanged_presentation_verifies_under_the_fuzzing_policy()
    {
        var result = Shared.Value.Verifier.Verify(SdJwtCorpusWorld.Instance.Presentation);

        Assert.True(result.IsValid, string.Join(", ", result.Failures.Select(f => f.Code)));
    }

    [Property(MaxTest = 3000, Replay = "(7340033,1299709)")]
    public Property Structural_mutations_never_verify_never_throw_and_take_bounded_time() =>
        Prop.ForAll(Mutations.ToArbitrary(), mutation =>
        {
            var outcome = Shared.Value.Run(mutation);
            return Prop.Label(outcome.Passed, outcome.ToString());
        });

    [LargeFuzzRunFact]
    public void Large_seeded_run_accepts_nothing_and_throws_nothing()
    {
        var cases = int.Parse(Environment.GetEnvironmentVariable(CasesVariable)!, CultureInfo.InvariantCulture);
        var seed = ulong.Parse(Environment.GetEnvironmentVariable(SeedVariable) ?? "20260401", CultureInfo.InvariantCulture);
        var fuzzer = Shared.Value;
        var times = new List<double>(cases);
        var byKind = Enum.GetValues<MutationKind>().ToDictionary(k => k, _ => new Dictionary<string, int>(StringComparer.Ordinal));
        var accepted = new List<Outcome>();
        var exceptions = new List<Outcome>();
        var otherFailures = new List<Outcome>();
        var legitimate = 0;
        var total = Stopwatch.StartNew();
        const int Batch = 1000;
        for (var done = 0; done < cases; done += Batch)
        {
            foreach (var mutation in Gen.Sample(Mutations, size: 50, seed: new Rnd(seed + (ulong)done), numberOfSamples: Math.Min(Batch, cases - done)))
            {
                var outcome = fuzzer.Run(mutation);
                times.Add(outcome.Elapsed.TotalMilliseconds);
                var codes = byKind[mutation.Kind];
                codes[outcome.Codes] = codes.GetValueOrDefault(outcome.Codes) + 1;
                legitimate += outcome.ExpectedValid ? 1 : 0;
                (outcome.Exception is not null ? exceptions : outcome.Accepted ? accepted : outcome.Passed ? null : otherFailures)?.Add(outcome);
            }
        }

        times.Sort();
        output.WriteLine($"{cases} mutations (seed {seed}) in {total.Elapsed.TotalSeconds:F1} s; legitimate reorderings that verified as they must: {legitimate}");
        output.WriteLine($"accepted changed presentations: {accepted.Count}; unexpected exceptions: {exceptions.Count}; other failures (legitimate rejected, time over {MaxPerInput.TotalSeconds} s): {otherFailures.Count}");
        output.WriteLine($"time per input: median {times[times.Count / 2]:F2} ms, p99 {times[(int)(times.Count * 0.99)]:F2} ms, max {times[^1]:F2} ms");
        foreach (var (kind, codes) in byKind)
        {
            var top = codes.OrderByDescending(p => p.Value).Take(6).Select(p => $"{(p.Key.Length == 0 ? "(valid)" : p.Key)} ×{p.Value}");
            output.WriteLine($"  {kind}: {codes.Values.Sum()}; {string.Join("; ", top)}");
        }

        foreach (var outcome in accepted.Concat(exceptions).Concat(otherFailures).Take(20))
        {
            output.WriteLine("  " + outcome);
        }

        Assert.Equal(cases, times.Count);
        Assert.Empty(accepted);
        Assert.Empty(exceptions);
        Assert.Empty(otherFailures);
    }

    private static Gen<Mutation> For(MutationKind kind)
    {
        var basic =
            from target in Gen.Choose(0, 4095)
            from variant in Gen.Choose(0, 4095)
            from salt in Gen.Choose(0, int.MaxValue - 1)
            from rebind in Gen.Elements(true, false)
            select new Mutation(kind, target, variant, salt, rebind, []);
        var count = SdJwtCorpusWorld.Instance.PresentedDisclosures.Count;
        return kind switch
        {
            MutationKind.DropDisclosures =>
                from m in basic
                from dropped in Gen.SubListOf(Enumerable.Range(0, count)).Where(l => l.Count > 0)
                select m with { Order = [.. dropped] },
            MutationKind.ReorderDisclosures =>
                from m in basic
                from order in Gen.Shuffle(Enumerable.Range(0, count))
                select m with { Order = [.. order] },
            _ => basic,
        };
    }

    /// <summary>One structural change. <see cref="Order"/> holds the dropped indexes or the new order, where the kind uses one.</summary>
    public sealed record Mutation(MutationKind Kind, int Target, int Variant, int Salt, bool Rebind, int[] Order)
    {
        public override string ToString() =>
            $"{Kind} target={Target} variant={Variant} salt={Salt} rebind={Rebind} order=[{string.Join(',', Order)}]";
    }

    /// <summary>What one mutation gave.</summary>
    public sealed record Outcome(Mutation Mutation, bool ExpectedValid, bool Valid, string Codes, TimeSpan Elapsed, int Length, Exception? Exception)
    {
        public bool Accepted => Valid && !ExpectedValid;

        public bool Passed => Exception is null && Valid == ExpectedValid && Elapsed <= MaxPerInput;

        public override string ToString() =>
            $"{Mutation} → expected {(ExpectedValid ? "valid" : "invalid")}, got {(Valid ? "valid" : "invalid")} [{Codes}] in {Elapsed.TotalMilliseconds:F1} ms, {Length} chars"
            + (Exception is null ? string.Empty : ", threw " + Exception.GetType().Name + ": " + Exception.Message);
    }

    /// <summary>Skipped unless HONNIN_FUZZ_CASES is set: the large run is opt-in.</summary>
    private sealed class LargeFuzzRunFactAttribute : FactAttribute
    {
        public LargeFuzzRunFactAttribute()
        {
            if (!int.TryParse(Environment.GetEnvironmentVariable(CasesVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var cases) || cases <= 0)
            {
                Skip = "Opt-in large run: set HONNIN_FUZZ_CASES (e.g. 100000), and optionally HONNIN_FUZZ_SEED.";
            }
        }
    }

    /// <summary>Applies mutations to the world's presentation and verifies the result.</summary>
    private sealed class Fuzzer
    {
        private static readonly string[] Names = ["given_name", "family_name", "payment_amount", "address", "locality", "iss", "vct", "cnf", "status", "_sd", "...", "_sd_alg", "", "GIVEN_NAME", "given_name ", "名前"];
        private static readonly string[] PayloadMembers = ["iss", "vct", "iat", "exp", "cnf", "_sd", "_sd_alg", "dependents_list", "nationalities"];
        private static readonly JsonNode?[] Values = [null, true, 42, "text", new JsonArray(), new JsonObject(), new JsonArray(1, "two"), new JsonObject { ["a"] = 1 }];

        private readonly SdJwtCorpusWorld _world;
        private readonly string _jwt;
        private readonly JsonObject _header;
        private readonly JsonObject _payload;
        private readonly string[] _disclosures;
        private readonly string[] _otherDisclosures;
        private readonly string[] _keyBindings;
        private readonly SoftwareSigner _otherIssuer = SoftwareSigner.Generate(CoseAlgorithm.ES256);

        public Fuzzer(SdJwtCorpusWorld world)
        {
            _world = world;
            _jwt = world.Presentation.Split('~')[0];
            var parts = _jwt.Split('.');
            _header = JsonNode.Parse(Base64UrlEncoding.Decode(parts[0]))!.AsObject();
            _payload = JsonNode.Parse(Base64UrlEncoding.Decode(parts[1]))!.AsObject();
            _disclosures = [.. world.PresentedDisclosures];
            _otherDisclosures = [.. world.OtherCredential.Disclosures.Select(d => d.Encoded)];
            var prefix = world.PresentationWithoutKb;
            var fewer = world.Credential.WithDisclosures(world.Credential.Disclosures.Where(d => d.ClaimName == "given_name")).Serialize();
            _keyBindings =
            [
                KeyBindingOf(world.Bind(fewer)),
                KeyBindingOf(world.Bind(prefix, nonce: "n-00000000")),
                KeyBindingOf(world.Bind(prefix, audience: "https://other-verifier.example.jp")),
                KeyBindingOf(world.Bind(prefix, issuedAt: SdJwtCorpusWorld.Now.AddMinutes(-10))),
                KeyBindingOf(world.Bind(prefix, issuedAt: SdJwtCorpusWorld.Now.AddMinutes(10))),
                KeyBindingOf(world.Bind(prefix, type: "jwt")),
                KeyBindingOf(world.Bind(prefix, signer: world.OtherHolder)),
                KeyBindingOf(world.Bind(prefix, sdHash: SdHashAlgorithm.Sha256.ComputeDigest(prefix.TrimEnd('~')))),
                KeyBindingOf(world.OtherPresentation),
            ];
            Verifier = world.Verifier(o => o with
            {
                ExpectedIssuer = SdJwtCorpusWorld.Issuer,
                AcceptedVcts = [SdJwtCorpusWorld.Vct],
                RequiredClaims = SdJwtCorpusWorld.PresentedClaims,
            });
        }

        public SessionVerifier Verifier { get; }

        public Outcome Run(Mutation mutation)
        {
            var (text, expectedValid) = Apply(mutation);
            var stopwatch = Stopwatch.StartNew();
            try
            {
                var result = Verifier.Verify(text);
                stopwatch.Stop();
                var consistent = result.IsValid ? result.Failures.Count == 0 && result.Documents.Count == 1 : result.Failures.Count > 0 && result.Documents.Count == 0;
                var codes = string.Join(' ', result.Failures.Select(f => f.Code).Distinct());
                return new Outcome(mutation, expectedValid, result.IsValid, consistent ? codes : "inconsistent result: " + codes, stopwatch.Elapsed, text.Length, consistent ? null : new InvalidOperationException("IsValid, failures and documents disagree."));
            }
#pragma warning disable CA1031 // Any exception from Verify is a finding, reported with the input.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return new Outcome(mutation, expectedValid, false, string.Empty, stopwatch.Elapsed, text.Length, e);
            }
        }

        private static string KeyBindingOf(string presentation) => presentation[(presentation.LastIndexOf('~') + 1)..];

        private static string Encode(JsonNode node) => Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(node));

        private static JsonArray Decode(string disclosure) => JsonNode.Parse(Base64UrlEncoding.Decode(disclosure))!.AsArray();

        private static JsonValueKind KindOf(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

        private static JsonNode? OtherKind(JsonNode? current, int variant)
        {
            var candidates = Values.Where(v => KindOf(v) != KindOf(current) && !(KindOf(v) is JsonValueKind.True or JsonValueKind.False && KindOf(current) is JsonValueKind.True or JsonValueKind.False)).ToArray();
            return candidates[variant % candidates.Length]?.DeepClone();
        }

        private static string Salt(int salt) => Base64UrlEncoding.Encode(BitConverter.GetBytes((long)salt * 2654435761));

        private (string Text, bool ExpectedValid) Apply(Mutation m)
        {
            var disclosures = _disclosures.ToList();
            var jwt = _jwt;
            var rebind = m.Rebind;
            switch (m.Kind)
            {
                case MutationKind.DropDisclosures:
                    disclosures = [.. disclosures.Where((_, i) => !m.Order.Contains(i))];
                    break;
                case MutationKind.DuplicateDisclosure:
                    disclosures.Insert(m.Variant % (disclosures.Count + 1), disclosures[m.Target % disclosures.Count]);
                    break;
                case MutationKind.ReorderDisclosures:
                    disclosures = [.. m.Order.Select(i => _disclosures[i])];
                    var text = Bind(jwt, disclosures, rebind);
                    return (text, rebind || text == _world.Presentation);
                case MutationKind.SwapDisclosureWithOtherCredential:
                    SwapWithOther(disclosures, m);
                    break;
                case MutationKind.RetypeDisclosureValue:
                {
                    var index = m.Target % disclosures.Count;
                    var array = Decode(disclosures[index]);
                    array[^1] = OtherKind(array[^1], m.Variant);
                    disclosures[index] = Encode(array);
                    break;
                }

                case MutationKind.RenameDisclosureClaim:
                    jwt = Rename(disclosures, m);
                    break;
                case MutationKind.InjectDisclosure:
                {
                    var value = Values[m.Variant % Values.Length]?.DeepClone();
                    var injected = m.Variant % 3 == 0 ? new JsonArray(Salt(m.Salt), value) : new JsonArray(Salt(m.Salt), Names[m.Target % Names.Length], value);
                    disclosures.Insert(m.Target % (disclosures.Count + 1), Encode(injected));
                    break;
                }

                case MutationKind.DropDigestResigned:
                    jwt = ResignPayload(DropDigest(m));
                    break;
                case MutationKind.DuplicateDigestResigned:
                    jwt = ResignPayload(DuplicateDigest(m));
                    break;
                case MutationKind.RetypePayloadMemberResigned:
                {
                    var payload = (JsonObject)_payload.DeepClone();
                    var member = PayloadMembers[m.Target % PayloadMembers.Length];
                    payload[member] = OtherKind(payload[member], m.Variant);
                    jwt = ResignPayload(payload);
                    break;
                }

                case MutationKind.SwapIssuerJwt:
                    jwt = _world.OtherPresentation.Split('~')[0];
                    break;
                case MutationKind.ResignIssuerJwtWithOtherKey:
                    jwt = ResignWithOtherKey(m.Variant);
                    break;
                case MutationKind.ChangeIssuerHeader:
                    jwt = ChangeHeader(m.Variant);
                    break;
                case MutationKind.ChangeIssuerHeaderResigned:
                    jwt = ChangeHeaderResigned(m.Variant);
                    break;
                case MutationKind.SwapKeyBinding:
                    return (_world.PresentationWithoutKb + _keyBindings[m.Target % _keyBindings.Length], false);
                case MutationKind.DropKeyBinding:
                    return (_world.PresentationWithoutKb, false);
                case MutationKind.ChangeKeyBindingHeader:
                    return (ChangeKeyBindingHeader(m.Variant), false);
                case MutationKind.Inflate:
                    Inflate(disclosures, m);
                    rebind &= m.Variant % 4 != 3;
                    break;
            }

            return (Bind(jwt, disclosures, rebind), false);
        }

        /// <summary>The changed presentation, with a KB-JWT remade over it by the holder, or with the original KB-JWT.</summary>
        private string Bind(string jwt, List<string> disclosures, bool rebind)
        {
            var prefix = jwt + "~" + string.Concat(disclosures.Select(d => d + "~"));
            return rebind ? _world.Bind(prefix) : prefix + KeyBindingOf(_world.Presentation);
        }

        private void SwapWithOther(List<string> disclosures, Mutation m)
        {
            var index = m.Target % disclosures.Count;
            switch (m.Variant % 3)
            {
                case 0:
                    // The other credential's Disclosure of the same claim (for an array element, of the same value).
                    var mine = Disclosure.Parse(disclosures[index]);
                    disclosures[index] = _otherDisclosures.First(d =>
                    {
                        var theirs = Disclosure.Parse(d);
                        return mine.IsArrayElement ? theirs.IsArrayElement && JsonNode.DeepEquals(mine.GetValue(), theirs.GetValue()) : theirs.ClaimName == mine.ClaimName;
                    });
                    break;
                case 1:
                    disclosures[index] = _otherDisclosures[m.Salt % _otherDisclosures.Length];
                    break;
                default:
                    disclosures.Insert(index, _otherDisclosures[m.Salt % _otherDisclosures.Length]);
                    break;
            }
        }

        /// <summary>Renames the claim (an array element gets a name); for half the cases the issuer JWT is re-signed with the new digest where the old one sits in the payload.</summary>
        private string Rename(List<string> disclosures, Mutation m)
        {
            var index = m.Target % disclosures.Count;
            var array = Decode(disclosures[index]);
            var current = array.Count == 3 ? array[1]!.GetValue<string>() : null;
            var candidates = Names.Where(n => n != current).ToArray();
            var name = candidates[m.Variant % candidates.Length];
            var renamed = array.Count == 3 ? new JsonArray(array[0]!.DeepClone(), name, array[2]?.DeepClone()) : new JsonArray(array[0]!.DeepClone(), name, array[1]?.DeepClone());
            var oldDigest = SdHashAlgorithm.Sha256.ComputeDigest(disclosures[index]);
            disclosures[index] = Encode(renamed);
            if (m.Salt % 2 == 0)
            {
                return _jwt;
            }

            var payload = (JsonObject)_payload.DeepClone();
            return ReplaceDigest(payload, oldDigest, SdHashAlgorithm.Sha256.ComputeDigest(disclosures[index])) ? ResignPayload(payload) : _jwt;
        }

        private JsonObject DropDigest(Mutation m)
        {
            // Only digests of presented Disclosures: dropping a decoy's digest is a legitimate issuance.
            var payload = (JsonObject)_payload.DeepClone();
            var presented = _disclosures.Select(d => SdHashAlgorithm.Sha256.ComputeDigest(d)).ToHashSet(StringComparer.Ordinal);
            var targets = PayloadDigests(payload).Where(t => presented.Contains(t.Digest)).ToList();
            var (container, digest) = targets[m.Target % targets.Count];
            var item = container.First(n => n is JsonValue v ? v.GetValue<string>() == digest : n is JsonObject o && o["..."]!.GetValue<string>() == digest);
            container.Remove(item);
            return payload;
        }

        private JsonObject DuplicateDigest(Mutation m)
        {
            var payload = (JsonObject)_payload.DeepClone();
            var targets = PayloadDigests(payload).ToList();
            var (container, digest) = targets[m.Target % targets.Count];
            switch (m.Variant % 3)
            {
                case 0:
                    payload["_sd"]!.AsArray().Add(digest);
                    break;
                case 1:
                    payload["nationalities"]!.AsArray().Add(new JsonObject { ["..."] = digest });
                    break;
                default:
                    container.Add(ReferenceEquals(container, payload["_sd"]) ? JsonValue.Create(digest) : new JsonObject { ["..."] = digest });
                    break;
            }

            return payload;
        }

        private static IEnumerable<(JsonArray Container, string Digest)> PayloadDigests(JsonObject payload)
        {
            var sd = payload["_sd"]!.AsArray();
            foreach (var digest in sd)
            {
                yield return (sd, digest!.GetValue<string>());
            }

            foreach (var name in new[] { "dependents_list", "nationalities" })
            {
                var array = payload[name]!.AsArray();
                foreach (var element in array)
                {
                    if (element is JsonObject o && o["..."] is { } digest)
                    {
                        yield return (array, digest.GetValue<string>());
                    }
                }
            }
        }

        private static bool ReplaceDigest(JsonObject payload, string oldDigest, string newDigest)
        {
            foreach (var (container, digest) in PayloadDigests(payload).ToList())
            {
                if (digest != oldDigest)
                {
                    continue;
                }

                var index = container.Select((n, i) => (n, i)).First(p => p.n is JsonValue v ? v.GetValue<string>() == digest : p.n is JsonObject o && o["..."]!.GetValue<string>() == digest).i;
                container[index] = container[index] is JsonValue ? JsonValue.Create(newDigest) : new JsonObject { ["..."] = newDigest };
                return true;
            }

            return false;
        }

        private string ResignPayload(JsonObject payload) => SdJwtCorpusWorld.Sign((JsonObject)_header.DeepClone(), payload, _world.DsSigner);

        private string ResignWithOtherKey(int variant) => (variant % 4) switch
        {
            0 => SdJwtCorpusWorld.Sign((JsonObject)_header.DeepClone(), (JsonObject)_payload.DeepClone(), _otherIssuer),
            1 => SdJwtCorpusWorld.Sign(_world.IssuerHeader(_world.UntrustedDocumentSigner), (JsonObject)_payload.DeepClone(), _world.UntrustedDsSigner),
            2 => SdJwtCorpusWorld.Sign(_world.IssuerHeader(), (JsonObject)_payload.DeepClone(), _world.P384DsSigner),
            _ => SdJwtCorpusWorld.Sign((JsonObject)_header.DeepClone(), (JsonObject)_payload.DeepClone(), _world.Holder),
        };

        /// <summary>A header member changed, the original signature kept.</summary>
        private string ChangeHeader(int variant)
        {
            var header = (JsonObject)_header.DeepClone();
            switch (variant % 12)
            {
                case 0: header["typ"] = "jwt"; break;
                case 1: header.Remove("typ"); break;
                case 2: header["typ"] = "vc+sd-jwt"; break;
                case 3: header["alg"] = "ES384"; break;
                case 4: header["alg"] = "none"; break;
                case 5: header["alg"] = "HS256"; break;
                case 6: header["kid"] = "key-1"; break;
                case 7: header["crit"] = new JsonArray("kid"); break;
                case 8: header.Remove("x5c"); break;
                case 9: header["x5c"] = new JsonArray(SdJwtCorpusWorld.X5c(_world.UntrustedDocumentSigner)); break;
                case 10: header["x-extra"] = 1; break;
                default:
                    var x5c = header["x5c"]!.DeepClone();
                    header.Remove("x5c");
                    header = new JsonObject { ["x5c"] = x5c, ["alg"] = header["alg"]!.DeepClone(), ["typ"] = header["typ"]!.DeepClone() };
                    break;
            }

            var parts = _jwt.Split('.');
            return Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(header)) + "." + parts[1] + "." + parts[2];
        }

        /// <summary>A header member changed to something a verifier must refuse, re-signed by the trusted Document Signer.</summary>
        private string ChangeHeaderResigned(int variant)
        {
            var header = (JsonObject)_header.DeepClone();
            switch (variant % 7)
            {
                case 0: header["typ"] = "jwt"; break;
                case 1: header.Remove("typ"); break;
                case 2: header["typ"] = "vc+sd-jwt"; break;
                case 3: header["typ"] = KeyBindingJwt.MediaType; break;
                case 4: header.Remove("x5c"); break;
                case 5: header["x5c"] = new JsonArray(SdJwtCorpusWorld.X5c(_world.UntrustedDocumentSigner)); break;
                default: header["crit"] = new JsonArray("x-honnin"); header["x-honnin"] = true; break;
            }

            return SdJwtCorpusWorld.Sign(header, (JsonObject)_payload.DeepClone(), _world.DsSigner);
        }

        private string ChangeKeyBindingHeader(int variant)
        {
            var prefix = _world.PresentationWithoutKb;
            var kb = KeyBindingOf(_world.Presentation).Split('.');
            var header = JsonNode.Parse(Base64UrlEncoding.Decode(kb[0]))!.AsObject();
            var payload = JsonNode.Parse(Base64UrlEncoding.Decode(kb[1]))!.AsObject();
            switch (variant % 7)
            {
                case 0: header["typ"] = "jwt"; break;
                case 1: header.Remove("typ"); break;
                case 2: header["typ"] = "dc+sd-jwt"; break;
                case 3: header["crit"] = new JsonArray("x-honnin"); header["x-honnin"] = true; break;
                case 4:
                    header["alg"] = "ES384";
                    return prefix + Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(header)) + "." + kb[1] + "." + kb[2];
                case 5:
                    header["alg"] = "none";
                    return prefix + Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(header)) + "." + kb[1] + ".";
                default:
                    header["kid"] = "holder-1";
                    return prefix + Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(header)) + "." + kb[1] + "." + kb[2];
            }

            return prefix + SdJwtCorpusWorld.Sign(header, payload, _world.Holder);
        }

        private static void Inflate(List<string> disclosures, Mutation m)
        {
            switch (m.Variant % 4)
            {
                case 0:
                    // Up to 1024 more Disclosures: unreferenced, or over the limit with the 8 presented.
                    disclosures.AddRange(Enumerable.Range(0, 1 + (m.Target % 1024)).Select(i => Encode(new JsonArray(Salt(m.Salt + i), "c" + i, i))));
                    break;
                case 1:
                    disclosures.Add(Encode(new JsonArray(Salt(m.Salt), "bulk", new string('x', m.Salt % (2 * 1024 * 1024)))));
                    break;
                case 2:
                    JsonNode nested = "bottom";
                    for (var i = 0; i < 1 + (m.Target % 40); i++)
                    {
                        nested = new JsonObject { ["n"] = nested };
                    }

                    disclosures.Add(Encode(new JsonArray(Salt(m.Salt), "deep", nested)));
                    break;
                default:
                    // Longer than the 4 Mi character limit (the KB-JWT is not remade over it).
                    disclosures.Add(new string('A', 4 * 1024 * 1024));
                    break;
            }
        }
    }
}
