using System.Text.Json;
using Honnin.Cbor;
using Honnin.DocumentTypes;

namespace Honnin.Core.Tests.DocumentTypes;

public sealed class DocumentClaimsTests
{
    private const string SlipJson = """
        {
          "family_name": "山田", "given_name": "太郎", "birth_date": "1985-04-01",
          "tax_year": 2025, "full_name": "山田 太郎", "payment_category": "給料・賞与",
          "payment_amount": 5000000, "withholding_tax_amount": 120000,
          "dependents_list": [{"full_name": "山田 花子", "category": "spouse"}],
          "payer_name": "株式会社本人", "payer_corporate_number": "1234567890123", "issue_date": "2026-01-31"
        }
        """;

    private static DocumentType Slip => HonninDocumentTypes.WithholdingSlip;

    private static (DocumentClaims? Claims, IReadOnlyList<ClaimProblem> Problems) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        DocumentClaims.TryFromJson(document.RootElement, Slip, out var claims, out var problems);
        return (claims, problems);
    }

    [Fact]
    public void Json_claims_become_typed_values_in_their_namespaces()
    {
        var (claims, problems) = Read(SlipJson);

        Assert.Empty(problems);
        Assert.NotNull(claims);
        Assert.Empty(claims.Validate(Slip));
        Assert.Equal(new DateOnly(1985, 4, 1), Assert.IsType<CborFullDate>(claims.NameSpaces["org.iso.23220.1"]["birth_date"]).Value);
        Assert.Equal(5000000, Assert.IsType<CborInteger>(claims.NameSpaces["jp.honnin.withholding_slip.1"]["payment_amount"]).Value);
        Assert.IsType<CborArray>(claims.NameSpaces["jp.honnin.withholding_slip.1"]["dependents_list"]);
    }

    [Fact]
    public void Namespace_objects_and_qualified_names_are_accepted()
    {
        var json = SlipJson.Replace("\"tax_year\": 2025,", "\"jp.honnin.withholding_slip.1\": {\"tax_year\": 2025},", StringComparison.Ordinal)
            .Replace("\"family_name\"", "\"org.iso.23220.1/family_name\"", StringComparison.Ordinal);
        var (claims, problems) = Read(json);

        Assert.Empty(problems);
        Assert.True(claims!.Contains("jp.honnin.withholding_slip.1", "tax_year"));
        Assert.True(claims.Contains("org.iso.23220.1", "family_name"));
    }

    [Theory]
    [InlineData("\"payment_amount\": 5000000", "\"payment_amount\": \"5000000\"", "jp.honnin.withholding_slip.1/payment_amount", ClaimProblemCodes.WrongType)]
    [InlineData("\"payment_amount\": 5000000", "\"payment_amount\": -1", "jp.honnin.withholding_slip.1/payment_amount", ClaimProblemCodes.WrongType)]
    [InlineData("\"birth_date\": \"1985-04-01\"", "\"birth_date\": \"1985/04/01\"", "org.iso.23220.1/birth_date", ClaimProblemCodes.WrongType)]
    [InlineData("\"tax_year\": 2025,", "\"tax_year\": 2025, \"favourite_colour\": \"blue\",", "favourite_colour", ClaimProblemCodes.UnknownElement)]
    [InlineData("\"tax_year\": 2025,", "\"tax_year\": 2025, \"individual_number\": \"x\",", "individual_number", ClaimProblemCodes.MyNumberRefused)]
    public void Problems_name_the_element_and_never_the_value(string find, string replace, string element, string code)
    {
        var (claims, problems) = Read(SlipJson.Replace(find, replace, StringComparison.Ordinal));

        Assert.Null(claims);
        var problem = Assert.Single(problems);
        Assert.Equal(element, problem.Element);
        Assert.Equal(code, problem.Code);
        Assert.DoesNotContain("5000000", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1985/04/01", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("blue", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_reports_missing_mandatory_elements_and_bad_formats()
    {
        var (claims, _) = Read(SlipJson.Replace("\"payer_name\": \"株式会社本人\",", string.Empty, StringComparison.Ordinal)
            .Replace("1234567890123", "12345", StringComparison.Ordinal));

        var problems = claims!.Validate(Slip);

        Assert.Contains(problems, p => p.Code == ClaimProblemCodes.MissingElement && p.Element == "jp.honnin.withholding_slip.1/payer_name");
        Assert.Contains(problems, p => p.Code == ClaimProblemCodes.InvalidValue && p.Element == "jp.honnin.withholding_slip.1/payer_corporate_number");
    }

    [Fact]
    public void A_valid_my_number_in_any_value_is_refused_without_a_legal_basis()
    {
        var (claims, _) = Read(SlipJson.Replace("\"payee_address\"", "\"x\"", StringComparison.Ordinal)
            .Replace("\"full_name\": \"山田 太郎\"", "\"full_name\": \"1234-5678-9018\"", StringComparison.Ordinal));

        var refused = claims!.Validate(Slip);
        Assert.Contains(refused, p => p.Code == ClaimProblemCodes.MyNumberRefused && p.Element == "jp.honnin.withholding_slip.1/full_name");
        Assert.All(refused, p => Assert.DoesNotContain("9018", p.Message, StringComparison.Ordinal));

        var allowed = claims.Validate(Slip, MyNumberPolicy.AllowWithLegalBasis("番号法第19条第1号"));
        Assert.DoesNotContain(allowed, p => p.Code == ClaimProblemCodes.MyNumberRefused);
    }

    [Theory]
    [InlineData("個人番号:１２３４５６７８９０１８")]
    [InlineData("扶養親族の個人番号 1234 5678 9018")]
    public void A_my_number_inside_remarks_or_in_full_width_digits_is_refused(string remarks)
    {
        var claims = new DocumentClaims().Add("jp.honnin.withholding_slip.1", "remarks", new CborTextString(remarks));

        var problem = Assert.Single(claims.Validate(Slip), p => p.Code == ClaimProblemCodes.MyNumberRefused);
        Assert.DoesNotContain("9018", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("９０１８", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ｉｎｄｉｖｉｄｕａｌ_number")]
    [InlineData("Individual_Number_of_spouse")]
    public void Elements_named_individual_number_in_any_width_or_case_are_refused(string identifier)
    {
        var claims = new DocumentClaims().Add("jp.honnin.withholding_slip.1", identifier, new CborTextString("x"));

        Assert.Contains(claims.Validate(Slip), p => p.Code == ClaimProblemCodes.MyNumberRefused);
    }

    [Fact]
    public void A_my_number_that_starts_with_zero_is_found_as_an_integer()
    {
        // 012345678903 has a valid check digit; as an integer it loses the leading 0.
        Assert.True(MyNumberPolicy.IsMyNumber("012345678903"));
        var claims = new DocumentClaims().Add("jp.honnin.withholding_slip.1", "remarks", new CborInteger(12345678903));

        Assert.Contains(claims.Validate(Slip), p => p.Code == ClaimProblemCodes.MyNumberRefused);
    }

    [Fact]
    public void Nested_my_numbers_are_found_too()
    {
        var claims = new DocumentClaims()
            .Add("jp.honnin.withholding_slip.1", "dependents_list", new CborArray(CborMap.FromText(("note", new CborInteger(123456789018)))));

        Assert.Contains(claims.Validate(Slip), p => p.Code == ClaimProblemCodes.MyNumberRefused);
    }

    [Fact]
    public void Enumerations_are_checked()
    {
        var claims = new DocumentClaims().Add("jp.honnin.enrollment_certificate.1", "enrollment_status", new CborTextString("graduated"));

        Assert.Contains(claims.Validate(HonninDocumentTypes.EnrollmentCertificate), p => p.Code == ClaimProblemCodes.InvalidValue);
    }

    [Fact]
    public void Registry_finds_types_by_doctype_vct_and_alias_and_makes_new_registries_with_more_types()
    {
        var registry = DocumentTypeRegistry.CreateDefault();
        Assert.True(registry.TryGet("withholding-slip", out var byAlias));
        Assert.True(registry.TryGet("urn:honnin:jp:withholding-slip:1", out var byVct));
        Assert.Same(byAlias, byVct);

        var custom = new DocumentType("jp.example.custom.1", "urn:example:custom:1", "独自", "Custom", [new ElementDefinition("jp.example.custom.1", "x", ElementType.Text, "エックス", "X")]);
        var extended = registry.With(custom);
        Assert.True(extended.TryGet("jp.example.custom.1", out _));
        Assert.True(extended.TryGet("urn:example:custom:1", out _));
        Assert.False(registry.TryGet("jp.example.custom.1", out _));
        Assert.Equal(registry.Types.Count + 1, extended.Types.Count);
        Assert.Throws<ArgumentException>(() => extended.With(custom));
        Assert.Throws<ArgumentException>(() => DocumentTypeRegistry.Create([custom, custom]));
        Assert.Equal([custom], DocumentTypeRegistry.Create([custom]).Types);
    }
}
