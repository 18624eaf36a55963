using System.Reflection;

namespace Honnin.Architecture.Tests;

/// <summary>The repository these tests check, and Honnin's shipped assemblies.</summary>
internal static class Repository
{
    public static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Credentials.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Credentials.sln was not found above the test's folder.");
    });

    /// <summary>The packages, by assembly name.</summary>
    public static IReadOnlyList<Assembly> Packages { get; } =
    [
        typeof(CredentialFormat).Assembly,
        typeof(Issuer.Mdoc.MdocIssuer).Assembly,
        typeof(Holder.Mdoc.MdocHolder).Assembly,
        typeof(Verifier.Mdoc.MdocVerifier).Assembly,
        typeof(DependencyInjection.HonninBuilder).Assembly,
        typeof(Storage.DbWalletStore).Assembly,
        typeof(Storage.Sqlite.SqliteWalletStore).Assembly,
        typeof(Storage.PostgreSql.PostgreSqlWalletStore).Assembly,
        typeof(AspNetCore.HonninIssuerEndpoints).Assembly,
    ];

    /// <summary>Set to 1 to rewrite the checked-in listings (API, codes) from the code instead of comparing.</summary>
    public static bool Accept => Environment.GetEnvironmentVariable("HONNIN_ACCEPT") == "1";

    public static string PathOf(params string[] parts) => Path.Combine([Root.Value, .. parts]);
}
