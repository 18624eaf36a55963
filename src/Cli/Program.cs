using System.CommandLine;
using Honnin.Cli.Commands;

namespace Honnin.Cli;

/// <summary>The <c>honnin</c> command-line tool.</summary>
internal static class Program
{
    private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the tool; exit code 0 valid/success, 1 invalid credential, 2 usage error or unreadable input.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("honnin: issue, present, verify and inspect verifiable credentials (ISO mdoc).")
        {
            CaCommand.Create(),
            KeyCommand.Create(),
            PseudonymKeyCommand.Create(),
            IssueCommand.Create(),
            RegistrarCommand.Create(),
            RequestCommand.Create(),
            PresentCommand.Create(),
            VerifyCommand.Create(),
            InspectCommand.Create(),
            TranscriptCommand.Create(),
            DemoCommand.Create(),
        };

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine("error: " + parseError.Message);
            }

            error.WriteLine("Run 'honnin --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A defect in the tool, not in the input: no stack trace and no message text (it could hold input data).
            error.WriteLine($"error: the tool failed unexpectedly ({e.GetType().Name}); please report it with the command you ran.");
            return ExitCodes.Usage;
        }
    }
}
