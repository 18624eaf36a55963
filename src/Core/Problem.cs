namespace Honnin;

/// <summary>
/// One problem, anywhere in Honnin: a stable machine-readable <see cref="Code"/> (every code is listed in
/// <c>docs/codes.md</c>) and a message for people that names structures, identifiers and rules — never claim values,
/// salts, keys or raw bytes. Failures and warnings of every result are problems; a record that knows where in the input
/// the problem lies (a document of a response, an element of a credential) derives from this one and says so in
/// <see cref="Where"/>.
/// </summary>
/// <param name="Code">The stable code.</param>
/// <param name="Message">What is wrong, for logs and developers; it may change between versions, the code does not.</param>
public record Problem(string Code, string Message)
{
    /// <summary>The part of the input the problem concerns, as text, or null for the input as a whole.</summary>
    public virtual string? Where => null;
}
