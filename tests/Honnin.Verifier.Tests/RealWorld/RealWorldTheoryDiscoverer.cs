using Xunit.Abstractions;
using Xunit.Sdk;

namespace Honnin.Verifier.Tests.RealWorld;

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
