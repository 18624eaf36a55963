using System.Buffers.Binary;
using System.Security.Cryptography;
using Honnin.Crypto;

namespace Honnin.Mdoc;

/// <summary>
/// ISO/IEC 18013-5 §9.1.1 session encryption for proximity flows: SKReader and SKDevice =
/// HKDF-SHA256(ECDH(own ephemeral key, peer's ephemeral key), salt = SHA-256(SessionTranscriptBytes), info "SKReader" /
/// "SKDevice"); AES-256-GCM with a 16-byte tag appended and no additional data; IV = 8-byte identifier (reader 0, mdoc 1)
/// || 4-byte big-endian message counter from 1, one counter per direction. One instance per session and side; not
/// thread-safe; dispose it to wipe the keys.
/// </summary>
public sealed class SessionEncryption : IDisposable
{
    private const int KeyLength = 32;
    private const int TagLength = 16;

    private readonly byte[] _sendKey;
    private readonly byte[] _receiveKey;
    private readonly uint _sendIdentifier;
    private readonly uint _receiveIdentifier;
    private uint _sendCounter;
    private uint _receiveCounter;
    private bool _disposed;

    private SessionEncryption(byte[] sendKey, byte[] receiveKey, uint sendIdentifier)
    {
        _sendKey = sendKey;
        _receiveKey = receiveKey;
        _sendIdentifier = sendIdentifier;
        _receiveIdentifier = 1 - sendIdentifier;
    }

    /// <summary>The reader's side: it encrypts with SKReader and decrypts with SKDevice.</summary>
    /// <param name="readerPrivateKey">EReaderKey (private).</param>
    /// <param name="devicePublicKey">EDeviceKey, from the device engagement.</param>
    /// <param name="transcript">The session transcript.</param>
    /// <returns>The session.</returns>
    /// <exception cref="ArgumentException">The keys are not on the same curve.</exception>
    public static SessionEncryption ForReader(ECDiffieHellman readerPrivateKey, CoseKey devicePublicKey, SessionTranscript transcript) =>
        Create(readerPrivateKey, devicePublicKey, transcript, reader: true);

    /// <summary>The mdoc's side: it encrypts with SKDevice and decrypts with SKReader.</summary>
    /// <param name="devicePrivateKey">EDeviceKey (private).</param>
    /// <param name="readerPublicKey">EReaderKey, from SessionEstablishment.</param>
    /// <param name="transcript">The session transcript.</param>
    /// <returns>The session.</returns>
    /// <exception cref="ArgumentException">The keys are not on the same curve.</exception>
    public static SessionEncryption ForDevice(ECDiffieHellman devicePrivateKey, CoseKey readerPublicKey, SessionTranscript transcript) =>
        Create(devicePrivateKey, readerPublicKey, transcript, reader: false);

    /// <summary>Encrypts the next message this side sends.</summary>
    /// <param name="plaintext">The message (e.g. an encoded DeviceRequest or DeviceResponse).</param>
    /// <returns>Ciphertext with the tag appended: the <c>data</c> of SessionEstablishment or SessionData.</returns>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="InvalidOperationException">The message counter is exhausted.</exception>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var counter = checked(++_sendCounter);
        var output = new byte[plaintext.Length + TagLength];
        using var aes = new AesGcm(_sendKey, TagLength);
        aes.Encrypt(Nonce(_sendIdentifier, counter), plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length));
        return output;
    }

    /// <summary>Decrypts the next message from the peer.</summary>
    /// <param name="ciphertext">The <c>data</c> received, tag appended.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="CredentialFormatException">The message does not decrypt (code <c>session_decryption_failed</c>; ISO status 10).</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public byte[] Decrypt(ReadOnlySpan<byte> ciphertext)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ciphertext.Length < TagLength)
        {
            throw new CredentialFormatException(MdocFormatCodes.SessionDecryptionFailed, "The session message is shorter than its authentication tag.");
        }

        var counter = checked(_receiveCounter + 1);
        var plaintext = new byte[ciphertext.Length - TagLength];
        try
        {
            using var aes = new AesGcm(_receiveKey, TagLength);
            aes.Decrypt(Nonce(_receiveIdentifier, counter), ciphertext[..^TagLength], ciphertext[^TagLength..], plaintext);
        }
        catch (AuthenticationTagMismatchException e)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new CredentialFormatException(MdocFormatCodes.SessionDecryptionFailed, "The session message does not decrypt with the session key and the expected counter.", e);
        }

        _receiveCounter = counter;
        return plaintext;
    }

    /// <summary>Wipes the session keys.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_sendKey);
        CryptographicOperations.ZeroMemory(_receiveKey);
        _disposed = true;
    }

    private static SessionEncryption Create(ECDiffieHellman privateKey, CoseKey peer, SessionTranscript transcript, bool reader)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(transcript);
        byte[] sharedSecret;
        try
        {
            using var peerKey = peer.ToECDiffieHellman();
            sharedSecret = privateKey.DeriveRawSecretAgreement(peerKey.PublicKey);
        }
        catch (Exception e) when (e is CryptographicException or InvalidOperationException)
        {
            throw new ArgumentException("The ephemeral keys are not on the same curve.", nameof(peer), e);
        }

        try
        {
            var salt = transcript.ComputeHkdfSalt();
            var skReader = new byte[KeyLength];
            var skDevice = new byte[KeyLength];
            HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, skReader, salt, "SKReader"u8);
            HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, skDevice, salt, "SKDevice"u8);
            return reader ? new SessionEncryption(skReader, skDevice, 0) : new SessionEncryption(skDevice, skReader, 1);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    private static byte[] Nonce(uint identifier, uint counter)
    {
        var nonce = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(4), identifier);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), counter);
        return nonce;
    }
}
