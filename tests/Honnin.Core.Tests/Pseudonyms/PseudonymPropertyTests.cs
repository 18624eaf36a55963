using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Honnin.Pseudonyms;

namespace Honnin.Core.Tests.Pseudonyms;

/// <summary>
/// Properties of the derivation over random keys, subjects and domains: no collisions, determinism, key separation,
/// and that a value is keyed rather than a hash anyone could compute. Fixed seeds (FsCheck needs an odd gamma).
/// </summary>
public sealed class PseudonymPropertyTests
{
    [Property(Arbitrary = [typeof(PseudonymGenerators)], MaxTest = 100, Replay = "(8675309,1013)")]
    public bool Distinct_subject_and_domain_pairs_never_share_a_value(SubjectsAndDomains input)
    {
        using var key = PseudonymKey.Import("k", input.Secret);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));
        var pairs = (from subject in input.Subjects.Distinct(StringComparer.Ordinal)
                     from domain in input.Domains.Distinct()
                     select (subject, domain)).ToList();

        var values = pairs.Select(pair => authority.Derive(pair.subject, pair.domain)).ToList();

        return values.Distinct().Count() == pairs.Count
            && values.Select(value => value.Value).Distinct(StringComparer.Ordinal).Count() == pairs.Count;
    }

    [Property(Arbitrary = [typeof(PseudonymGenerators)], MaxTest = 200, Replay = "(2718281,3141)")]
    public bool Every_split_of_one_string_into_subject_and_domain_gives_its_own_value(SplitWord input)
    {
        // ("ab", "c") vs ("a", "bc") generalised: the concatenation is the same, the values must not be.
        using var key = PseudonymKey.Import("k", input.Secret);
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(key));
        var word = input.Word;

        var values = Enumerable.Range(1, word.Length - 1)
            .Where(split => word.Length - split <= PseudonymDomain.MaxIdLength)
            .Select(split => authority.Derive(word[..split], PseudonymDomain.Create(word[split..])))
            .ToList();

        return values.Count > 0 && values.Distinct().Count() == values.Count;
    }

    [Property(Arbitrary = [typeof(PseudonymGenerators)], MaxTest = 200, Replay = "(1618033,9887)")]
    public bool The_same_inputs_give_the_same_value_whoever_derives_it(OneSubject input)
    {
        using var first = PseudonymKey.Import("k", input.Secret);
        using var second = PseudonymKey.Import("k", (byte[])input.Secret.Clone());

        var fromAuthority = new PseudonymAuthority(PseudonymKeyRing.Create(first)).Derive(input.Subject, input.Domain);
        var fromIssuer = new IssuerLocalPseudonyms(PseudonymKeyRing.Create(second)).Derive(input.Subject, input.Domain);
        var parsed = DomainPseudonym.Parse(fromAuthority.Value, input.Domain);

        return fromAuthority.Equals(fromIssuer)
            && string.Equals(fromAuthority.Value, fromIssuer.Value, StringComparison.Ordinal)
            && parsed.Equals(fromAuthority)
            && string.Equals(parsed.Value, fromAuthority.Value, StringComparison.Ordinal)
            && fromAuthority.GetHashCode() == parsed.GetHashCode();
    }

    [Property(Arbitrary = [typeof(PseudonymGenerators)], MaxTest = 100, Replay = "(3141592,6535)")]
    public bool Another_key_and_key_id_give_another_value_in_every_domain(TwoKeys input)
    {
        using var first = PseudonymKey.Import("k1", input.First);
        using var second = PseudonymKey.Import("k2", input.Second);
        var one = new PseudonymAuthority(PseudonymKeyRing.Create(first)).DeriveMany(input.Subject, PseudonymDomain.BuiltIn);
        var other = new PseudonymAuthority(PseudonymKeyRing.Create(second)).DeriveMany(input.Subject, PseudonymDomain.BuiltIn);

        return PseudonymDomain.BuiltIn.All(domain =>
            one[domain] != other[domain] && !one[domain].Tag.SequenceEqual(other[domain].Tag));
    }

    [Property(Arbitrary = [typeof(PseudonymGenerators)], MaxTest = 200, Replay = "(1414213,5623)")]
    public bool Changing_one_bit_of_the_key_changes_the_value_of_every_domain(OneSubject input, byte bit)
    {
        // Without K, the value of one domain is no help in computing another's: both depend on every bit of K, and
        // the two values of one subject are unrelated strings.
        var changed = (byte[])input.Secret.Clone();
        changed[bit % PseudonymKey.SecretLength] ^= (byte)(1 << (bit / PseudonymKey.SecretLength % 8));
        using var key = PseudonymKey.Import("k", input.Secret);
        using var flipped = PseudonymKey.Import("k", changed);
        var before = new PseudonymAuthority(PseudonymKeyRing.Create(key)).DeriveMany(input.Subject, PseudonymDomain.BuiltIn);
        var after = new PseudonymAuthority(PseudonymKeyRing.Create(flipped)).DeriveMany(input.Subject, PseudonymDomain.BuiltIn);

        return PseudonymDomain.BuiltIn.All(domain => !before[domain].Tag.SequenceEqual(after[domain].Tag))
            && before.Values.Distinct().Count() == PseudonymDomain.BuiltIn.Count;
    }

    [Property(Arbitrary = [typeof(PseudonymGenerators)], MaxTest = 200, Replay = "(5772156,6491)")]
    public bool The_tag_is_not_a_plain_hash_of_the_inputs(OneSubject input)
    {
        using var key = PseudonymKey.Import("k", input.Secret);
        var tag = new PseudonymAuthority(PseudonymKeyRing.Create(key)).Derive(input.Subject, input.Domain).Tag.ToArray();
        var message = new byte[PseudonymDerivation.MaxMessageLength];
        var length = PseudonymDerivation.EncodeMessage(input.Subject, input.Domain.Id, message);
        var subject = Encoding.UTF8.GetBytes(input.Subject);
        var domain = Encoding.UTF8.GetBytes(input.Domain.Id);

        byte[][] unkeyed =
        [
            SHA256.HashData(message.AsSpan(0, length)),
            SHA256.HashData([.. subject, .. domain]),
            SHA256.HashData(subject),
            HMACSHA256.HashData(new byte[PseudonymKey.SecretLength], message.AsSpan(0, length)),
            HMACSHA256.HashData(subject, domain),
        ];

        return unkeyed.All(hash => !hash.AsSpan().SequenceEqual(tag))
            && HMACSHA256.HashData(input.Secret, message.AsSpan(0, length)).AsSpan().SequenceEqual(tag);
    }

    [Property(Arbitrary = [typeof(PseudonymGenerators)], MaxTest = 300, Replay = "(4669201,6091)")]
    public bool Changing_any_character_of_a_value_gives_another_value_or_no_value(OneSubject input, PositiveInt position, char replacement)
    {
        using var key = PseudonymKey.Import("k", input.Secret);
        var value = new PseudonymAuthority(PseudonymKeyRing.Create(key)).Derive(input.Subject, input.Domain);
        var chars = value.Value.ToCharArray();
        var index = position.Get % chars.Length;
        if (chars[index] == replacement)
        {
            return true;
        }

        chars[index] = replacement;
        return !DomainPseudonym.TryParse(new string(chars), out var changed) || !changed.Equals(value);
    }
}

