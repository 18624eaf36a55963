using Xunit.Abstractions;
using Xunit.Sdk;

namespace Honnin.Verifier.Tests.RealWorld;

/// <summary>
/// A theory over corpus row ids whose rows marked <c>known_gap</c> in the manifest are reported as skipped, with the gap
/// as the reason, instead of being run (or silently passed).
/// </summary>
[XunitTestCaseDiscoverer("Honnin.Verifier.Tests.RealWorld.RealWorldTheoryDiscoverer", "Honnin.Verifier.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealWorldTheoryAttribute : TheoryAttribute;

/// <summary>Discovers one test case per corpus row; a row with a known gap becomes a skipped case whose reason is the gap.</summary>
public sealed class RealWorldTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(
        ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod,
        IAttributeInfo theoryAttribute,
        object[] dataRow)
    {
        if (dataRow is [string id] && RealWorldCorpus.GapFor(id) is { } gap)
        {
            return CreateTestCasesForSkippedDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow, $"known gap: {gap}");
        }

        return base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow);
    }
}
