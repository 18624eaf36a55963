namespace Honnin.Architecture.Tests;

/// <summary>
/// One problem vocabulary across the packages: every public record that carries a code and a message is a
/// <see cref="Problem"/>, and every public result that lists failures offers them through <see cref="IProblemReport"/>.
/// A new record or result that does its own thing fails here.
/// </summary>
public sealed class ProblemVocabularyTests
{
    private static IEnumerable<Type> PublicTypes => Repository.Packages.SelectMany(a => a.GetExportedTypes());

    [Fact]
    public void Every_public_code_and_message_record_is_a_problem()
    {
        var records = PublicTypes
            .Where(t => t.GetProperty("Code") is { PropertyType: var code } && code == typeof(string)
                && t.GetProperty("Message") is { PropertyType: var message } && message == typeof(string)
                && !typeof(Exception).IsAssignableFrom(t))
            .ToList();

        Assert.NotEmpty(records);
        Assert.All(records, t => Assert.True(typeof(Problem).IsAssignableFrom(t), $"{t.FullName} carries a code and a message but is not a Honnin.Problem."));
    }

    [Fact]
    public void Every_public_result_with_failures_is_a_problem_report()
    {
        var results = PublicTypes.Where(t => t.Name.EndsWith("Result", StringComparison.Ordinal) && t.GetProperty("Failures") is not null).ToList();

        Assert.Contains(results, t => t.Name == "VerificationResult");
        Assert.All(results, t => Assert.True(typeof(IProblemReport).IsAssignableFrom(t), $"{t.FullName} lists failures but is not an IProblemReport."));
    }
}
