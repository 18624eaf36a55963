using Honnin.DocumentTypes;
using Honnin.OpenId4Vc;

namespace Honnin.Issuer.Offers;

/// <summary>
/// The Credential Issuer metadata for a set of document types: for each, an SD-JWT VC (<c>dc+sd-jwt</c>, its
/// <c>vct</c>) and an mdoc (<c>mso_mdoc</c>, its <c>doctype</c>) configuration, named in Japanese and English as the
/// document type names itself, bound to ES256 device keys.
/// </summary>
public static class IssuerMetadataBuilder
{
    /// <summary>The configuration id of a document type in a format: its alias (or docType) with <c>_dc_sd_jwt</c> or <c>_mso_mdoc</c>.</summary>
    /// <param name="type">The document type.</param>
    /// <param name="format">The format.</param>
    /// <returns>The id, e.g. <c>withholding_slip_dc_sd_jwt</c>.</returns>
    public static string ConfigurationId(DocumentType type, CredentialFormat format)
    {
        ArgumentNullException.ThrowIfNull(type);
        var name = (type.Aliases.Count > 0 ? type.Aliases[0] : type.DocType).Replace('-', '_').Replace('.', '_');
        return name + (format == CredentialFormat.Mdoc ? "_mso_mdoc" : "_dc_sd_jwt");
    }

    /// <summary>Builds the metadata.</summary>
    /// <param name="credentialIssuer">The Credential Issuer Identifier; the endpoints are under it.</param>
    /// <param name="types">The document types offered.</param>
    /// <param name="issuerNameJa">The issuer's name in Japanese.</param>
    /// <param name="issuerNameEn">The issuer's name in English.</param>
    /// <param name="batchSize">The largest batch of one request (at least 2), or null.</param>
    /// <returns>The metadata.</returns>
    public static CredentialIssuerMetadata Build(string credentialIssuer, IEnumerable<DocumentType> types, string issuerNameJa, string issuerNameEn, int? batchSize = null)
    {
        ArgumentNullException.ThrowIfNull(types);
        var baseUri = credentialIssuer.TrimEnd('/');
        var configurations = new Dictionary<string, CredentialConfiguration>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            LocalizedName[] display = [new(type.DisplayNameJa, "ja"), new(type.DisplayNameEn, "en")];
            configurations[ConfigurationId(type, CredentialFormat.SdJwtVc)] = new CredentialConfiguration(CredentialConfiguration.SdJwtFormat, type.Vct, display, ["ES256"]);
            configurations[ConfigurationId(type, CredentialFormat.Mdoc)] = new CredentialConfiguration(CredentialConfiguration.MdocFormat, type.DocType, display, ["ES256"]);
        }

        return new CredentialIssuerMetadata
        {
            CredentialIssuer = credentialIssuer,
            CredentialEndpoint = baseUri + "/credential",
            NonceEndpoint = baseUri + "/nonce",
            DeferredCredentialEndpoint = baseUri + "/deferred_credential",
            NotificationEndpoint = baseUri + "/notification",
            BatchSize = batchSize,
            Display = [new(issuerNameJa, "ja"), new(issuerNameEn, "en")],
            Configurations = configurations,
        };
    }
}
