namespace Honnin.Cli;

/// <summary>
/// Standard input and output for file arguments given as <c>-</c>, for one run of the tool. Standard input is read once:
/// two options cannot both read it.
/// </summary>
internal sealed class StandardStreams : IDisposable
{
    /// <summary>The file name that stands for standard input or output.</summary>
    public const string Dash = "-";

    private static readonly AsyncLocal<StandardStreams?> CurrentRun = new();

    private readonly Func<Stream> _input;
    private readonly StandardStreams? _previous;
    private string? _inputTakenBy;

    private StandardStreams(Func<Stream> input, TextWriter output, StandardStreams? previous)
    {
        _input = input;
        Output = output;
        _previous = previous;
    }

    /// <summary>The streams of the current run (a run without them cannot use <c>-</c>).</summary>
    public static StandardStreams Current => CurrentRun.Value ?? throw new UsageException("'-' (standard input or output) is not available here.");

    /// <summary>Where data written to <c>-</c> goes.</summary>
    public TextWriter Output { get; }

    /// <summary>Sets the streams for the current run until disposed.</summary>
    public static StandardStreams Use(Func<Stream> input, TextWriter output)
    {
        var streams = new StandardStreams(input, output, CurrentRun.Value);
        CurrentRun.Value = streams;
        return streams;
    }

    /// <summary>Whether an output option of the command line is <c>-</c>.</summary>
    public static bool WritesDataToStandardOutput(string[] args)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] is "--out" && args[i + 1] == Dash)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads all of standard input, at most <paramref name="maxLength"/> bytes.</summary>
    public byte[] ReadInput(string what, long maxLength)
    {
        if (_inputTakenBy is not null)
        {
            throw new UsageException($"Only one input can be read from '-' (standard input); {_inputTakenBy} already reads it.");
        }

        _inputTakenBy = what;
        using var stream = _input();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxLength)
            {
                throw new InputException(InputException.TooLarge, $"The {what} input on standard input is larger than {maxLength / (1024 * 1024)} MiB.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public void Dispose() => CurrentRun.Value = _previous;
}
