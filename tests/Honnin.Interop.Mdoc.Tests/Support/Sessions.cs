using System.Formats.Cbor;
using System.Security.Cryptography;
using Honnin.Crypto;
using Honnin.Mdoc;

namespace Honnin.Interop.Mdoc.Tests.Support;

/// <summary>Session transcripts and reader keys for the interop tests.</summary>
internal static class Sessions
{
    /// <summary>An OpenID4VP 1.0 (redirect) transcript, as Honnin builds it.</summary>
    public static SessionTranscript OpenId4Vp(string nonce) =>
        SessionTranscript.ForOpenId4Vp("x509_san_dns:verifier.example.jp", nonce, null, "https://verifier.example.jp/response");

    /// <summary>
    /// An ISO/IEC 18013-5 QR engagement transcript: a DeviceEngagement (version, EDeviceKey, BLE retrieval) and the
    /// reader's ephemeral key, as a device MAC needs them.
    /// </summary>
    public static SessionTranscript QrHandover(ECDiffieHellman readerKey)
    {
        using var deviceEphemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var engagement = new CborWriter();
        engagement.WriteStartMap(3);
        engagement.WriteInt32(0);
        engagement.WriteTextString("1.0");
        engagement.WriteInt32(1);
        engagement.WriteStartArray(2);
        engagement.WriteInt32(1);
        engagement.WriteTag((CborTag)24);
        engagement.WriteByteString(PublicCoseKey(deviceEphemeral).Span);
        engagement.WriteEndArray();
        engagement.WriteInt32(2);
        engagement.WriteStartArray(1);
        engagement.WriteStartArray(3);
        engagement.WriteInt32(2);
        engagement.WriteInt32(1);
        engagement.WriteStartMap(3);
        engagement.WriteInt32(0);
        engagement.WriteBoolean(false);
        engagement.WriteInt32(1);
        engagement.WriteBoolean(true);
        engagement.WriteInt32(11);
        engagement.WriteByteString(RandomNumberGenerator.GetBytes(16));
        engagement.WriteEndMap();
        engagement.WriteEndArray();
        engagement.WriteEndArray();
        engagement.WriteEndMap();
        return SessionTranscript.ForQrHandover(engagement.Encode(), PublicCoseKey(readerKey));
    }

    public static CoseKey PublicKey(ECDiffieHellman key) => CoseKey.FromECParameters(key.ExportParameters(false));

    /// <summary>The encoded public COSE_Key.</summary>
    public static ReadOnlyMemory<byte> PublicCoseKey(ECDiffieHellman key) => PublicKey(key).Encoded.EncodedBytes;

    /// <summary>The key as a COSE_Key with its private scalar (-4), the form both peers take the reader key in.</summary>
    public static byte[] PrivateCoseKey(ECDiffieHellman key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: true);
        try
        {
            var writer = new CborWriter();
            writer.WriteStartMap(5);
            writer.WriteInt32(1);
            writer.WriteInt32(2);
            writer.WriteInt32(-1);
            writer.WriteInt32(1);
            writer.WriteInt32(-2);
            writer.WriteByteString(parameters.Q.X!);
            writer.WriteInt32(-3);
            writer.WriteByteString(parameters.Q.Y!);
            writer.WriteInt32(-4);
            writer.WriteByteString(parameters.D!);
            writer.WriteEndMap();
            return writer.Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }
}
