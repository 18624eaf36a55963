using Honnin.DocumentTypes;
using Honnin.Issuer.Offers;
using Honnin.OpenId4Vc;

namespace Honnin.Issuer.Protocol;

/// <summary>What the service offers: each configuration id with its document type and format, for the formats it has an issuer for.</summary>
internal sealed class OfferCatalog
{
    private readonly Dictionary<string, (DocumentType Type, CredentialFormat Format)> _byId = new(StringComparer.Ordinal);

    public OfferCatalog(IEnumerable<DocumentType> types, bool mdoc, bool sdJwt)
    {
        Registry = DocumentTypeRegistry.Create(types);
        foreach (var type in Registry.Types)
        {
            if (mdoc)
            {
                _byId[IssuerMetadataBuilder.ConfigurationId(type, CredentialFormat.Mdoc)] = (type, CredentialFormat.Mdoc);
            }

            if (sdJwt)
            {
                _byId[IssuerMetadataBuilder.ConfigurationId(type, CredentialFormat.SdJwtVc)] = (type, CredentialFormat.SdJwtVc);
            }
        }
    }

    public DocumentTypeRegistry Registry { get; }

    public bool TryGet(string configurationId, out DocumentType type, out CredentialFormat format)
    {
        if (_byId.TryGetValue(configurationId, out var entry))
        {
            (type, format) = entry;
            return true;
        }

        (type, format) = (null!, default);
        return false;
    }

    public Dictionary<string, CredentialConfiguration> Offered(IReadOnlyDictionary<string, CredentialConfiguration> all) =>
        all.Where(c => _byId.ContainsKey(c.Key)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
}
