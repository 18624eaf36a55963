using System.Text.RegularExpressions;

namespace Honnin.Cli;

/// <summary>Turns messages of .NET exceptions and of the argument parser into plain words: no type names, no parameter names, no values.</summary>
internal static partial class ErrorText
{
    /// <summary>
    /// The message of a library exception without what .NET appends: <c>(Parameter 'x')</c>, and for an out-of-range argument
    /// the actual value (it could be a secret).
    /// </summary>
    public static string Plain(Exception exception)
    {
        var message = exception.Message;
        if (exception is ArgumentException { ParamName: { } name })
        {
            var suffix = $" (Parameter '{name}')";
            var at = message.IndexOf(suffix, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message[..at];
            }
        }

        return ParameterSuffix().Replace(message, string.Empty).Trim();
    }

    /// <summary>A parser message with .NET type names replaced by what the option takes.</summary>
    public static string PlainParseError(string message) =>
        TypeName().Replace(message, m => m.Groups[1].Value switch
        {
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Boolean" => "true or false",
            "System.Double" or "System.Decimal" => "a number",
            "System.String[]" or "System.String" => "text",
            _ => "a value of the right kind",
        }).Replace("as expected type ", "as ", StringComparison.Ordinal);

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)(\s*Actual value was [^.]*\.)?")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex(@"'(System\.[A-Za-z0-9_.\[\]]+)'")]
    private static partial Regex TypeName();
}
