using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace Honnin.Pseudonyms;

/// <summary>
/// A domain (sector) inside which a person's records may be joined through a <see cref="DomainPseudonym"/>,
/// while two domains cannot join theirs. Six domains are built in; a deployment adds its own with
/// <see cref="Create"/>. An identifier is 1–32 characters: a lowercase ASCII letter, then lowercase letters,
/// digits or <c>_</c>, so it is usable unchanged as part of an mdoc element identifier and a JSON member name.
/// </summary>
/// <remarks>
/// In an mdoc the domain's pseudonym is the element <see cref="ElementIdentifier"/> (<c>dp_&lt;id&gt;</c>) in the
/// namespace <see cref="MdocNamespace"/>; in an SD-JWT VC it is the claim <see cref="ClaimPath"/>
/// (<c>pseudonyms.&lt;id&gt;</c>), one disclosure per domain. Two domains are equal when their identifiers are.
/// </remarks>
public sealed class PseudonymDomain : IEquatable<PseudonymDomain>
{
    /// <summary>The mdoc namespace that holds the <c>dp_&lt;domain&gt;</c> elements.</summary>
    public const string MdocNamespace = "jp.honnin.pseudonym.1";

    /// <summary>The prefix of a domain's mdoc element identifier.</summary>
    public const string ElementPrefix = "dp_";

    /// <summary>The SD-JWT VC claim (a JSON object) whose members are the domains' pseudonyms.</summary>
    public const string ClaimName = "pseudonyms";

    /// <summary>The longest domain identifier, in characters.</summary>
    public const int MaxIdLength = 32;

    private PseudonymDomain(string id) => Id = id;

    /// <summary>Tax (<c>tax</c>): tax offices and the tax side of payroll.</summary>
    public static PseudonymDomain Tax { get; } = new("tax");

    /// <summary>Employment (<c>employment</c>): employers and employment services.</summary>
    public static PseudonymDomain Employment { get; } = new("employment");

    /// <summary>Education (<c>education</c>): schools and universities.</summary>
    public static PseudonymDomain Education { get; } = new("education");

    /// <summary>Welfare (<c>welfare</c>): benefits and social services.</summary>
    public static PseudonymDomain Welfare { get; } = new("welfare");

    /// <summary>Health (<c>health</c>): medical institutions and health insurance.</summary>
    public static PseudonymDomain Health { get; } = new("health");

    /// <summary>Civil registration (<c>civil_registration</c>): family register and residence records.</summary>
    public static PseudonymDomain CivilRegistration { get; } = new("civil_registration");

    /// <summary>The six built-in domains, in the order above.</summary>
    public static ReadOnlyCollection<PseudonymDomain> BuiltIn { get; } =
        Array.AsReadOnly([Tax, Employment, Education, Welfare, Health, CivilRegistration]);

    /// <summary>The domain identifier, e.g. <c>tax</c>. Its UTF-8 bytes are the <c>domainId</c> of the derivation.</summary>
    public string Id { get; }

    /// <summary>Whether this is one of the six built-in domains.</summary>
    public bool IsBuiltIn => FindBuiltIn(Id) is not null;

    /// <summary>The mdoc element identifier in <see cref="MdocNamespace"/>: <c>dp_&lt;id&gt;</c>.</summary>
    public string ElementIdentifier => ElementPrefix + Id;

    /// <summary>The SD-JWT VC claim path: <c>pseudonyms.&lt;id&gt;</c>.</summary>
    public string ClaimPath => ClaimName + "." + Id;

    /// <summary>
    /// A domain by identifier: the built-in one when the identifier names one, otherwise a deployment's own domain.
    /// </summary>
    /// <param name="id">The identifier: <c>[a-z][a-z0-9_]{0,31}</c>.</param>
    /// <returns>The domain.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> does not have the domain identifier syntax.</exception>
    public static PseudonymDomain Create(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return TryCreate(id, out var domain)
            ? domain
            : throw new ArgumentException("A domain identifier is 1–32 characters: a lowercase ASCII letter, then lowercase letters, digits or '_'.", nameof(id));
    }

    /// <summary>A domain by identifier, without throwing.</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="domain">The domain, when the identifier is valid.</param>
    /// <returns>Whether the identifier has the domain identifier syntax.</returns>
    public static bool TryCreate([NotNullWhen(true)] string? id, [NotNullWhen(true)] out PseudonymDomain? domain)
    {
        domain = null;
        if (id is null || !IsValidId(id))
        {
            return false;
        }

        domain = FindBuiltIn(id) ?? new PseudonymDomain(id);
        return true;
    }

    /// <summary>The domain of an mdoc element identifier <c>dp_&lt;id&gt;</c>.</summary>
    /// <param name="elementIdentifier">The element identifier.</param>
    /// <param name="domain">The domain, when the identifier is a pseudonym element.</param>
    /// <returns>Whether the identifier is <c>dp_</c> followed by a valid domain identifier.</returns>
    public static bool TryFromElementIdentifier([NotNullWhen(true)] string? elementIdentifier, [NotNullWhen(true)] out PseudonymDomain? domain)
    {
        domain = null;
        return elementIdentifier is not null
            && elementIdentifier.StartsWith(ElementPrefix, StringComparison.Ordinal)
            && TryCreate(elementIdentifier[ElementPrefix.Length..], out domain);
    }

    /// <summary>The domain of an SD-JWT VC claim path <c>pseudonyms.&lt;id&gt;</c>.</summary>
    /// <param name="claimPath">The claim path.</param>
    /// <param name="domain">The domain, when the path is a pseudonym claim.</param>
    /// <returns>Whether the path is <c>pseudonyms.</c> followed by a valid domain identifier.</returns>
    public static bool TryFromClaimPath([NotNullWhen(true)] string? claimPath, [NotNullWhen(true)] out PseudonymDomain? domain)
    {
        domain = null;
        return claimPath is not null
            && claimPath.Length > ClaimName.Length
            && claimPath.StartsWith(ClaimName, StringComparison.Ordinal)
            && claimPath[ClaimName.Length] == '.'
            && TryCreate(claimPath[(ClaimName.Length + 1)..], out domain);
    }

    /// <summary>Whether a text has the domain identifier syntax <c>[a-z][a-z0-9_]{0,31}</c>.</summary>
    /// <param name="id">The text.</param>
    /// <returns>True for a valid identifier.</returns>
    public static bool IsValidId(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || id.Length > MaxIdLength || !char.IsAsciiLetterLower(id[0]))
        {
            return false;
        }

        foreach (var c in id[1..])
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public bool Equals(PseudonymDomain? other) => other is not null && string.Equals(Id, other.Id, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PseudonymDomain);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    /// <summary>The identifier.</summary>
    /// <returns><see cref="Id"/>.</returns>
    public override string ToString() => Id;

    /// <summary>Whether two domains have the same identifier.</summary>
    /// <param name="left">A domain.</param>
    /// <param name="right">Another domain.</param>
    /// <returns>True when both are null or their identifiers are equal.</returns>
    public static bool operator ==(PseudonymDomain? left, PseudonymDomain? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two domains differ.</summary>
    /// <param name="left">A domain.</param>
    /// <param name="right">Another domain.</param>
    /// <returns>The negation of <c>==</c>.</returns>
    public static bool operator !=(PseudonymDomain? left, PseudonymDomain? right) => !(left == right);

    private static PseudonymDomain? FindBuiltIn(string id)
    {
        foreach (var domain in BuiltIn)
        {
            if (string.Equals(domain.Id, id, StringComparison.Ordinal))
            {
                return domain;
            }
        }

        return null;
    }
}
