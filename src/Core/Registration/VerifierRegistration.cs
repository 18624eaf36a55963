using System.Collections.ObjectModel;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.DocumentTypes;
using Honnin.Pseudonyms;

namespace Honnin.Registration;

/// <summary>
/// What a registrar has registered a verifier for: the pseudonym domains it belongs to, its purpose, and the elements
/// it may ask for. A wallet trusts it only because a registrar trust anchor signed it: it travels as a non-critical
/// X.509 extension (<see cref="ExtensionOid"/>) in the verifier's reader / relying-party certificate, which the
/// registrar issues. The verifier's own request can therefore never widen it.
/// </summary>
/// <remarks>
/// Extension value (DER):
/// <code>
/// HonninVerifierRegistration ::= SEQUENCE {
///   version   INTEGER (1),
///   domains   SEQUENCE OF UTF8String,   -- pseudonym domains, e.g. "employment", "tax"
///   purpose   UTF8String,               -- shown to the person
///   elements  SEQUENCE OF UTF8String    -- "namespace/identifier" the verifier may request
/// }
/// </code>
/// The OID is minted in the 2.25 (UUID) arc from UUID 45fe8ff9-28c5-4989-a785-be869ab1e7fc.
/// </remarks>
public sealed class VerifierRegistration
{
    /// <summary>The extension OID.</summary>
    public const string ExtensionOid = "2.25.93038495236230735740046454616627472380";

    private const int MaxEntries = 512;
    private const int MaxTextLength = 1024;

    private readonly HashSet<ElementId> _allowed;

    /// <summary>Creates a registration.</summary>
    /// <param name="domains">Pseudonym domains (lowercase ids such as <c>employment</c>); may be empty.</param>
    /// <param name="purpose">The purpose, in words the person can read.</param>
    /// <param name="elements">Elements the verifier may ask for, as "namespace/identifier".</param>
    /// <exception cref="ArgumentException">A value is empty, too long, or there are too many.</exception>
    public VerifierRegistration(IEnumerable<string> domains, string purpose, IEnumerable<string> elements)
    {
        ArgumentNullException.ThrowIfNull(domains);
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        Domains = Check(domains, nameof(domains));
        Purpose = purpose.Length <= MaxTextLength ? purpose : throw new ArgumentException("The purpose is too long.", nameof(purpose));
        Elements = Check(elements, nameof(elements));
        // Entries that are no domain id, or not namespace/identifier, stay in the text lists and match nothing.
        PseudonymDomains = [.. Domains.Select(d => PseudonymDomain.TryCreate(d, out var domain) ? domain : null).OfType<PseudonymDomain>()];
        ElementIds = [.. Elements.Select(e => ElementId.TryParse(e, out var element) ? element : (ElementId?)null).OfType<ElementId>()];
        _allowed = [.. ElementIds];
    }

    /// <summary>The pseudonym domains the verifier belongs to.</summary>
    public IReadOnlyList<string> Domains { get; }

    /// <summary>The registered purpose.</summary>
    public string Purpose { get; }

    /// <summary>The elements the verifier may ask for, as "namespace/identifier".</summary>
    public IReadOnlyList<string> Elements { get; }

    /// <summary>The registered domains that are valid domain ids, typed; any other entry of <see cref="Domains"/> registers nothing.</summary>
    public IReadOnlyList<PseudonymDomain> PseudonymDomains { get; }

    /// <summary>The registered elements written <c>namespace/identifier</c>, typed; any other entry of <see cref="Elements"/> allows nothing.</summary>
    public IReadOnlyList<ElementId> ElementIds { get; }

    /// <summary>Whether the verifier is registered for an element.</summary>
    /// <param name="nameSpace">The namespace.</param>
    /// <param name="identifier">The identifier.</param>
    /// <returns>True when registered.</returns>
    public bool Allows(string nameSpace, string identifier) => Allows(new ElementId(nameSpace, identifier));

    /// <summary>Whether the registration lists the element.</summary>
    /// <param name="element">The element.</param>
    /// <returns>True when it is registered.</returns>
    public bool Allows(ElementId element) => _allowed.Contains(element);

    /// <summary>Whether the verifier belongs to a pseudonym domain.</summary>
    /// <param name="domain">The domain id.</param>
    /// <returns>True when registered for the domain.</returns>
    public bool BelongsTo(string domain) => Domains.Contains(domain, StringComparer.Ordinal);

    /// <summary>Whether the verifier is registered for the domain.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>True when it is registered for it.</returns>
    public bool BelongsTo(PseudonymDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return PseudonymDomains.Contains(domain);
    }

    /// <summary>The certificate extension (non-critical) carrying this registration.</summary>
    /// <returns>The extension.</returns>
    public X509Extension ToExtension()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            WriteStrings(writer, Domains);
            writer.WriteCharacterString(UniversalTagNumber.UTF8String, Purpose);
            WriteStrings(writer, Elements);
        }

        return new X509Extension(new Oid(ExtensionOid), writer.Encode(), critical: false);
    }

    /// <summary>Reads the registration from a certificate, if it carries one. The caller must have validated the certificate's chain to a registrar.</summary>
    /// <param name="certificate">The verifier's certificate.</param>
    /// <param name="registration">The registration, when present and well formed.</param>
    /// <returns>Whether a well-formed registration was found.</returns>
    public static bool TryRead(X509Certificate2 certificate, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VerifierRegistration? registration)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        registration = null;
        var extension = certificate.Extensions[ExtensionOid];
        if (extension is null)
        {
            return false;
        }

        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            if (!sequence.TryReadInt32(out var version) || version != 1)
            {
                return false;
            }

            var domains = ReadStrings(sequence);
            var purpose = sequence.ReadCharacterString(UniversalTagNumber.UTF8String);
            var elements = ReadStrings(sequence);
            sequence.ThrowIfNotEmpty();
            registration = new VerifierRegistration(domains, purpose, elements);
            return true;
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>A short description: domains and purpose.</summary>
    public override string ToString() => $"VerifierRegistration([{string.Join(", ", Domains)}], {Purpose})";

    private static ReadOnlyCollection<string> Check(IEnumerable<string> values, string name)
    {
        var list = values.ToList();
        if (list.Count > MaxEntries || list.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > MaxTextLength))
        {
            throw new ArgumentException("Entries must be non-empty, at most 1024 characters, and at most 512 of them.", name);
        }

        return list.Distinct(StringComparer.Ordinal).ToList().AsReadOnly();
    }

    private static void WriteStrings(AsnWriter writer, IEnumerable<string> values)
    {
        using (writer.PushSequence())
        {
            foreach (var value in values)
            {
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
            }
        }
    }

    private static List<string> ReadStrings(AsnReader reader)
    {
        var sequence = reader.ReadSequence();
        var values = new List<string>();
        while (sequence.HasData)
        {
            if (values.Count >= MaxEntries)
            {
                throw new AsnContentException("Too many entries.");
            }

            values.Add(sequence.ReadCharacterString(UniversalTagNumber.UTF8String));
        }

        return values;
    }
}
