using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Dcql;
using Honnin.DocumentTypes;
using Honnin.Pseudonyms;

namespace Honnin.Cli;

/// <summary>
/// A verifier for one procedure, from one JSON file (<c>honnin verifier serve --config FILE</c>): the registered reader
/// certificate, the issuers it trusts, and what the procedure asks for and why. Paths are relative to the file.
/// <code>
/// {
///   "reader": "agency",                       // folder with reader.pem and reader.key.pem ('honnin registrar register')
///   "trust": ["ca/iaca.pem"],                 // issuer trust, as --trust
///   "url": "http://127.0.0.1:5082",           // optional, as --url
///   "procedure": {
///     "purpose": "年末調整",
///     "type": "withholding-slip", "format": "mdoc", "elements": ["payment_amount", "family_name"]
///     // or "dcql_query": { … }
///   }
/// }
/// </code>
/// </summary>
internal sealed record ProcedureConfig(string Reader, string[] Trust, string? Url, string? Store, string? DnsName, DcqlQuery Query, string? Purpose)
{
    private const int MaxLength = 256 * 1024;

    public static ProcedureConfig Read(string path)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(InputFiles.ReadText(path, "--config", MaxLength), documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                ?? throw Malformed(path, "it is not a JSON object");
        }
        catch (JsonException)
        {
            throw Malformed(path, "it is not JSON");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string Resolve(string relative) => Path.GetFullPath(Path.Combine(folder, relative));
        var reader = Text(json, "reader") ?? throw Malformed(path, "it names no \"reader\" folder");
        var trust = json["trust"] is JsonArray list && list.Count > 0 && list.All(t => t is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            ? list.Select(t => Resolve(t!.GetValue<string>())).ToArray()
            : throw Malformed(path, "\"trust\" is not a non-empty array of files");
        if (json["procedure"] is not JsonObject procedure)
        {
            throw Malformed(path, "it has no \"procedure\" object");
        }

        var store = Text(json, "store");
        return new ProcedureConfig(Resolve(reader), trust, Text(json, "url"), store is null ? null : Resolve(store), Text(json, "dns_name"), ReadQuery(procedure, path), Text(procedure, "purpose"));
    }

    // The procedure's DCQL query: written out, or made from a document type, a format and element names.
    private static DcqlQuery ReadQuery(JsonObject procedure, string path)
    {
        if (procedure["dcql_query"] is JsonObject dcql)
        {
            return DcqlQuery.TryFromJson(dcql, out var query, out var error)
                ? query
                : throw Malformed(path, $"its dcql_query does not read ({error.Code}): {error.Message}");
        }

        var typeName = Text(procedure, "type") ?? throw Malformed(path, "the procedure has neither a dcql_query nor a type");
        if (!DocumentTypeRegistry.CreateDefault().TryGet(typeName, out var type))
        {
            throw Malformed(path, $"'{typeName}' is not a known document type");
        }

        var format = Text(procedure, "format") ?? "sd-jwt";
        if (format is not ("mdoc" or "sd-jwt"))
        {
            throw Malformed(path, "the procedure's format is mdoc or sd-jwt");
        }

        var names = procedure["elements"] is JsonArray elements && elements.All(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            ? string.Join(',', elements.Select(e => e!.GetValue<string>()))
            : throw Malformed(path, "the procedure's \"elements\" is not an array of element names");
        var claims = new JsonArray();
        foreach (var (nameSpace, identifier) in ElementNames.Resolve(names, type, "--config elements"))
        {
            JsonArray claimPath = format == "mdoc" ? [nameSpace, identifier]
                : nameSpace == HonninDocumentTypes.PseudonymNameSpace && PseudonymDomain.TryFromElementIdentifier(identifier, out var domain) ? [PseudonymDomain.ClaimName, domain.Id]
                : [identifier];
            claims.Add(new JsonObject { ["path"] = claimPath });
        }

        var meta = format == "mdoc" ? new JsonObject { ["doctype_value"] = type.DocType } : new JsonObject { ["vct_values"] = new JsonArray(type.Vct) };
        var built = new JsonObject
        {
            ["credentials"] = new JsonArray(new JsonObject { ["id"] = type.Aliases.FirstOrDefault(a => a.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) ?? "credential", ["format"] = format == "mdoc" ? DcqlFormats.Mdoc : DcqlFormats.SdJwtVc, ["meta"] = meta, ["claims"] = claims }),
        };
        return DcqlQuery.TryFromJson(built, out var made, out var madeError)
            ? made
            : throw Malformed(path, $"the procedure does not make a DCQL query ({madeError.Code}): {madeError.Message}");
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static InputException Malformed(string path, string why) => new(InputException.Malformed, $"The --config file '{path}' is not a verifier configuration: {why}.");
}
