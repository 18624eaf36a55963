namespace Honnin.Cli.Tests;

/// <summary>A temporary folder with the steps a new user takes first: a test PKI, holder keys, issued credentials.</summary>
internal sealed class CliTestFolder : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("honnin-cli-").FullName;

    public string At(string name) => Path.Combine(_directory, name);

    public static string Claims(string file) => Path.Combine(AppContext.BaseDirectory, "claims", file);

    public static (int ExitCode, string Output, string Error) Ok((int ExitCode, string Output, string Error) run)
    {
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        return run;
    }

    /// <summary>ca/, ds/ and holder.jwk with <paramref name="holderKeys"/> keys.</summary>
    public CliTestFolder WithPki(int holderKeys = 1)
    {
        Ok(CliRunner.Run("ca", "create", "--out", At("ca")));
        Ok(CliRunner.Run("ca", "issue-ds", "--ca", At("ca"), "--out", At("ds")));
        Ok(CliRunner.Run("key", "create", "--out", At("holder.jwk"), "--count", holderKeys.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return this;
    }

    /// <summary>Issues a withholding slip in <paramref name="format"/> to <paramref name="output"/>.</summary>
    public CliTestFolder Issue(string format, string output, int batch = 1, string holderKey = "holder.jwk")
    {
        Ok(CliRunner.Run("issue", "--format", format, "--type", "withholding-slip", "--claims", Claims("withholding-slip.json"), "--issuer", At("ds"), "--holder-key", At(holderKey), "--out", At(output), "--batch", batch.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return this;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
