using Honnin.Jose;

namespace Honnin.SdJwt;

/// <summary>Bounds for reading SD-JWTs. The defaults: at most 4 Mi characters, at most 1024 Disclosures, JSON within <see cref="StrictJsonOptions.Default"/>.</summary>
public sealed record SdJwtParseOptions
{
    /// <summary>The defaults described on the type.</summary>
    public static SdJwtParseOptions Default { get; } = new();

    /// <summary>The longest serialized SD-JWT accepted, in characters.</summary>
    public int MaxLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>The most Disclosures accepted.</summary>
    public int MaxDisclosures { get; init; } = 1024;

    /// <summary>Bounds for every JSON value inside (headers, payloads, Disclosures).</summary>
    public StrictJsonOptions Json { get; init; } = StrictJsonOptions.Default;
}
