using System.Globalization;
using System.Text.Json;

namespace Honnin.Verifier.Tests.RealWorld;

/// <summary>One row of RealWorld/manifest.json: an artifact, where it comes from, how to verify it and what a correct verifier says.</summary>
internal sealed record CorpusRow(
    string Id,
    string Producer,
    string Repository,
    string Path,
    string Commit,
    string Licence,
    string Format,
    string Kind,
    string File,
    string Encoding,
    CorpusTrust Trust,
    DateTimeOffset VerificationTime,
    string Expected,
    IReadOnlyList<string> ExpectedAlso,
    IReadOnlyDictionary<string, string> ExpectedChecks,
    string? KnownGap,
    string Note,
    JsonElement Raw)
{
    public bool ExpectsValid => Expected == "valid";

    public string? OptionalString(string name) =>
        Raw.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool OptionalBool(string name) =>
        Raw.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public IReadOnlyList<string> OptionalStrings(string name) =>
        Raw.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(e => e.GetString()!).ToArray()
            : [];

    public override string ToString() => Id;
}

/// <summary>How a row's issuer is trusted: <c>iaca</c> (anchor certificates), <c>jwk</c> (an issuer key), <c>ds_certificate</c> (a pinned Document Signer / issuer certificate) or <c>none</c> (nothing published).</summary>
internal sealed record CorpusTrust(string Kind, string? File, IReadOnlyList<string> Intermediates);

/// <summary>Reads the real-world corpus (RealWorld/manifest.json and the files it names), copied beside the test assembly.</summary>
internal static class RealWorldCorpus
{
    private static readonly Lazy<CorpusManifest> Manifest = new(Load);

    public static string Directory => System.IO.Path.Combine(AppContext.BaseDirectory, "RealWorld");

    public static IReadOnlyList<CorpusRow> Rows => Manifest.Value.Rows;

    public static JsonElement Root => Manifest.Value.Root;

    public static CorpusRow Row(string id) => Rows.Single(r => r.Id == id);

    public static string? GapFor(string id) => Rows.SingleOrDefault(r => r.Id == id)?.KnownGap;

    public static string ReadText(string relativePath) => System.IO.File.ReadAllText(FullPath(relativePath));

    public static string FullPath(string relativePath) => System.IO.Path.Combine(Directory, relativePath.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>The artifact as received: text for SD-JWTs, the decoded bytes (hex, base64 or base64url text, or raw) for CBOR.</summary>
    public static byte[] ReadBytes(CorpusRow row)
    {
        var path = FullPath(row.File);
        if (row.Encoding == "binary")
        {
            return System.IO.File.ReadAllBytes(path);
        }

        var text = string.Concat(System.IO.File.ReadAllText(path).Where(c => !char.IsWhiteSpace(c)));
        return row.Encoding switch
        {
            "hex" => Convert.FromHexString(text),
            "base64" or "base64url" => Convert.FromBase64String(Pad(text.Replace('-', '+').Replace('_', '/'))),
            _ => throw new InvalidDataException($"Row {row.Id}: encoding '{row.Encoding}' is not a byte encoding."),
        };
    }

    private static string Pad(string base64) => (base64.Length % 4) switch
    {
        2 => base64 + "==",
        3 => base64 + "=",
        _ => base64,
    };

    private static CorpusManifest Load()
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(Directory, "manifest.json")));
        var root = document.RootElement.Clone();
        var rows = root.GetProperty("artifacts").EnumerateArray().Select(ParseRowOrExplain).ToArray();
        return new CorpusManifest(root, rows);
    }

    private static CorpusRow ParseRowOrExplain(JsonElement row, int index)
    {
        try
        {
            return ParseRow(row);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or InvalidDataException)
        {
            var id = row.TryGetProperty("id", out var value) ? value.GetString() : $"#{index}";
            throw new InvalidDataException($"manifest.json row {id}: {e.Message} (a required field is missing or has the wrong type)", e);
        }
    }

    private static CorpusRow ParseRow(JsonElement row)
    {
        string Required(string name) => row.GetProperty(name).GetString() ?? throw new InvalidDataException($"'{name}' is null.");

        var trust = row.GetProperty("trust");
        var trustFile = trust.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String ? file.GetString() : null;
        var intermediates = trust.TryGetProperty("intermediates", out var list)
            ? list.EnumerateArray().Select(e => e.GetString()!).ToArray()
            : [];
        var checks = row.TryGetProperty("expected_checks", out var checkMap)
            ? checkMap.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : new Dictionary<string, string>();
        var also = row.TryGetProperty("expected_also", out var alsoList)
            ? alsoList.EnumerateArray().Select(e => e.GetString()!).ToArray()
            : [];
        var gap = row.TryGetProperty("known_gap", out var gapValue) ? gapValue.GetString() : null;

        return new CorpusRow(
            Required("id"),
            Required("producer"),
            Required("repository"),
            Required("path"),
            Required("commit"),
            Required("licence"),
            Required("format"),
            Required("kind"),
            Required("file"),
            Required("encoding"),
            new CorpusTrust(trust.GetProperty("kind").GetString()!, trustFile, intermediates),
            DateTimeOffset.Parse(Required("verification_time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Required("expected"),
            also,
            checks,
            gap,
            Required("note"),
            row.Clone());
    }

    private sealed record CorpusManifest(JsonElement Root, IReadOnlyList<CorpusRow> Rows);
}
