using Honnin.Cose;
using Honnin.Crypto;
using Honnin.Mdoc;

namespace Honnin.Issuer.Mdoc;

/// <summary>
/// An mdoc ready to be signed elsewhere: send <see cref="ToBeSigned"/> to the signer (HSM, remote KMS) and pass the
/// signature to <see cref="MdocIssuer.Complete"/>.
/// </summary>
public sealed class PreparedMdoc
{
    internal PreparedMdoc(string docType, IReadOnlyDictionary<string, IReadOnlyList<IssuerSignedItem>> items, CoseSign1ToBeSigned toBeSigned)
    {
        DocType = docType;
        Items = items;
        Draft = toBeSigned;
    }

    /// <summary>The document type.</summary>
    public string DocType { get; }

    /// <summary>The algorithm the signature must use.</summary>
    public CoseAlgorithm Algorithm => Draft.Algorithm;

    /// <summary>The bytes to sign (the COSE Sig_structure over the MSO).</summary>
    public ReadOnlyMemory<byte> ToBeSigned => Draft.ToBeSigned;

    internal IReadOnlyDictionary<string, IReadOnlyList<IssuerSignedItem>> Items { get; }

    internal CoseSign1ToBeSigned Draft { get; }
}
