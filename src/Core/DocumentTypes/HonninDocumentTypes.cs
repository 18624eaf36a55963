using System.Text.RegularExpressions;

namespace Honnin.DocumentTypes;

/// <summary>
/// The document types Honnin ships: the employee's copy of a withholding slip (給与所得の源泉徴収票) and an
/// enrollment certificate (在学証明書). Identifiers use the project prefix <c>jp.honnin</c>; official
/// <c>jp.go.*</c> names are for the authorities to define.
/// </summary>
public static partial class HonninDocumentTypes
{
    /// <summary>The ISO/IEC 23220-2 namespace for person basics.</summary>
    public const string Iso23220NameSpace = "org.iso.23220.1";

    /// <summary>The namespace of per-domain pseudonyms; each domain's pseudonym is the element <c>dp_&lt;domain&gt;</c>.</summary>
    public const string PseudonymNameSpace = Pseudonyms.PseudonymDomain.MdocNamespace;

    /// <summary>The prefix of pseudonym element identifiers in <see cref="PseudonymNameSpace"/>.</summary>
    public const string PseudonymElementPrefix = Pseudonyms.PseudonymDomain.ElementPrefix;

    /// <summary>docType and namespace of the withholding slip.</summary>
    public const string WithholdingSlipDocType = "jp.honnin.withholding_slip.1";

    /// <summary>docType and namespace of the enrollment certificate.</summary>
    public const string EnrollmentCertificateDocType = "jp.honnin.enrollment_certificate.1";

    /// <summary>給与所得の源泉徴収票 (employee's copy): no 個人番号 anywhere.</summary>
    public static DocumentType WithholdingSlip { get; } = CreateWithholdingSlip();

    /// <summary>在学証明書.</summary>
    public static DocumentType EnrollmentCertificate { get; } = CreateEnrollmentCertificate();

    /// <summary>All built-in types.</summary>
    public static IReadOnlyList<DocumentType> All { get; } = [WithholdingSlip, EnrollmentCertificate];

    [GeneratedRegex("^[0-9]{13}$")]
    private static partial Regex ThirteenDigits();

    [GeneratedRegex("^[A-H][0-9]{12}$")]
    private static partial Regex SchoolCode();

    private static ElementDefinition Mandatory(ElementDefinition element) => element with { Presence = ElementPresence.Mandatory };

    private static DocumentType CreateWithholdingSlip()
    {
        const string Ns = WithholdingSlipDocType;
        const string Iso = Iso23220NameSpace;
        return new DocumentType(
            WithholdingSlipDocType,
            "urn:honnin:jp:withholding-slip:1",
            "給与所得の源泉徴収票",
            "Withholding slip for salary income",
            [
                Mandatory(new(Iso, "family_name", ElementType.Text, "氏", "Family name")),
                Mandatory(new(Iso, "given_name", ElementType.Text, "名", "Given name")),
                new(Iso, "birth_date", ElementType.FullDate, "生年月日", "Date of birth"),
                Mandatory(new(Ns, "tax_year", ElementType.UnsignedInteger, "年分", "Tax year")),
                Mandatory(new(Ns, "full_name", ElementType.Text, "氏名", "Full name")),
                new(Ns, "full_name_kana", ElementType.Text, "フリガナ", "Full name (kana)"),
                new(Ns, "payee_address", ElementType.Text, "住所又は居所", "Payee address"),
                Mandatory(new(Ns, "payment_category", ElementType.Text, "種別", "Payment category")),
                Mandatory(new(Ns, "payment_amount", ElementType.UnsignedInteger, "支払金額", "Payment amount (yen)")),
                new(Ns, "employment_income_after_deduction", ElementType.UnsignedInteger, "給与所得控除後の金額", "Employment income after deduction (yen)"),
                new(Ns, "total_income_deductions", ElementType.UnsignedInteger, "所得控除の額の合計額", "Total income deductions (yen)"),
                Mandatory(new(Ns, "withholding_tax_amount", ElementType.UnsignedInteger, "源泉徴収税額", "Withholding tax amount (yen)")),
                new(Ns, "spouse_deduction_status", ElementType.Text, "控除対象配偶者の有無等", "Spouse deduction status")
                {
                    AllowedValues = ["none", "yes", "yes_dependent_of_other"],
                },
                new(Ns, "spouse_deduction_amount", ElementType.UnsignedInteger, "配偶者(特別)控除の額", "Spouse (special) deduction (yen)"),
                new(Ns, "dependents", ElementType.Map, "控除対象扶養親族の数", "Number of dependents"),
                new(Ns, "dependents_under16", ElementType.UnsignedInteger, "16歳未満扶養親族の数", "Dependents under 16"),
                new(Ns, "social_insurance_amount", ElementType.UnsignedInteger, "社会保険料等の金額", "Social insurance premiums (yen)"),
                new(Ns, "life_insurance_deduction", ElementType.UnsignedInteger, "生命保険料の控除額", "Life insurance deduction (yen)"),
                new(Ns, "earthquake_insurance_deduction", ElementType.UnsignedInteger, "地震保険料の控除額", "Earthquake insurance deduction (yen)"),
                new(Ns, "housing_loan_deduction", ElementType.UnsignedInteger, "住宅借入金等特別控除の額", "Housing loan deduction (yen)"),
                new(Ns, "dependents_list", ElementType.Array, "控除対象扶養親族", "Dependents") { ArrayElementsDisclosable = true },
                new(Ns, "hire_date", ElementType.FullDate, "中途就職年月日", "Hire date"),
                new(Ns, "retirement_date", ElementType.FullDate, "退職年月日", "Retirement date"),
                new(Ns, "remarks", ElementType.Text, "摘要", "Remarks") { Disclosure = DisclosurePolicy.OnExplicitRequest },
                Mandatory(new(Ns, "payer_name", ElementType.Text, "支払者の氏名又は名称", "Payer name")),
                new(Ns, "payer_address", ElementType.Text, "支払者の住所", "Payer address"),
                new(Ns, "payer_corporate_number", ElementType.Text, "法人番号", "Payer corporate number")
                {
                    Pattern = ThirteenDigits(),
                    FormatDescription = "13 digits (法人番号)",
                },
                Mandatory(new(Ns, "issue_date", ElementType.FullDate, "発行日", "Issue date")),
            ],
            ["withholding-slip"]);
    }

