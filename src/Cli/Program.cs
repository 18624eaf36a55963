using System.CommandLine;
using System.Text;
using System.Text.Json;
using Honnin.Cli.Commands;

namespace Honnin.Cli;

/// <summary>The <c>honnin</c> command-line tool.</summary>
internal static class Program
{
    private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the tool; the exit codes are those of <see cref="ExitCodes"/>.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, Console.OpenStandardInput);

    /// <summary>
    /// Runs the tool with the given standard streams. <c>-</c> as an input file reads <paramref name="input"/> (once); as an
    /// output file it writes to <paramref name="output"/> (binary output as hex text), and the tool's own messages go to
    /// <paramref name="error"/> instead, so that the data can be piped.
    /// </summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error, Func<Stream> input)
    {
        var root = new RootCommand("honnin: issue, present, verify and inspect verifiable credentials (ISO mdoc and SD-JWT VC).")
        {
            CaCommand.Create(),
            KeyCommand.Create(),
            PseudonymKeyCommand.Create(),
            IssueCommand.Create(),
            RegistrarCommand.Create(),
            RequestCommand.Create(),
            PresentCommand.Create(),
            WalletCommand.Create(),
            VerifyCommand.Create(),
            InspectCommand.Create(),
            TranscriptCommand.Create(),
            IssuerCommand.Create(),
            VerifierCommand.Create(),
            OfferCommand.Create(),
            StatusCommand.Create(),
            DemoCommand.Create(),
        };

        var parseResult = root.Parse(args);
        var json = args.Contains(CommonOptions.JsonName, StringComparer.Ordinal);
        if (parseResult.Errors.Count > 0)
        {
            var messages = parseResult.Errors.Select(e => ErrorText.PlainParseError(e.Message)).ToList();
            if (json)
            {
                WriteJsonError(output, "usage", string.Join(" ", messages), ExitCodes.Usage);
            }
            else
            {
                messages.ForEach(m => error.WriteLine("error: " + m));
                error.WriteLine("Run 'honnin --help' for usage.");
            }

            return ExitCodes.Usage;
        }

        using var streams = StandardStreams.Use(input, output);
        var messageWriter = StandardStreams.WritesDataToStandardOutput(args) ? error : output;
        try
        {
            return parseResult.Invoke(new InvocationConfiguration { Output = messageWriter, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            return Fail(e.Code, e.Message, e.ExitCode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(InputException.Unreadable, "A file cannot be read or written: " + ErrorText.Plain(e), ExitCodes.Input);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A defect in the tool, not in the input: no stack trace and no message text (it could hold input data).
            return Fail("internal", "the tool failed unexpectedly; please report it with the command you ran.", ExitCodes.Internal);
        }

        int Fail(string code, string message, int exitCode)
        {
            if (json)
            {
                WriteJsonError(output, code, message, exitCode);
            }
            else
            {
                foreach (var line in ("error: " + message).Split('\n'))
                {
                    error.WriteLine(ValueText.Clean(line.TrimEnd('\r')));
                }
            }

            return exitCode;
        }
    }

    /// <summary>The JSON error object: <c>{"error": {"code": ..., "message": ..., "exitCode": n}}</c>.</summary>
    private static void WriteJsonError(TextWriter output, string code, string message, int exitCode)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteNumber("exitCode", exitCode);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
