using System.Security.Cryptography;
using Honnin.Pseudonyms;

namespace Honnin.Core.Tests.Pseudonyms;

/// <summary>The example of docs/pseudonyms.md compiles and gives the values Python computes for it.</summary>
public sealed class PseudonymDocumentationTests
{
    [Fact]
    public void The_documented_example_derives_the_tax_and_employment_values()
    {
        var secret = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

        // Begin docs/pseudonyms.md "The API".
        using var key = PseudonymKey.Import("2026", secret);
        CryptographicOperations.ZeroMemory(secret);

        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));
        var values = authority.DeriveMany("person-000042", [PseudonymDomain.Tax, PseudonymDomain.Employment]);
        var tax = values[PseudonymDomain.Tax];      // tax.Value is "v1.2026.…": element dp_tax, claim pseudonyms.tax
        // End.

        // Source: Python hmac/hashlib (the script in docs/pseudonyms.md).
        Assert.Equal("v1.2026.LtCmTfnxQE4BLCZjFvGleS6PsXOZ4ZErQeUjJJLFJtE", tax.Value);
        Assert.Equal("v1.2026.v9N4yVZtPa_e3qVIT9Wn-BbCSgxLBTJYQAaJeISep6A", values[PseudonymDomain.Employment].Value);
        Assert.Equal("dp_tax", tax.Domain!.ElementIdentifier);
        Assert.Equal("pseudonyms.tax", tax.Domain.ClaimPath);
        Assert.All(secret, b => Assert.Equal(0, b));
    }
}
