namespace Honnin.Cli.Tests;

/// <summary>Runs the tool in process, capturing what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args) => RunWithInput([], args);

    /// <summary>Runs the tool with <paramref name="input"/> on standard input (read by file arguments given as '-').</summary>
    public static (int ExitCode, string Output, string Error) RunWithInput(byte[] input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Program.Run(args, output, error, () => new MemoryStream(input, writable: false));
        return (code, output.ToString(), error.ToString());
    }

    public static string AnnexD(string file) => Path.Combine(AppContext.BaseDirectory, "annex-d", file);
}
