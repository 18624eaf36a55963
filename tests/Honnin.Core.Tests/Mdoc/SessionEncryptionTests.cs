using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.Mdoc;
using Honnin.Tests;

namespace Honnin.Core.Tests.Mdoc;

/// <summary>
/// ISO/IEC 18013-5 Annex D session encryption (tests/vectors/mdoc/iso18013-5-annexd.json: SessionEstablishment and the
/// first SessionData of the worked example, with EReaderKey and EDeviceKey).
/// </summary>
public sealed class SessionEncryptionTests
{
    private static SessionTranscript Transcript => SessionTranscript.Decode(Vectors.AnnexD("SessionTranscriptBytes"));

    private static ECDiffieHellman Key(string name) => ECDiffieHellman.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        D = Vectors.AnnexD(name + "_d"),
        Q = new ECPoint { X = Vectors.AnnexD(name + "_x"), Y = Vectors.AnnexD(name + "_y") },
    });

    private static CoseKey PublicKey(string name) =>
        CoseKey.FromECParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = Vectors.AnnexD(name + "_x"), Y = Vectors.AnnexD(name + "_y") } });

    private static byte[] Data(string vector) =>
        Assert.IsType<CborByteString>(((CborMap)CborDecoder.Decode(Vectors.AnnexD(vector))).TryGetValue("data", out var data) ? data : null).Value.ToArray();

    [Fact]
    public void The_reader_encrypts_the_device_request_into_the_annex_d_session_establishment_byte_for_byte()
    {
        using var readerKey = Key("EReaderKey");
        using var reader = SessionEncryption.ForReader(readerKey, PublicKey("EDeviceKey"), Transcript);

        Assert.Equal(Data("SessionEstablishment"), reader.Encrypt(Vectors.AnnexD("DeviceRequest")));
    }

    [Fact]
    public void The_mdoc_decrypts_the_request_and_encrypts_the_response_into_the_annex_d_session_data()
    {
        using var deviceKey = Key("EDeviceKey");
        using var device = SessionEncryption.ForDevice(deviceKey, PublicKey("EReaderKey"), Transcript);

        Assert.Equal(Vectors.AnnexD("DeviceRequest"), device.Decrypt(Data("SessionEstablishment")));
        Assert.Equal(Data("SessionData_response"), device.Encrypt(Vectors.AnnexD("DeviceResponse")));
    }

    [Fact]
    public void The_reader_decrypts_the_annex_d_response()
    {
        using var readerKey = Key("EReaderKey");
        using var reader = SessionEncryption.ForReader(readerKey, PublicKey("EDeviceKey"), Transcript);

        Assert.Equal(Vectors.AnnexD("DeviceResponse"), reader.Decrypt(Data("SessionData_response")));
    }

    [Fact]
    public void A_replayed_altered_or_foreign_message_does_not_decrypt()
    {
        using var readerKey = Key("EReaderKey");
        using var reader = SessionEncryption.ForReader(readerKey, PublicKey("EDeviceKey"), Transcript);
        var response = Data("SessionData_response");
        Assert.NotNull(reader.Decrypt(response));

        // The same message again: the counter has moved on.
        Assert.Equal(MdocFormatCodes.SessionDecryptionFailed, Assert.Throws<CredentialFormatException>(() => reader.Decrypt(response)).Code);

        using var fresh = SessionEncryption.ForReader(readerKey, PublicKey("EDeviceKey"), Transcript);
        var altered = (byte[])response.Clone();
        altered[10] ^= 1;
        Assert.Equal(MdocFormatCodes.SessionDecryptionFailed, Assert.Throws<CredentialFormatException>(() => fresh.Decrypt(altered)).Code);

        // Under another transcript the keys differ.
        using var other = SessionEncryption.ForReader(readerKey, PublicKey("EDeviceKey"), SessionTranscript.ForOpenId4VpDcApi("https://example.com", "n", null));
        Assert.Throws<CredentialFormatException>(() => other.Decrypt(response));
        Assert.Throws<CredentialFormatException>(() => other.Decrypt([1, 2, 3]));
    }

    [Fact]
    public void Both_sides_round_trip_in_both_directions()
    {
        using var readerKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var deviceKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var reader = SessionEncryption.ForReader(readerKey, CoseKey.FromECParameters(deviceKey.ExportParameters(false)), Transcript);
        using var device = SessionEncryption.ForDevice(deviceKey, CoseKey.FromECParameters(readerKey.ExportParameters(false)), Transcript);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal([1, 2, (byte)i], device.Decrypt(reader.Encrypt([1, 2, (byte)i])));
            Assert.Equal([3, 4, (byte)i], reader.Decrypt(device.Encrypt([3, 4, (byte)i])));
        }
    }
}
