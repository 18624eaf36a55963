namespace Honnin.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public void Withholding_slip_demo_shows_each_step_and_the_verifier_sees_only_what_was_shared()
    {
        var (code, output, error) = CliRunner.Run("demo");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("reader certificate verified", output, StringComparison.Ordinal);
        Assert.Contains("[ask]     摘要 / remarks", output, StringComparison.Ordinal);
        var seen = output[output.IndexOf("VALID. The verifier saw exactly:", StringComparison.Ordinal)..output.IndexOf("6. The person's log", StringComparison.Ordinal)];
        Assert.Contains("payment_amount: 5800000", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("remarks", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("前職分を含む", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Enrollment_certificate_demo_runs()
    {
        var (code, output, _) = CliRunner.Run("demo", "enrollment-certificate");

        Assert.Equal(0, code);
        Assert.Contains("VALID", output, StringComparison.Ordinal);
        Assert.Contains("age_over_18: true", output, StringComparison.Ordinal);
    }
}
