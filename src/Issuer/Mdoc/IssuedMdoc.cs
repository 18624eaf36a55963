using Honnin.Cbor;
using Honnin.Mdoc;

namespace Honnin.Issuer.Mdoc;

/// <summary>An issued mdoc: the IssuerSigned structure with every element, for the holder's wallet.</summary>
public sealed class IssuedMdoc
{
    internal IssuedMdoc(string docType, IssuerSigned issuerSigned)
    {
        DocType = docType;
        IssuerSigned = issuerSigned;
    }

    /// <summary>The document type.</summary>
    public string DocType { get; }

    /// <summary>The issuer-signed items and <c>issuerAuth</c>.</summary>
    public IssuerSigned IssuerSigned { get; }

    /// <summary>The IssuerSigned structure encoded as CBOR, as handed to the wallet.</summary>
    /// <returns>The encoded bytes.</returns>
    public byte[] Encode() => IssuerSigned.ToCbor().EncodedBytes.ToArray();

    /// <summary>The docType, never the claims.</summary>
    public override string ToString() => "IssuedMdoc(" + DocType + ")";
}
