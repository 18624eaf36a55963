using System.Reflection;

namespace Honnin.Architecture.Tests;

/// <summary>
/// Each package's public API is checked in as a listing under <c>api/</c>: a change to what users compile against shows
/// in review as a change to that file. <c>HONNIN_ACCEPT=1 dotnet test tests/Honnin.Architecture.Tests</c> rewrites the
/// listings after an intended change.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Packages => [.. Repository.Packages.Select(a => a.GetName().Name!)];

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_public_api_is_the_checked_in_listing(string package)
    {
        var assembly = Repository.Packages.Single(a => a.GetName().Name == package);
        var actual = PublicApi.Listing(assembly);
        var path = Repository.PathOf("api", package + ".txt");
        if (Repository.Accept)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }

        var expected = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        var added = actual.Split('\n').Except(expected.Split('\n')).Where(l => l.Length > 0).Take(20).ToList();
        var removed = expected.Split('\n').Except(actual.Split('\n')).Where(l => l.Length > 0).Take(20).ToList();
        Assert.True(
            added.Count == 0 && removed.Count == 0,
            $"The public API of {package} differs from api/{package}.txt. Added:\n  {string.Join("\n  ", added)}\nRemoved:\n  {string.Join("\n  ", removed)}\nIf intended, run HONNIN_ACCEPT=1 dotnet test tests/Honnin.Architecture.Tests and review the listing.");
    }

    [Fact]
    public void Public_types_per_package_are_counted()
    {
        var counts = Repository.Packages.ToDictionary(a => a.GetName().Name!, a => a.GetExportedTypes().Length);

        Assert.All(counts, c => Assert.True(c.Value > 0, c.Key));
    }
}
