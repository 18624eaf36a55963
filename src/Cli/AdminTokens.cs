namespace Honnin.Cli;

/// <summary>The issuer service's admin token file: one line, the bearer token, at least 32 characters.</summary>
internal static class AdminTokens
{
    public const int MinLength = 32;

    /// <summary>Reads the token, refusing a file that cannot hold one.</summary>
    public static string Read(string path)
    {
        var token = InputFiles.ReadText(path, "--admin-token-file", 4096).Trim();
        if (token.Length < MinLength || token.Any(c => c <= ' ' || c > '~'))
        {
            throw new InputException(InputException.Malformed, $"The --admin-token-file '{path}' does not hold an admin token (one line of at least {MinLength} printable ASCII characters).");
        }

        return token;
    }
}
