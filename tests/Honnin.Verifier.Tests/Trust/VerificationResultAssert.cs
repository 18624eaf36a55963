namespace Honnin.Verifier.Tests.Trust;

internal static class VerificationResultAssert
{
    /// <summary>The same outcome, check by check and failure by failure (codes and messages), with the same documents.</summary>
    public static void Same(VerificationResult expected, VerificationResult actual)
    {
        Assert.Equal(expected.IsValid, actual.IsValid);
        Assert.Equal(expected.Checks, actual.Checks);
        Assert.Equal(expected.Failures, actual.Failures);
        Assert.Equal(expected.Documents.Select(d => (d.DocType, d.Issuer, d.ValidFrom, d.ValidUntil)), actual.Documents.Select(d => (d.DocType, d.Issuer, d.ValidFrom, d.ValidUntil)));
    }
}
