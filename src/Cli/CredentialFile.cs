using Honnin.Cbor;

namespace Honnin.Cli;

/// <summary>
/// The tool's wallet file for mdoc: <c>{"honnin": "mdoc-credentials/1", "docType": ..., "credentials": [{"issuerSigned": ...,
/// "used": n}]}</c> as CBOR. A batch keeps every credential, and <c>present</c> counts each one's use.
/// </summary>
internal sealed class CredentialFile
{
    public const string Marker = "mdoc-credentials/1";

    public CredentialFile(string docType, List<(CborValue IssuerSigned, int Used)> credentials)
    {
        DocType = docType;
        Credentials = credentials;
    }

    /// <summary>The decoder bounds for a credential file: a batch of 1000 fits.</summary>
    public static CborDecodeOptions FileBounds { get; } = new() { MaxInputLength = (int)InputFiles.MaxLength };

    public string DocType { get; }

    public List<(CborValue IssuerSigned, int Used)> Credentials { get; }

    public static CredentialFile Read(string path)
    {
        return Parse(InputFiles.ReadBinaryOrHex(path, "--credential"), path);
    }

    /// <summary>
    /// Decodes a credential file. Its bound is that of a whole batch (<see cref="InputFiles.MaxLength"/>), not that of one
    /// DeviceResponse; each credential in it is then held to the decoder's bounds for one credential when stored.
    /// </summary>
    public static CredentialFile Parse(byte[] bytes, string path)
    {
        try
        {
            if (CborDecoder.Decode(bytes, FileBounds) is CborMap map
                && map.TryGetValue("honnin", out var marker) && marker is CborTextString { Value: Marker }
                && map.TryGetValue("docType", out var docType) && docType is CborTextString type
                && map.TryGetValue("credentials", out var list) && list is CborArray array && array.Count > 0)
            {
                var credentials = new List<(CborValue, int)>();
                foreach (var entry in array.Items)
                {
                    if (entry is not CborMap credential || !credential.TryGetValue("issuerSigned", out var issuerSigned)
                        || !credential.TryGetValue("used", out var used) || used is not CborInteger count || count.Value < 0 || count.Value > int.MaxValue)
                    {
                        throw new InputException(InputException.Malformed, $"The --credential file '{path}' holds a malformed entry.");
                    }

                    credentials.Add((issuerSigned, (int)count.Value));
                }

                return new CredentialFile(type.Value, credentials);
            }
        }
        catch (CredentialFormatException e)
        {
            throw new InputException(InputException.Malformed, $"The --credential file '{path}' is not well-formed CBOR ({e.Code}): {e.Message}");
        }

        throw new InputException(InputException.WrongKind, $"The --credential file '{path}' is not a credential file written by 'honnin issue --format mdoc'.");
    }

    public void Write(string path)
    {
        var map = CborMap.FromText(
            ("honnin", new CborTextString(Marker)),
            ("docType", new CborTextString(DocType)),
            ("credentials", new CborArray(Credentials.Select(c => (CborValue)CborMap.FromText(("issuerSigned", c.IssuerSigned), ("used", new CborInteger(c.Used)))))));
        OutputFiles.WriteSecret(path, map.EncodedBytes.Span, "--out");
    }
}
