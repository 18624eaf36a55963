using System.Diagnostics;
using System.Globalization;
using Honnin.Cbor;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.Tests.Corpus;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.Fuzzing;

/// <summary>What became of one fuzz input.</summary>
internal enum FuzzVerdict
{
    /// <summary>The verifier failed it: what must happen to every structural change.</summary>
    Rejected,

    /// <summary>The verifier accepted a change that <see cref="MdocEquivalence"/> recognises as meaning the same.</summary>
    Equivalent,

    /// <summary>The verifier accepted a structural change: a finding.</summary>
    Accepted,

    /// <summary>The verifier threw: a finding.</summary>
    Exception,

    /// <summary>The mutation could not be expressed (see <see cref="FuzzCase"/>); nothing was verified.</summary>
    NotExpressible,
}

internal sealed record FuzzOutcome(FuzzVerdict Verdict, TimeSpan Elapsed, string Detail);

/// <summary>
/// Verifies fuzz inputs with a verifier that requires every element the bases disclose (so that withholding an item is
/// not a valid answer) and allows a clock skew of five minutes (so that time arithmetic meets its edges), and judges them.
/// </summary>
internal sealed class MdocFuzzRunner
{
    private static readonly Lazy<MdocFuzzRunner> SharedInstance = new(() => new MdocFuzzRunner(MdocCorpusBuilder.Shared));

    private readonly MdocVerifier _verifier;

    private MdocFuzzRunner(MdocCorpusBuilder builder)
    {
        var options = builder.Options with { RequiredElements = MdocCorpusBuilder.Disclosed, ClockSkew = TimeSpan.FromMinutes(5) };
        _verifier = new MdocVerifier(options, new FakeTimeProvider(MdocCorpusBuilder.VerificationTime));
        Bases = [Base("two signed documents", builder.TwoDocuments, builder.Session), Base("one MACed document", builder.Maced, builder.Session)];
        Mutations = new MdocMutations(builder, Bases);
    }

    public static MdocFuzzRunner Shared => SharedInstance.Value;

    public IReadOnlyList<FuzzBase> Bases { get; }

    public MdocMutations Mutations { get; }

    public VerificationResult Verify(FuzzBase fuzzBase, ReadOnlyMemory<byte> response) => _verifier.Verify(response, fuzzBase.Session);

    public FuzzOutcome Evaluate(FuzzCase fuzzCase)
    {
        if (fuzzCase.Root is not { } root)
        {
            return new FuzzOutcome(FuzzVerdict.NotExpressible, TimeSpan.Zero, string.Empty);
        }

        var response = root.EncodedBytes;
        var stopwatch = Stopwatch.StartNew();
        VerificationResult result;
        try
        {
            result = _verifier.Verify(response, fuzzCase.Base.Session);
        }
        catch (Exception e)
        {
            return new FuzzOutcome(FuzzVerdict.Exception, stopwatch.Elapsed, e.ToString());
        }

        var elapsed = stopwatch.Elapsed;
        if (!result.IsValid)
        {
            return new FuzzOutcome(FuzzVerdict.Rejected, elapsed, result.Failures.Count > 0 ? result.Failures[0].Code : "(no failure, a mandatory check did not run)");
        }

        var same = MdocEquivalence.Presents(fuzzCase.Base.Form, MdocEquivalence.Canonical(root))
            && result.Documents.All(d => fuzzCase.Base.VerifiedDocuments.Contains(Describe(d)));
        return new FuzzOutcome(same ? FuzzVerdict.Equivalent : FuzzVerdict.Accepted, elapsed, string.Empty);
    }

    private FuzzBase Base(string name, byte[] response, MdocSession session)
    {
        var result = _verifier.Verify(response, session);
        Assert.True(result.IsValid, name + ": " + string.Join(", ", result.Failures.Select(f => f.Code)));
        var root = (CborMap)CborDecoder.Decode(response);
        return new FuzzBase(name, root, session, MdocEquivalence.Canonical(root), result.Documents.Select(Describe).ToHashSet(StringComparer.Ordinal));
    }

    private static string Describe(VerifiedDocument document) =>
        document.DocType + "|" + string.Join(";", document.Elements
            .SelectMany(ns => ns.Value.Select(e => ns.Key + "/" + e.Key + "=" + Convert.ToHexStringLower(e.Value.EncodedBytes.Span)))
            .Order(StringComparer.Ordinal));
}

/// <summary>Figures of a fuzz run.</summary>
internal sealed class FuzzStatistics
{
    private readonly List<double> _milliseconds = [];
    private readonly Dictionary<FuzzVerdict, int> _verdicts = [];
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly List<string> _findings = [];

    public int Verified => _milliseconds.Count;

    public int Count(FuzzVerdict verdict) => _verdicts.GetValueOrDefault(verdict);

    public TimeSpan Max => TimeSpan.FromMilliseconds(_milliseconds.Count == 0 ? 0 : _milliseconds.Max());

    public IReadOnlyList<string> Findings => _findings;

    public void Add(FuzzCase fuzzCase, FuzzOutcome outcome)
    {
        lock (_milliseconds)
        {
            _verdicts[outcome.Verdict] = Count(outcome.Verdict) + 1;
            if (outcome.Verdict == FuzzVerdict.NotExpressible)
            {
                return;
            }

            _milliseconds.Add(outcome.Elapsed.TotalMilliseconds);
            if (outcome.Verdict == FuzzVerdict.Rejected)
            {
                _codes[outcome.Detail] = _codes.GetValueOrDefault(outcome.Detail) + 1;
            }

            if (outcome.Verdict is FuzzVerdict.Accepted or FuzzVerdict.Exception && _findings.Count < 20)
            {
                _findings.Add($"{outcome.Verdict}: {fuzzCase} {outcome.Detail}");
            }
        }
    }

    public string Report(string title)
    {
        lock (_milliseconds)
        {
            var sorted = _milliseconds.Order().ToArray();
            double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
            var text = new System.Text.StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"{title}: {Verified} mutated responses verified ({Count(FuzzVerdict.NotExpressible)} mutations not expressible, skipped)");
            text.AppendLine(CultureInfo.InvariantCulture, $"  rejected {Count(FuzzVerdict.Rejected)}, accepted as equivalent {Count(FuzzVerdict.Equivalent)}, accepted changed {Count(FuzzVerdict.Accepted)}, exceptions {Count(FuzzVerdict.Exception)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  time per input: median {Percentile(0.5):F2} ms, p99 {Percentile(0.99):F2} ms, max {(sorted.Length == 0 ? 0 : sorted[^1]):F2} ms");
            text.AppendLine("  first failure codes: " + string.Join(", ", _codes.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}")));
            foreach (var finding in _findings)
            {
                text.AppendLine("  " + finding);
            }

            return text.ToString();
        }
    }
}
