using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Honnin.Cbor;
using Honnin.Verifier.Tests.Corpus;
using Xunit.Abstractions;
using static Honnin.Verifier.Tests.Fuzzing.CborTree;

namespace Honnin.Verifier.Tests.Fuzzing;

/// <summary>
/// "Change any structure → fails closed": valid presentations (<see cref="MdocCorpusBuilder"/>: two device-signed
/// documents; one device-MACed document) mutated by <see cref="MdocMutations"/> never verify unless the change is one
/// <see cref="MdocEquivalence"/> recognises as meaning the same, never make the verifier throw, and each verifies in
/// bounded time. The normal run replays a fixed seed; <c>HONNIN_FUZZ_CASES=100000</c> opts into a large run
/// (<c>HONNIN_FUZZ_SEED</c> picks its seed).
/// </summary>
public sealed class MdocStructuralFuzzTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Far above the milliseconds one verification takes, so that only a pathological input can reach it.</summary>
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(1);

    private readonly FuzzStatistics _statistics = new();

    [Fact]
    public void Bases_verify_and_the_recognised_equivalences_verify_too()
    {
        // The equivalences the oracle tolerates are real: each of these changes keeps the response valid.
        var runner = MdocFuzzRunner.Shared;
        var two = runner.Bases[0];
        var documents = Find(two.Root, "documents")!;
        var firstItems = Find(two.Root, "documents", 0, "issuerSigned", "nameSpaces", MdocCorpusBuilder.Slip)!;
        var deviceUnprotected = (int[])[.. Find(two.Root, "documents", 0, "deviceSigned", "deviceAuth", "deviceSignature")!, 1];
        var changes = new Dictionary<string, CborValue>
        {
            ["unchanged"] = two.Root,
            ["top-level keys reordered"] = new CborMap(two.Root.Entries.Reverse()),
            ["documents reordered"] = Replace(two.Root, documents, new CborArray(((CborArray)At(two.Root, documents)).Items.Reverse())),
            ["items of a namespace reordered"] = Replace(two.Root, firstItems, new CborArray(((CborArray)At(two.Root, firstItems)).Items.Reverse())),
            ["version text changed"] = Replace(two.Root, Find(two.Root, "version")!, new CborTextString("1.1")),
            ["unread unprotected header in deviceSignature"] = Replace(two.Root, deviceUnprotected, CborMap.FromLabels((4, new CborByteString(new byte[8])))),
            ["one document left out"] = Replace(two.Root, documents, new CborArray(((CborArray)At(two.Root, documents))[1])),
        };

        foreach (var (name, root) in changes)
        {
            var outcome = runner.Evaluate(new FuzzCase(two, [name], root));
            Assert.True(outcome.Verdict == FuzzVerdict.Equivalent, $"{name}: {outcome.Verdict} {outcome.Detail}");
        }
    }

    [Fact]
    public void Oracle_flags_an_accepted_change_that_is_not_equivalent()
    {
        // A change the verifier accepts but the oracle does not recognise must count as a finding: here the oracle is
        // shown a response it did not start from (the MACed one, judged against the two-document base).
        var runner = MdocFuzzRunner.Shared;
        var outcome = runner.Evaluate(new FuzzCase(runner.Bases[0] with { Session = runner.Bases[1].Session }, ["other base"], runner.Bases[1].Root));

        Assert.Equal(FuzzVerdict.Accepted, outcome.Verdict);
    }

    [Property(MaxTest = 3000, Replay = "(18013051,2360399)")]
    public Property Structural_mutations_never_verify_never_throw_and_stay_bounded_in_time() =>
        Prop.ForAll(MdocFuzzRunner.Shared.Mutations.Cases().ToArbitrary(), fuzzCase =>
        {
            var outcome = MdocFuzzRunner.Shared.Evaluate(fuzzCase);
            _statistics.Add(fuzzCase, outcome);
            return outcome.Verdict is not (FuzzVerdict.Accepted or FuzzVerdict.Exception) && outcome.Elapsed < TimeBound;
        });

    [LargeFuzzRunFact]
    public void Large_opt_in_run_accepts_no_change_and_throws_nothing()
    {
        var cases = int.Parse(Environment.GetEnvironmentVariable(LargeFuzzRunFactAttribute.CasesVariable)!, CultureInfo.InvariantCulture);
        var seed = ulong.Parse(Environment.GetEnvironmentVariable("HONNIN_FUZZ_SEED") ?? "20260401", CultureInfo.InvariantCulture);
        var runner = MdocFuzzRunner.Shared;
        var generator = runner.Mutations.Cases();
        var started = DateTime.UtcNow;
        for (ulong chunk = 0; _statistics.Verified < cases; chunk++)
        {
            var batch = Math.Min(500, cases - _statistics.Verified);
            foreach (var fuzzCase in generator.Sample(size: 50, seed: new Rnd(seed + chunk, 2360399), numberOfSamples: batch))
            {
                _statistics.Add(fuzzCase, runner.Evaluate(fuzzCase));
            }
        }

        output.WriteLine($"seed {seed}, wall time {DateTime.UtcNow - started:hh\\:mm\\:ss}");
        Assert.Equal(0, _statistics.Count(FuzzVerdict.Accepted));
        Assert.Equal(0, _statistics.Count(FuzzVerdict.Exception));
        Assert.True(_statistics.Max < TimeBound, $"slowest input took {_statistics.Max.TotalMilliseconds} ms");
    }

    public void Dispose()
    {
        if (_statistics.Verified > 0)
        {
            output.WriteLine(_statistics.Report("structural fuzzing"));
        }
    }

    /// <summary>Runs only when <c>HONNIN_FUZZ_CASES</c> is set: a hundred thousand verifications take minutes.</summary>
    private sealed class LargeFuzzRunFactAttribute : FactAttribute
    {
        public const string CasesVariable = "HONNIN_FUZZ_CASES";

        public LargeFuzzRunFactAttribute()
        {
            if (!int.TryParse(Environment.GetEnvironmentVariable(CasesVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var cases) || cases <= 0)
            {
                Skip = $"Opt-in large run: set {CasesVariable} (e.g. 100000) to verify that many structural mutations.";
            }
        }
    }
}
