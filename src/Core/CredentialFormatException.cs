using System.Diagnostics.CodeAnalysis;

namespace Honnin;

/// <summary>
/// The single exception type that Honnin decoders throw when their input is malformed, oversized,
/// too deep or otherwise outside the profile. <see cref="Code"/> is a stable, machine-readable
/// failure code; the message names structures and types, never claim values or key material.
/// </summary>
public sealed class CredentialFormatException : Exception
{
    /// <summary>Creates the exception with a stable code and a message.</summary>
    /// <param name="code">A stable failure code, e.g. <c>cbor_malformed</c>.</param>
    /// <param name="message">What is wrong, naming structures and types only.</param>
    /// <param name="innerException">The low-level exception, if any.</param>
    public CredentialFormatException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>Creates the exception with the generic <c>malformed</c> code.</summary>
    public CredentialFormatException()
        : this("malformed", "The input is malformed.")
    {
    }

    /// <summary>Creates the exception with the generic <c>malformed</c> code.</summary>
    /// <param name="message">What is wrong.</param>
    public CredentialFormatException(string message)
        : this("malformed", message)
    {
    }

    /// <summary>Creates the exception with the generic <c>malformed</c> code.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The low-level exception.</param>
    public CredentialFormatException(string message, Exception innerException)
        : this("malformed", message, innerException)
    {
    }

    /// <summary>The stable failure code.</summary>
    public string Code { get; }

    /// <summary>
    /// The one shape of every <c>TryParse</c>/<c>TryRead</c> in Core: runs a reader and reports the format failure it
    /// throws instead of letting it propagate. Any other exception propagates.
    /// </summary>
    internal static bool Try<T>(Func<T> read, [MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out CredentialFormatException? error)
    {
        try
        {
            value = read();
            error = null;
            return true;
        }
        catch (CredentialFormatException e)
        {
            value = default;
            error = e;
            return false;
        }
    }
}
