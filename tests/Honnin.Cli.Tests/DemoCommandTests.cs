namespace Honnin.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public void Withholding_slip_demo_shows_each_step_and_the_verifier_sees_only_what_was_shared()
    {
        var (code, output, error) = CliRunner.Run("demo", "offline");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("verified, registered", output, StringComparison.Ordinal);
        Assert.Contains("[left out] 摘要 / remarks", output, StringComparison.Ordinal);
        var employer = output[output.IndexOf("2. The verifier", StringComparison.Ordinal)..output.IndexOf("3. The verifier", StringComparison.Ordinal)];
        var employerSaw = employer[employer.IndexOf("It saw exactly:", StringComparison.Ordinal)..];
        Assert.Contains("payment_amount: 5800000", employerSaw, StringComparison.Ordinal);
        Assert.DoesNotContain("remarks", employerSaw, StringComparison.Ordinal);
        Assert.Contains("joined to its employment records", employerSaw, StringComparison.Ordinal);
        Assert.Contains("joined to its tax records", employerSaw, StringComparison.Ordinal);
        var welfare = output[output.IndexOf("3. The verifier", StringComparison.Ordinal)..output.IndexOf("4. The person's log", StringComparison.Ordinal)];
        Assert.Contains("[refused]  employment 分野の仮名 / dp_employment", welfare, StringComparison.Ordinal);
        Assert.DoesNotContain("dp_employment:", welfare[welfare.IndexOf("It saw exactly:", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("joined to its welfare records", welfare, StringComparison.Ordinal);
        Assert.DoesNotContain("前職分を含む", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Enrollment_certificate_demo_runs()
    {
        var (code, output, _) = CliRunner.Run("demo", "offline", "enrollment-certificate");

        Assert.Equal(0, code);
        Assert.Contains("VALID", output, StringComparison.Ordinal);
        Assert.Contains("age_over_18: true", output, StringComparison.Ordinal);
        Assert.Contains("joined to its education records", output, StringComparison.Ordinal);
        Assert.Contains("[refused]  education 分野の仮名 / dp_education", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_network_demo_runs_the_story_over_the_services_and_leaves_nothing_behind()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "honnin-demo-*").ToHashSet();
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var (code, output, error) = CliRunner.Run("demo");

        Assert.True(code == 0, output + error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"The demo took {watch.Elapsed}.");
        var employer = output[output.IndexOf("3. ", StringComparison.Ordinal)..output.IndexOf("4. ", StringComparison.Ordinal)];
        Assert.Contains("[left out] 生年月日 / birth_date", employer, StringComparison.Ordinal);
        Assert.Contains("[refused]  welfare 分野の仮名 / dp_welfare", employer, StringComparison.Ordinal);
        var employerSaw = employer[employer.IndexOf("It saw exactly:", StringComparison.Ordinal)..];
        Assert.Contains("payment_amount: 5800000", employerSaw, StringComparison.Ordinal);
        Assert.DoesNotContain("birth_date", employerSaw, StringComparison.Ordinal);
        Assert.DoesNotContain("dp_welfare", employerSaw, StringComparison.Ordinal);
        Assert.Contains("joined to its employment records", employerSaw, StringComparison.Ordinal);
        var welfare = output[output.IndexOf("4. ", StringComparison.Ordinal)..output.IndexOf("5. ", StringComparison.Ordinal)];
        Assert.Contains("joined to its welfare records", welfare, StringComparison.Ordinal);
        Assert.Contains("[refused]  employment 分野の仮名 / dp_employment", welfare, StringComparison.Ordinal);
        Assert.DoesNotContain("dp_employment:", welfare[welfare.IndexOf("It saw exactly:", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var revoked = output[output.IndexOf("5. ", StringComparison.Ordinal)..output.IndexOf("6. ", StringComparison.Ordinal)];
        Assert.Contains("status_revoked", revoked, StringComparison.Ordinal);
        Assert.Contains("the request said: 生活保護の収入認定", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetDirectories(Path.GetTempPath(), "honnin-demo-*"), d => !before.Contains(d));
    }
}
