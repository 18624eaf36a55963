using Honnin.Cbor;
using Honnin.DocumentTypes;

namespace Honnin.Benchmarks.Fixtures;

/// <summary>
/// The credential shape every benchmark uses, Honnin's and the peers' alike: 20 elements (5 in the ISO/IEC 23220
/// namespace, 15 in the document's own, text, integers, full-dates and a boolean), of which a presentation discloses 5.
/// </summary>
internal static class BenchmarkDocumentType
{
    public const string DocType = "jp.honnin.benchmark_slip.1";
    public const string Alias = "benchmark-slip";
    public const string Iso = HonninDocumentTypes.Iso23220NameSpace;

    /// <summary>The five elements a presentation discloses, in two namespaces.</summary>
    public static readonly (string NameSpace, string Identifier)[] Disclosed =
    [
        (Iso, "family_name"),
        (Iso, "birth_date"),
        (DocType, "payment_amount"),
        (DocType, "withholding_tax_amount"),
        (DocType, "issue_date"),
    ];

    private static readonly (string NameSpace, string Identifier, ElementType Type, CborValue Value)[] Elements =
    [
        (Iso, "family_name", ElementType.Text, new CborTextString("山田")),
        (Iso, "given_name", ElementType.Text, new CborTextString("太郎")),
        (Iso, "birth_date", ElementType.FullDate, new CborFullDate(new DateOnly(1985, 4, 1))),
        (Iso, "resident_address", ElementType.Text, new CborTextString("東京都千代田区千代田1-1")),
        (Iso, "age_over_18", ElementType.Boolean, CborBoolean.True),
        (DocType, "tax_year", ElementType.UnsignedInteger, new CborInteger(2025)),
        (DocType, "full_name", ElementType.Text, new CborTextString("山田 太郎")),
        (DocType, "payment_category", ElementType.Text, new CborTextString("給料・賞与")),
        (DocType, "payment_amount", ElementType.UnsignedInteger, new CborInteger(5_000_000)),
        (DocType, "employment_income_after_deduction", ElementType.UnsignedInteger, new CborInteger(3_560_000)),
        (DocType, "total_deductions", ElementType.UnsignedInteger, new CborInteger(1_380_000)),
        (DocType, "withholding_tax_amount", ElementType.UnsignedInteger, new CborInteger(120_000)),
        (DocType, "social_insurance_premiums", ElementType.UnsignedInteger, new CborInteger(720_000)),
        (DocType, "life_insurance_deduction", ElementType.UnsignedInteger, new CborInteger(40_000)),
        (DocType, "earthquake_insurance_deduction", ElementType.UnsignedInteger, new CborInteger(20_000)),
        (DocType, "housing_loan_deduction", ElementType.UnsignedInteger, new CborInteger(0)),
        (DocType, "dependents_count", ElementType.UnsignedInteger, new CborInteger(2)),
        (DocType, "payer_name", ElementType.Text, new CborTextString("株式会社本人")),
        (DocType, "payer_address", ElementType.Text, new CborTextString("東京都港区芝公園4-2-8")),
        (DocType, "issue_date", ElementType.FullDate, new CborFullDate(new DateOnly(2026, 1, 31))),
    ];

    public static int ElementCount => Elements.Length;

    /// <summary>The type, defined through the public API as any caller would define their own.</summary>
    public static DocumentType Create() => new(
        DocType,
        "urn:honnin:jp:benchmark-slip:1",
        "ベンチマーク用源泉徴収票",
        "Benchmark withholding slip",
        Elements.Select(e => new ElementDefinition(e.NameSpace, e.Identifier, e.Type, e.Identifier, e.Identifier)),
        [Alias]);

    /// <summary>A registry with Honnin's built-in types and this one.</summary>
    public static DocumentTypeRegistry CreateRegistry() => DocumentTypeRegistry.CreateDefault().With(Create());

    /// <summary>The 20 claims.</summary>
    public static DocumentClaims Claims()
    {
        var claims = new DocumentClaims();
        foreach (var (nameSpace, identifier, _, value) in Elements)
        {
            claims.Add(nameSpace, identifier, value);
        }

        return claims;
    }

    /// <summary>The claims as typed JSON for the peer scripts: {"$fullDate": …} for full-dates, the value itself otherwise.</summary>
    public static Dictionary<string, Dictionary<string, object>> ClaimsForPeers()
    {
        var result = new Dictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
        foreach (var (nameSpace, identifier, _, value) in Elements)
        {
            if (!result.TryGetValue(nameSpace, out var elements))
            {
                result[nameSpace] = elements = new Dictionary<string, object>(StringComparer.Ordinal);
            }

            elements[identifier] = value switch
            {
                CborTextString text => text.Value,
                CborInteger integer => (long)integer.Value,
                CborBoolean boolean => boolean.Value,
                CborFullDate date => new Dictionary<string, string> { ["$fullDate"] = date.ToIsoString() },
                _ => throw new InvalidOperationException("No typed-JSON form for " + value.GetType().Name + "."),
            };
        }

        return result;
    }
}
