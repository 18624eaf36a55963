namespace Honnin.Cli;

/// <summary>A clock stopped at the instant given with <c>--at</c>.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
