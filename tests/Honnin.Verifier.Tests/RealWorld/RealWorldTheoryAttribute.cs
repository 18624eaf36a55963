using Xunit.Sdk;

namespace Honnin.Verifier.Tests.RealWorld;

/// <summary>
/// A theory over corpus row ids whose rows marked <c>known_gap</c> in the manifest are reported as skipped, with the gap
/// as the reason, instead of being run (or silently passed).
/// </summary>
[XunitTestCaseDiscoverer("Honnin.Verifier.Tests.RealWorld.RealWorldTheoryDiscoverer", "Honnin.Verifier.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealWorldTheoryAttribute : TheoryAttribute;
