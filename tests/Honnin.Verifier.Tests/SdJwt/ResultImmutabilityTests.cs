using Honnin.Verifier.SdJwt;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>A verification result cannot be changed by one of the callers it is handed to.</summary>
public sealed class ResultImmutabilityTests
{
    private static readonly DateTimeOffset Now = At(1748537243);

    [Fact]
    public void Changing_the_claims_read_from_a_result_changes_nothing_in_the_result()
    {
        var presentation = Json("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json")["sd_jwt_presentation"]!.GetValue<string>();
        var result = CreateVerifier(Now).Verify(presentation);
        AssertValid(result);
        var document = result.Documents[0];
        var original = document.Claims!.ToJsonString();

        var claims = document.Claims!;
        claims["given_name"] = "Mallory";
        claims.Remove("family_name");

        Assert.Equal(original, document.Claims!.ToJsonString());
        Assert.NotSame(document.Claims, document.Claims);
        Assert.Equal(original, (document with { Issuer = "x" }).Claims!.ToJsonString());
    }
}