    private static DocumentType CreateEnrollmentCertificate()
    {
        const string Ns = EnrollmentCertificateDocType;
        const string Iso = Iso23220NameSpace;
        return new DocumentType(
            EnrollmentCertificateDocType,
            "urn:honnin:jp:enrollment-certificate:1",
            "在学証明書",
            "Certificate of enrollment",
            [
                Mandatory(new(Iso, "family_name", ElementType.Text, "氏", "Family name")),
                Mandatory(new(Iso, "given_name", ElementType.Text, "名", "Given name")),
                new(Iso, "birth_date", ElementType.FullDate, "生年月日", "Date of birth"),
                new(Iso, "age_over_18", ElementType.Boolean, "18歳以上", "Age over 18"),
                new(Iso, "age_over_20", ElementType.Boolean, "20歳以上", "Age over 20"),
                Mandatory(new(Ns, "full_name", ElementType.Text, "氏名", "Full name")),
                new(Ns, "full_name_kana", ElementType.Text, "フリガナ", "Full name (kana)"),
                Mandatory(new(Ns, "school_code", ElementType.Text, "学校コード", "School code")
                {
                    Pattern = SchoolCode(),
                    FormatDescription = "13 characters: a letter A-H and 12 digits (学校コード)",
                }),
                Mandatory(new(Ns, "school_name", ElementType.Text, "学校名", "School name")),
                new(Ns, "faculty", ElementType.Text, "学部", "Faculty"),
                new(Ns, "department", ElementType.Text, "学科", "Department"),
                new(Ns, "program_level", ElementType.Text, "課程", "Program level")
                {
                    AllowedValues = ["undergraduate", "master", "doctoral", "professional", "junior_college", "college_of_technology", "high_school"],
                },
                new(Ns, "grade", ElementType.UnsignedInteger, "学年", "Grade"),
                Mandatory(new(Ns, "enrollment_status", ElementType.Text, "在籍状況", "Enrollment status")
                {
                    AllowedValues = ["enrolled", "leave_of_absence"],
                }),
                new(Ns, "enrollment_date", ElementType.FullDate, "入学年月日", "Enrollment date"),
                new(Ns, "expected_graduation_date", ElementType.FullDate, "卒業見込年月日", "Expected graduation date"),
                new(Ns, "student_number", ElementType.Text, "学籍番号", "Student number"),
                new(Ns, "certificate_number", ElementType.Text, "文書発行番号", "Certificate number"),
                Mandatory(new(Ns, "issuing_authority", ElementType.Text, "発行者", "Issuing authority")),
                Mandatory(new(Ns, "issue_date", ElementType.FullDate, "発行日", "Issue date")),
                Mandatory(new(Ns, "expiry_date", ElementType.FullDate, "有効期限", "Expiry date")),
            ],
            ["enrollment-certificate"]);
    }
}
