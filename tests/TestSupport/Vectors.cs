using System.Text.Json;

namespace Honnin.Tests;

/// <summary>
/// Reads the standards' test vectors copied under tests/vectors (see tests/vectors/mdoc/README.md for
/// their sources: ISO/IEC 18013-5 Annex D, the EUDI PID sample and OpenID4VP 1.0 Appendix B).
/// </summary>
internal static class Vectors
{
    private static readonly Lazy<JsonDocument> AnnexDDocument = new(() => Load("mdoc/iso18013-5-annexd.json"));

    public static JsonDocument AnnexDJson => AnnexDDocument.Value;

    public static JsonDocument Load(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "vectors", relativePath);
        return JsonDocument.Parse(File.ReadAllText(path));
    }

    /// <summary>A named hex vector of the Annex D file.</summary>
    public static byte[] AnnexD(string name)
    {
        foreach (var vector in AnnexDJson.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("name").GetString() == name)
            {
                return Convert.FromHexString(vector.GetProperty("hex").GetString()!);
            }
        }

        throw new KeyNotFoundException(name);
    }
}
