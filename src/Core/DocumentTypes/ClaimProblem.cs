namespace Honnin.DocumentTypes;

/// <summary>What is wrong with one claim: the element, a stable code and a message that never repeats the value.</summary>
/// <param name="Element">The element, "namespace/identifier" or the name as given.</param>
/// <param name="Code">A stable code (see <see cref="ClaimProblemCodes"/>).</param>
/// <param name="Message">What is wrong.</param>
public sealed record ClaimProblem(string Element, string Code, string Message) : Problem(Code, Message)
{
    /// <summary>The element, as <see cref="Element"/>.</summary>
    public override string? Where => Element;
}
