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
    public void Inspect_of_something_the_tool_does_not_know_exits_4()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0xff, 0xff]);
            var (code, _, error) = CliRunner.Run("inspect", path);
            Assert.Equal(4, code);
            Assert.Contains("not a file the tool knows", error, StringComparison.Ordinal);
            Assert.Contains("cbor_", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
