using System.Text.Json;

namespace Honnin.Verifier.Tests.RealWorld;

/// <summary>
/// Real artifacts from independent implementations (RealWorld/manifest.json, see RealWorld/README.md): every row is run
/// through the real verifier and must give the outcome a correct verifier gives. A row marked <c>known_gap</c> is
/// skipped with its reason, and a separate case checks that the gap is still there, so that a fixed gap loses its mark.
/// </summary>
public sealed class RealWorldCorpusTests
{
    private static readonly HashSet<string> RedistributableLicences = new(StringComparer.Ordinal)
    {
        "Apache-2.0", "MIT", "Apache-2.0 OR MIT", "BSD-2-Clause", "BSD-3-Clause", "CC0-1.0",
    };

    public static TheoryData<string> AllRows => [.. RealWorldCorpus.Rows.Select(r => r.Id)];

    [RealWorldTheory]
    [MemberData(nameof(AllRows))]
    public void Row_gives_the_expected_outcome(string id)
    {
        var row = RealWorldCorpus.Row(id);

        var outcome = RealWorldVerification.Evaluate(row);

        var mismatch = RealWorldVerification.Mismatch(row, outcome);
        Assert.True(mismatch is null, $"{row.Id} ({row.Producer}, {row.Repository}/{row.Path}): {mismatch}");
    }

    /// <summary>A row marked as a known gap fails this once the gap is fixed, until its mark is removed (there may be none).</summary>
    [Fact]
    public void Every_known_gap_is_still_a_gap()
    {
        var fixedGaps = RealWorldCorpus.Rows.Where(r => r.KnownGap is not null)
            .Where(row => RealWorldVerification.Mismatch(row, RealWorldVerification.Evaluate(row)) is null)
            .Select(row => $"{row.Id} now gives its expected outcome ({row.Expected}): remove its known_gap \"{row.KnownGap}\" from manifest.json.");

        Assert.Empty(fixedGaps);
    }

    [Fact]
    public void Corpus_holds_at_least_20_artifacts_from_at_least_4_producers()
    {
        var rows = RealWorldCorpus.Rows;

        Assert.True(rows.Select(r => r.File).Distinct().Count() >= 20, "fewer than 20 artifacts");
        Assert.True(rows.Select(r => r.Producer).Distinct().Count() >= 4, "fewer than 4 producers");
        Assert.Contains(rows, r => r.Format == "mdoc");
        Assert.Contains(rows, r => r.Format == "sd-jwt");
    }

    [Fact]
    public void Every_row_has_provenance_a_redistributable_licence_and_its_files()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in RealWorldCorpus.Rows)
        {
            Assert.True(ids.Add(row.Id), $"duplicate id {row.Id}");
            Assert.Matches("^[0-9a-f]{40}$", row.Commit);
            Assert.Matches("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", row.Repository);
            Assert.False(string.IsNullOrWhiteSpace(row.Path), row.Id);
            Assert.False(string.IsNullOrWhiteSpace(row.Note), row.Id);
            Assert.Contains(row.Licence, RedistributableLicences);
            Assert.True(File.Exists(RealWorldCorpus.FullPath(row.File)), $"{row.Id}: {row.File} is missing");
            Assert.True(row.Expected == "valid" || System.Text.RegularExpressions.Regex.IsMatch(row.Expected, "^[a-z0-9_]+$"), $"{row.Id}: expected '{row.Expected}'");
            Assert.Equal(row.VerificationTime.Offset, TimeSpan.Zero);
            foreach (var trustFile in new[] { row.Trust.File }.Concat(row.Trust.Intermediates).OfType<string>())
            {
                Assert.True(File.Exists(RealWorldCorpus.FullPath(trustFile)), $"{row.Id}: {trustFile} is missing");
                Assert.True(HasProvenance(trustFile), $"{row.Id}: {trustFile} is not listed under anchors or keys");
            }
        }
    }

    [Fact]
    public void Every_expected_code_is_one_the_libraries_define()
    {
        var known = new[] { typeof(VerificationFailureCodes).Assembly, typeof(Honnin.Cbor.CborFailureCodes).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Codes", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains(VerificationFailureCodes.DigestMismatch, known);
        foreach (var row in RealWorldCorpus.Rows)
        {
            foreach (var code in new[] { row.Expected }.Concat(row.ExpectedAlso).Where(c => c != "valid"))
            {
                Assert.True(known.Contains(code), $"{row.Id}: '{code}' is not a failure code of the libraries");
            }
        }
    }

    private static bool HasProvenance(string trustFile)
    {
        var name = Path.GetFileName(trustFile);
        return new[] { "anchors", "keys" }.Any(section =>
            RealWorldCorpus.Root.GetProperty(section).EnumerateObject().Any(p => p.Name == name
                && p.Value.GetProperty("commit").GetString() is { Length: 40 }
                && RedistributableLicences.Contains(p.Value.GetProperty("licence").GetString()!)));
    }
}
