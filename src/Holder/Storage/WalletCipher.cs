using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.Holder.Credentials;
using Honnin.Holder.Presentation;
using Honnin.Registration;

namespace Honnin.Holder.Storage;

/// <summary>
/// Seals what a persistent wallet stores under its data key, AES-256-GCM with a fresh nonce per record: the credential
/// (its type, bytes and device key) and each log record (who, when, which elements). The associated data binds each
/// sealed value to its row — the credential id, format, batch and end of validity stay readable for queries, and moving
/// a sealed value to another row, or changing those columns, makes it fail to open. The database implementations share
/// this class, so every backend stores the same bytes.
/// </summary>
public sealed class WalletCipher : IDisposable
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // A decrypted record is the wallet's own, but bounds keep a damaged one from allocating without limit.
    private const int MaxElements = 4096;

    // AesGcm is not safe for concurrent use; a store serves concurrent presentations, so each operation takes the lock.
    private readonly AesGcm _aes;
    private readonly Lock _lock = new();

    /// <summary>Creates the cipher over a data key.</summary>
    /// <param name="dataKey">The 32-byte data key (the caller may clear its copy afterwards).</param>
    public WalletCipher(ReadOnlySpan<byte> dataKey)
    {
        if (dataKey.Length != 32)
        {
            throw new ArgumentException("A wallet data key has 32 bytes.", nameof(dataKey));
        }

        _aes = new AesGcm(dataKey, TagSize);
    }

    /// <summary>Seals a credential's content for its row.</summary>
    /// <param name="credential">The credential.</param>
    /// <returns>The sealed bytes.</returns>
    public byte[] SealCredential(StoredCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var writer = new CborWriter();
        writer.WriteStartArray(3);
        writer.WriteTextString(credential.DocType);
        writer.WriteByteString(credential.Data.Span);
        writer.WriteByteString(credential.DeviceKey.Encoded.EncodedBytes.Span);
        writer.WriteEndArray();
        return Seal(writer.Encode(), CredentialAad(credential.Id, credential.Format, credential.BatchId, credential.ValidUntil));
    }

    /// <summary>Opens a credential's row.</summary>
    /// <param name="id">The id column.</param>
    /// <param name="format">The format column.</param>
    /// <param name="batchId">The batch column.</param>
    /// <param name="validUntil">The end-of-validity column.</param>
    /// <param name="useCount">The use count column.</param>
    /// <param name="sealedContent">The sealed column.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="WalletStoreException">The row was altered or damaged (<see cref="WalletStoreException.Corrupt"/>).</exception>
    public StoredCredential OpenCredential(string id, CredentialFormat format, string? batchId, DateTimeOffset? validUntil, int useCount, ReadOnlySpan<byte> sealedContent)
    {
        var content = Open(sealedContent, CredentialAad(id, format, batchId, validUntil));
        try
        {
            var reader = new CborReader(content, CborConformanceMode.Strict);
            if (reader.ReadStartArray() != 3)
            {
                throw new CborContentException("not a credential record");
            }

            var docType = reader.ReadTextString();
            var data = reader.ReadByteString();
            var deviceKey = CoseKey.FromCbor(CborDecoder.Decode(reader.ReadByteString()));
            reader.ReadEndArray();
            return new StoredCredential { Id = id, Format = format, DocType = docType, Data = data, DeviceKey = deviceKey, BatchId = batchId, ValidUntil = validUntil, UseCount = useCount };
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or CredentialFormatException)
        {
            throw new WalletStoreException(WalletStoreException.Corrupt, $"The stored credential '{id}' does not read.", e);
        }
    }

    /// <summary>Seals a log record for its row.</summary>
    /// <param name="recordId">The record's row id.</param>
    /// <param name="record">The record.</param>
    /// <returns>The sealed bytes.</returns>
    public byte[] SealRecord(string recordId, PresentationRecord record)
    {
        ArgumentNullException.ThrowIfNull(recordId);
        ArgumentNullException.ThrowIfNull(record);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("at", record.At.ToUnixTimeMilliseconds());
            json.WriteString("doc_type", record.DocType);
            json.WriteString("credential_id", record.CredentialId);
            WriteStrings(json, "elements", record.Elements);
            var requester = record.Requester;
            json.WriteBoolean("authenticated", requester.Authenticated);
            if (requester.Subject is not null)
            {
                json.WriteString("subject", requester.Subject);
            }

            WriteStrings(json, "problems", requester.Problems);
            if (requester.ClientId is not null)
            {
                json.WriteString("client_id", requester.ClientId.Value);
            }

            if (requester.StatedPurpose is not null)
            {
                json.WriteString("stated_purpose", requester.StatedPurpose);
            }

            if (requester.Registration is { } registration)
            {
                json.WriteStartObject("registration");
                WriteStrings(json, "domains", registration.Domains);
                json.WriteString("purpose", registration.Purpose);
                WriteStrings(json, "elements", registration.Elements);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Seal(buffer.ToArray(), RecordAad(recordId));
    }

    /// <summary>Opens a log record's row.</summary>
    /// <param name="recordId">The record's row id.</param>
    /// <param name="sealedContent">The sealed column.</param>
    /// <returns>The record.</returns>
    /// <exception cref="WalletStoreException">The row was altered or damaged (<see cref="WalletStoreException.Corrupt"/>).</exception>
    public PresentationRecord OpenRecord(string recordId, ReadOnlySpan<byte> sealedContent)
    {
        var content = Open(sealedContent, RecordAad(recordId));
        try
        {
            using var document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("at").GetInt64());
            VerifierRegistration? registration = null;
            if (root.TryGetProperty("registration", out var r))
            {
                registration = new VerifierRegistration(ReadStrings(r, "domains"), r.GetProperty("purpose").GetString()!, ReadStrings(r, "elements"));
            }

            var requester = new RequesterIdentity(
                root.GetProperty("authenticated").GetBoolean(),
                root.TryGetProperty("subject", out var subject) ? subject.GetString() : null,
                ReadStrings(root, "problems"),
                registration,
                root.TryGetProperty("client_id", out var clientId) ? ClientId.Parse(clientId.GetString()!) : null)
            {
                StatedPurpose = root.TryGetProperty("stated_purpose", out var purpose) ? purpose.GetString() : null,
            };
            return new PresentationRecord(at, requester, root.GetProperty("doc_type").GetString()!, root.GetProperty("credential_id").GetString()!, ReadStrings(root, "elements"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or OverflowException or ArgumentException)
        {
            throw new WalletStoreException(WalletStoreException.Corrupt, $"The log record '{recordId}' does not read.", e);
        }
    }

    /// <summary>Seals a short text value (an entry of the person's consents) for its row.</summary>
    /// <param name="kind">What the value is, bound into the associated data.</param>
    /// <param name="rowId">The row id.</param>
    /// <param name="value">The value.</param>
    /// <returns>The sealed bytes.</returns>
    public byte[] SealText(string kind, string rowId, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Seal(Encoding.UTF8.GetBytes(value), TextAad(kind, rowId));
    }

    /// <summary>Opens a short text value.</summary>
    /// <param name="kind">What the value is.</param>
    /// <param name="rowId">The row id.</param>
    /// <param name="sealedContent">The sealed column.</param>
    /// <returns>The value.</returns>
    /// <exception cref="WalletStoreException">The row was altered or damaged.</exception>
    public string OpenText(string kind, string rowId, ReadOnlySpan<byte> sealedContent)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(Open(sealedContent, TextAad(kind, rowId)));
        }
        catch (DecoderFallbackException e)
        {
            throw new WalletStoreException(WalletStoreException.Corrupt, $"The {kind} entry '{rowId}' does not read.", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            _aes.Dispose();
        }
    }

    private byte[] Seal(ReadOnlySpan<byte> plaintext, byte[] associatedData)
    {
        var output = new byte[1 + NonceSize + plaintext.Length + TagSize];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        lock (_lock)
        {
            _aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize, plaintext.Length), output.AsSpan(1 + NonceSize + plaintext.Length), associatedData);
        }

        return output;
    }

    private byte[] Open(ReadOnlySpan<byte> sealedContent, byte[] associatedData)
    {
        if (sealedContent.Length < 1 + NonceSize + TagSize || sealedContent[0] != Version)
        {
            throw new WalletStoreException(WalletStoreException.Corrupt, "A stored record is not sealed by this wallet version.");
        }

        var length = sealedContent.Length - 1 - NonceSize - TagSize;
        var plaintext = new byte[length];
        try
        {
            lock (_lock)
            {
                _aes.Decrypt(sealedContent.Slice(1, NonceSize), sealedContent.Slice(1 + NonceSize, length), sealedContent[(1 + NonceSize + length)..], plaintext, associatedData);
            }

            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new WalletStoreException(WalletStoreException.Corrupt, "A stored record does not open under the wallet's key: the file was altered or damaged.", e);
        }
    }

    private static byte[] CredentialAad(string id, CredentialFormat format, string? batchId, DateTimeOffset? validUntil) =>
        Aad("credential", id, ((int)format).ToString(CultureInfo.InvariantCulture), batchId ?? "", validUntil?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "");

    private static byte[] RecordAad(string recordId) => Aad("presentation", recordId);

    private static byte[] TextAad(string kind, string rowId) => Aad(kind, rowId);

    // Length-prefixed fields, so that no two different rows give the same associated data.
    private static byte[] Aad(params string[] fields)
    {
        using var buffer = new MemoryStream();
        buffer.Write("honnin-wallet-v1"u8);
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string[] ReadStrings(JsonElement parent, string name)
    {
        var array = parent.GetProperty(name);
        return array.GetArrayLength() <= MaxElements
            ? [.. array.EnumerateArray().Select(e => e.GetString()!)]
            : throw new InvalidOperationException("too many entries");
    }
}