/// <summary>A key and some subjects and domains.</summary>
public sealed record SubjectsAndDomains(byte[] Secret, string[] Subjects, PseudonymDomain[] Domains);

/// <summary>A key and a lowercase word to be split into subject and domain.</summary>
public sealed record SplitWord(byte[] Secret, string Word);

/// <summary>A key, a subject and a domain.</summary>
public sealed record OneSubject(byte[] Secret, string Subject, PseudonymDomain Domain);

/// <summary>Two different keys and a subject.</summary>
public sealed record TwoKeys(byte[] First, byte[] Second, string Subject);

public static class PseudonymGenerators
{
    // Pieces of subject references: ASCII, separators, digits, Japanese, a Latin-1 letter and a surrogate pair.
    private static readonly string[] Pieces = ["a", "b", "z", "E", "0", "1", "9", " ", "-", ":", "_", "/", "日", "本", "人", "山", "é", "😀"];
    private static readonly char[] DomainStart = [.. "abcdxyz"];
    private static readonly char[] DomainRest = [.. "abcz09_"];
    private static readonly char[] Letters = [.. "abc"];

    private static Gen<byte[]> Secret => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), PseudonymKey.SecretLength);

    private static Gen<string> Subject =>
        Gen.Choose(1, 24)
            .SelectMany(count => Gen.Elements(Pieces).ListOf(count))
            .Select(pieces => string.Concat(pieces))
            .Where(IsAcceptable);

    private static Gen<PseudonymDomain> Domain =>
        Gen.OneOf(
            Gen.Elements(PseudonymDomain.BuiltIn.ToArray()),
            from first in Gen.Elements(DomainStart)
            from length in Gen.Choose(0, 6)
            from rest in Gen.Elements(DomainRest).ArrayOf(length)
            select PseudonymDomain.Create(first + new string(rest)));

    public static Arbitrary<SubjectsAndDomains> SubjectsAndDomains() =>
        (from secret in Secret
         from subjectCount in Gen.Choose(1, 12)
         from subjects in Subject.ArrayOf(subjectCount)
         from domainCount in Gen.Choose(1, 8)
         from domains in Domain.ArrayOf(domainCount)
         select new SubjectsAndDomains(secret, subjects, domains)).ToArbitrary();

    public static Arbitrary<SplitWord> SplitWords() =>
        (from secret in Secret
         from length in Gen.Choose(2, 12)
         from letters in Gen.Elements(Letters).ArrayOf(length)
         select new SplitWord(secret, new string(letters))).ToArbitrary();

    public static Arbitrary<OneSubject> OneSubjects() =>
        (from secret in Secret
         from subject in Subject
         from domain in Domain
         select new OneSubject(secret, subject, domain)).ToArbitrary();

    public static Arbitrary<TwoKeys> TwoKeys() =>
        (from first in Secret
         from second in Secret.Where(second => !second.AsSpan().SequenceEqual(first))
         from subject in Subject
         select new TwoKeys(first, second, subject)).ToArbitrary();

    private static bool IsAcceptable(string subjectRef)
    {
        try
        {
            PseudonymDerivation.EncodeMessage(subjectRef, "tax", new byte[PseudonymDerivation.MaxMessageLength]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
