namespace Honnin.Verifier.Tests.Trust;

/// <summary>A clock that may also be set back, which <c>FakeTimeProvider</c> refuses: a cached chain must fail before its validity too.</summary>
internal sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
