using Honnin.Crypto;

namespace Honnin.Holder.Credentials;

/// <summary>A credential in the wallet: its bytes as issued, the device key it is bound to, and how often it was presented.</summary>
public sealed record StoredCredential
{
    /// <summary>The wallet's identifier of the credential.</summary>
    public required string Id { get; init; }

    /// <summary>The format.</summary>
    public required CredentialFormat Format { get; init; }

    /// <summary>The document type (mdoc docType or SD-JWT VC vct).</summary>
    public required string DocType { get; init; }

    /// <summary>The credential as issued (mdoc: the IssuerSigned CBOR; SD-JWT VC: the compact SD-JWT as UTF-8).</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>The public key the credential is bound to.</summary>
    public required CoseKey DeviceKey { get; init; }

    /// <summary>The batch the credential came in, when it is one of a batch of single-use credentials.</summary>
    public string? BatchId { get; init; }

    /// <summary>End of the credential's validity.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>How many times it was presented.</summary>
    public int UseCount { get; init; }

    /// <summary>Names the credential, never its content.</summary>
    public override string ToString() => $"StoredCredential({Id}, {DocType})";
}
