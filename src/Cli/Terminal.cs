using System.Text;

namespace Honnin.Cli;

/// <summary>
/// Questions to the person at a terminal: a yes/no answer and a short secret typed without echo. Only when standard
/// input is a terminal; a command run from a script or a test is never asked anything and must say so with options.
/// </summary>
internal static class Terminal
{
    // A transaction code is short; anything this long is not one.
    private const int MaxSecretLength = 256;

    /// <summary>Whether the person can be asked: standard input is a terminal.</summary>
    public static bool IsInteractive => !Console.IsInputRedirected;

    /// <summary>Asks a yes/no question on <paramref name="error"/>; only an explicit yes counts.</summary>
    public static bool Confirm(TextWriter error, string question)
    {
        error.Write(question + " [y/N] ");
        error.Flush();
        var answer = Console.ReadLine()?.Trim();
        return answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads a line without echoing it (a transaction code); null when the person typed nothing.</summary>
    public static string? ReadSecret(TextWriter error, string prompt)
    {
        error.Write(prompt);
        error.Flush();
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar) && text.Length < MaxSecretLength)
            {
                text.Append(key.KeyChar);
            }
        }

        error.WriteLine();
        return text.Length == 0 ? null : text.ToString();
    }
}
