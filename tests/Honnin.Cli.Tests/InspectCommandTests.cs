namespace Honnin.Cli.Tests;

public sealed class InspectCommandTests
{
    [Fact]
    public void Inspect_prints_the_annex_d_structure()
    {
        var (code, output, _) = CliRunner.Run("inspect", CliRunner.AnnexD("device-response.cbor"));

        Assert.Equal(0, code);
        Assert.Contains("document 0: org.iso.18013.5.1.mDL", output, StringComparison.Ordinal);
        Assert.Contains("[0] family_name: \"Doe\"", output, StringComparison.Ordinal);
        Assert.Contains("deviceAuth: deviceMac", output, StringComparison.Ordinal);
        Assert.Contains("org.iso.18013.5.1.US: 4 digest(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_of_something_that_is_not_cbor_exits_2()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0xff, 0xff]);
            var (code, _, error) = CliRunner.Run("inspect", path);
            Assert.Equal(2, code);
            Assert.Contains("not well-formed CBOR", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
