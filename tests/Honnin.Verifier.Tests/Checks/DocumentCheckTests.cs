using Honnin.Cbor;
using Honnin.Verifier.Checks;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Honnin.Verifier.Tests.Mdoc;
using Microsoft.Extensions.Time.Testing;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.Checks;

/// <summary>A host's own document checks run after every built-in check, in both formats, and can only make a result fail.</summary>
public sealed class DocumentCheckTests
{
    private static readonly DateTimeOffset SdJwtNow = At(1748537243);

    private static string Presentation => Json("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json")["sd_jwt_presentation"]!.GetValue<string>();

    private sealed class Check(string name, Func<DocumentCheckContext, CheckStatus> run) : IDocumentCheck
    {
        public List<VerifiedDocument> Seen { get; } = [];

        public string Name => name;

        public CheckStatus Run(DocumentCheckContext context)
        {
            Seen.Add(context.Document);
            return run(context);
        }
    }

    [Fact]
    public void An_sd_jwt_check_sees_the_verified_claims_and_a_failure_removes_the_document()
    {
        var allow = new Check("host_allow_list", c => c.Document.Claims!["given_name"]!.GetValue<string>() == "John" ? CheckStatus.Passed : c.Fail("host_not_allowed", "The person is not on the list."));
        var deny = new Check("host_deny_all", c => c.Fail("host_denied", "Denied by the host."));

        var allowed = CreateVerifier(SdJwtNow, configure: o => o with { DocumentChecks = [allow] }).Verify(Presentation);
        var denied = CreateVerifier(SdJwtNow, configure: o => o with { DocumentChecks = [allow, deny] }).Verify(Presentation);

        AssertValid(allowed);
        Assert.Contains(allowed.Checks, c => c.Name == "host_allow_list" && c.Status == CheckStatus.Passed);
        Assert.Equal(CredentialFormat.SdJwtVc, allow.Seen[0].Format);
        AssertFails(denied, "host_denied");
        Assert.Contains(denied.Checks, c => c.Name == "host_deny_all" && c.Status == CheckStatus.Failed);
    }

    [Fact]
    public void A_check_does_not_run_on_a_document_the_core_refused()
    {
        var check = new Check("host_check", _ => CheckStatus.Passed);

        var result = CreateVerifier(SdJwtNow.AddDays(1), configure: o => o with { DocumentChecks = [check] }).Verify(Presentation);

        Assert.False(result.IsValid);
        Assert.Empty(check.Seen);
        Assert.Contains(result.Checks, c => c.Name == "host_check" && c.Status == CheckStatus.NotRun);
    }

    [Fact]
    public void A_check_that_throws_or_returns_a_bare_failure_fails_the_document_without_its_message()
    {
        var throws = new Check("host_throws", _ => throw new InvalidOperationException("value 5000000 leaked"));
        var silent = new Check("host_silent", _ => CheckStatus.Failed);

        var thrown = CreateVerifier(SdJwtNow, configure: o => o with { DocumentChecks = [throws] }).Verify(Presentation);
        var bare = CreateVerifier(SdJwtNow, configure: o => o with { DocumentChecks = [silent] }).Verify(Presentation);

        AssertFails(thrown, VerificationFailureCodes.DocumentCheckError);
        Assert.DoesNotContain(thrown.Failures, f => f.Message.Contains("5000000", StringComparison.Ordinal));
        Assert.Contains(thrown.Failures, f => f.Message.Contains("InvalidOperationException", StringComparison.Ordinal));
        AssertFails(bare, VerificationFailureCodes.DocumentCheckError);
    }

    [Fact]
    public void A_check_can_warn_and_the_result_stays_valid()
    {
        var warn = new Check("host_warns", c =>
        {
            c.Warn("host_old_credential", "Issued more than a year ago.");
            return CheckStatus.Passed;
        });

        var result = CreateVerifier(SdJwtNow, configure: o => o with { DocumentChecks = [warn] }).Verify(Presentation);

        Assert.True(result.IsValid);
        Assert.True(result.HasWarning("host_old_credential"));
    }

    [Theory]
    [InlineData("key_binding")]
    [InlineData("decode")]
    [InlineData("required_claims")]
    public void A_check_may_not_take_a_built_in_name_or_one_used_twice(string name)
    {
        var options = new SdJwtVcVerifierOptions { IssuerKeys = [IssuerKey], KeyBinding = KeyBindingPolicy.Forbidden };

        Assert.Throws<ArgumentException>(() => new SdJwtVcVerifier(options with { DocumentChecks = [new Check(name, _ => CheckStatus.Passed)] }));
        Assert.Throws<ArgumentException>(() => new SdJwtVcVerifier(options with { DocumentChecks = [new Check("a", _ => CheckStatus.Passed), new Check("a", _ => CheckStatus.Passed)] }));
        Assert.Throws<ArgumentException>(() => new SdJwtVcVerifier(options with { DocumentChecks = [null!] }));
    }

    [Fact]
    public void An_mdoc_check_sees_each_verified_document_with_its_elements()
    {
        using var readerKey = AnnexDFixture.ReaderKey();
        var check = new Check("host_mdl_rule", c => c.Document.Elements.Values.Any(e => e.ContainsKey("family_name")) ? CheckStatus.Passed : c.Fail("host_no_name", "No family name."));
        var deny = new Check("host_deny", c => c.Fail("host_denied", "Denied."));
        MdocVerifier Verifier(params IDocumentCheck[] checks) =>
            new(new MdocVerifierOptions { TrustAnchors = AnnexDFixture.Iaca, DocumentChecks = checks }, new FakeTimeProvider(AnnexDFixture.InsideWindow));

        var passed = Verifier(check).Verify(AnnexDFixture.Response, new MdocSession(AnnexDFixture.Transcript, readerKey));
        var failed = Verifier(check, deny).Verify(AnnexDFixture.Response, new MdocSession(AnnexDFixture.Transcript, readerKey));

        Assert.True(passed.IsValid, string.Join("; ", passed.Failures.Select(f => f.Code)));
        Assert.Equal(CredentialFormat.Mdoc, check.Seen[0].Format);
        Assert.IsType<CborTextString>(check.Seen[0].Elements.Values.First(e => e.ContainsKey("family_name"))["family_name"]);
        Assert.False(failed.IsValid);
        Assert.Contains(failed.Failures, f => f.Code == "host_denied" && f.DocumentIndex == 0);
        Assert.Empty(failed.Documents);
    }
}
