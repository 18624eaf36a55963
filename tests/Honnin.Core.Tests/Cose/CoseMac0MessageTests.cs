using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.Tests;

namespace Honnin.Core.Tests.Cose;

/// <summary>COSE_Mac0 (RFC 9052 §6.2) with HMAC 256/256, as ISO/IEC 18013-5 uses for <c>deviceMac</c>.</summary>
public sealed class CoseMac0MessageTests
{
    private static readonly byte[] Payload = "DeviceAuthenticationBytes stand here"u8.ToArray();

    [Fact]
    public void Annex_D_device_mac_verifies_with_the_stated_emac_key()
    {
        // Source: ISO/IEC 18013-5 Annex D.5.3 (tests/vectors/mdoc/iso18013-5-annexd.json: DeviceAuth,
        // DeviceAuthenticationBytes, DeviceAuth_MAC_structure, expected.device_mac.EMacKey_hex).
        var mac = AnnexDDeviceMac();
        var deviceAuthenticationBytes = Vectors.AnnexD("DeviceAuthenticationBytes");

        Assert.Equal(CoseAlgorithm.HMAC256, mac.Algorithm);
        Assert.Null(mac.Payload);
        Assert.Equal(Vectors.AnnexD("DeviceAuth_MAC_structure"), mac.BuildToBeMaced(deviceAuthenticationBytes));
        Assert.Equal(ExpectedDeviceMac("MAC_tag_hex"), mac.MacTag.ToArray());
        Assert.True(mac.VerifyTag(ExpectedDeviceMac("EMacKey_hex"), deviceAuthenticationBytes));
    }

    [Fact]
    public void Annex_D_device_mac_fails_with_another_key_or_payload()
    {
        var mac = AnnexDDeviceMac();
        var deviceAuthenticationBytes = Vectors.AnnexD("DeviceAuthenticationBytes");
        var key = ExpectedDeviceMac("EMacKey_hex");
        var otherKey = (byte[])key.Clone();
        otherKey[0] ^= 0x80;
        var otherPayload = (byte[])deviceAuthenticationBytes.Clone();
        otherPayload[^1] ^= 0x01;

        Assert.False(mac.VerifyTag(otherKey, deviceAuthenticationBytes));
        Assert.False(mac.VerifyTag(key, otherPayload));
    }

    [Theory]
    [InlineData(CosePayloadMode.Embedded)]
    [InlineData(CosePayloadMode.Detached)]
    public void Created_message_decodes_and_verifies_with_the_same_key(CosePayloadMode mode)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var created = CoseMac0Message.Create(key, Payload, mode);

        var decoded = CoseMac0Message.Decode(CborDecoder.Decode(created.Encoded.EncodedBytes));

        Assert.Equal(CoseAlgorithm.HMAC256, decoded.Algorithm);
        Assert.Equal(32, decoded.MacTag.Length);
        Assert.True(decoded.VerifyTag(key, DetachedOrNull(mode)));
    }

    [Theory]
    [InlineData(CosePayloadMode.Embedded)]
    [InlineData(CosePayloadMode.Detached)]
    public void Tag_does_not_verify_with_another_key(CosePayloadMode mode)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var otherKey = (byte[])key.Clone();
        otherKey[^1] ^= 0x01;
        var decoded = CoseMac0Message.Decode(CborDecoder.Decode(CoseMac0Message.Create(key, Payload, mode).Encoded.EncodedBytes));

        Assert.False(decoded.VerifyTag(otherKey, DetachedOrNull(mode)));
    }

    [Fact]
    public void Tag_does_not_verify_over_a_changed_payload_or_protected_header()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var created = (CborArray)CoseMac0Message.Create(key, Payload, CosePayloadMode.Embedded).Encoded;
        var changedPayload = (byte[])Payload.Clone();
        changedPayload[0] ^= 0x01;
        var withChangedPayload = CoseMac0Message.Decode(new CborArray(created[0], created[1], new CborByteString(changedPayload), created[3]));
        Assert.False(withChangedPayload.VerifyTag(key));

        // {1: 5} re-encoded with a non-shortest (but accepted with RequireShortestEncoding = false) integer is another byte string.
        var lax = new CborDecodeOptions { RequireShortestEncoding = false };
        var withLongerProtected = CoseMac0Message.Decode(
            new CborArray(new CborByteString(Convert.FromHexString("a1011805")), created[1], created[2], created[3]), lax);
        Assert.Equal(CoseAlgorithm.HMAC256, withLongerProtected.Algorithm);
        Assert.False(withLongerProtected.VerifyTag(key));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Tag_whose_length_is_not_32_fails(int length)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var created = (CborArray)CoseMac0Message.Create(key, Payload, CosePayloadMode.Embedded).Encoded;
        var tag = Assert.IsType<CborByteString>(created[3]).Value.ToArray();

        // The altered tag starts with the correct tag (or a prefix of it), so only the length is wrong.
        var altered = new byte[length];
        tag.AsSpan(0, Math.Min(length, tag.Length)).CopyTo(altered);
        var decoded = CoseMac0Message.Decode(new CborArray(created[0], created[1], created[2], new CborByteString(altered)));

        Assert.False(decoded.VerifyTag(key));
    }

    [Fact]
    public void Tagged_17_and_untagged_are_accepted_and_tag_18_is_rejected()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var created = CoseMac0Message.Create(key, Payload, CosePayloadMode.Embedded).Encoded;

        Assert.True(CoseMac0Message.Decode(CborDecoder.Decode(new CborTaggedValue(CoseMac0Message.Tag, created).EncodedBytes)).VerifyTag(key));
        Assert.True(CoseMac0Message.Decode(CborDecoder.Decode(created.EncodedBytes)).VerifyTag(key));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(new CborTaggedValue(CoseSign1Message.Tag, created)));
    }

    [Theory]
    [InlineData(CoseAlgorithm.ES256)]
    [InlineData(CoseAlgorithm.ES384)]
    [InlineData(CoseAlgorithm.ES512)]
    [InlineData(CoseAlgorithm.EdDSA)]
    public void Signature_algorithm_in_a_cose_mac0_is_rejected(CoseAlgorithm algorithm)
    {
        var protectedHeaders = CborMap.FromLabels((CoseHeaderLabels.Algorithm, new CborInteger((long)algorithm)));
        var value = new CborArray(new CborByteString(protectedHeaders.EncodedBytes), new CborMap([]), new CborNull(), new CborByteString(new byte[32]));
        Assert.Equal(CoseFailureCodes.UnsupportedAlgorithm, Rejects(value));
    }

    [Theory]
    [InlineData(4294967301L)] // 2^32 + 5: truncated to 32 bits it would read as HMAC256 (5)
    [InlineData(-4294967291L)] // -2^32 + 5: truncated to 32 bits it would read as HMAC256 (5) too
    [InlineData(6)] // HMAC 384/384
    [InlineData(4)] // HMAC 256/64 (truncated tag)
    [InlineData(0)]
    public void Algorithm_other_than_hmac_256_256_is_rejected(long algorithm)
    {
        var protectedHeaders = CborMap.FromLabels((CoseHeaderLabels.Algorithm, new CborInteger(algorithm)));
        var value = new CborArray(new CborByteString(protectedHeaders.EncodedBytes), new CborMap([]), new CborNull(), new CborByteString(new byte[32]));
        Assert.Equal(CoseFailureCodes.UnsupportedAlgorithm, Rejects(value));
    }

    [Fact]
    public void Unknown_critical_header_in_a_cose_mac0_is_rejected()
    {
        var protectedHeaders = CborMap.FromLabels(
            (CoseHeaderLabels.Algorithm, new CborInteger((long)CoseAlgorithm.HMAC256)),
            (CoseHeaderLabels.Critical, new CborArray(new CborInteger(99))),
            (99, new CborInteger(0)));
        var value = new CborArray(new CborByteString(protectedHeaders.EncodedBytes), new CborMap([]), new CborNull(), new CborByteString(new byte[32]));
        Assert.Equal(CoseFailureCodes.UnknownCriticalHeader, Rejects(value));
    }

    [Fact]
    public void Structure_that_is_not_an_array_of_four_is_rejected()
    {
        var created = (CborArray)CoseMac0Message.Create(new byte[32], Payload, CosePayloadMode.Detached).Encoded;
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(new CborArray(created[0], created[1], created[2])));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(new CborArray(created[0], created[1], created[2], created[3], created[3])));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(CborMap.FromText(("deviceMac", created))));
    }

    [Fact]
    public void Detached_payload_must_be_given_exactly_when_the_message_has_none()
    {
        var key = new byte[32];
        var embedded = CoseMac0Message.Create(key, Payload, CosePayloadMode.Embedded);
        var detached = CoseMac0Message.Create(key, Payload, CosePayloadMode.Detached);

        Assert.Throws<ArgumentException>(() => embedded.VerifyTag(key, Payload));
        Assert.Throws<ArgumentException>(() => detached.VerifyTag(key));
    }

    // A null byte[] converts to an empty, non-null ReadOnlyMemory<byte>?; the cast keeps "no detached payload" null.
    private static ReadOnlyMemory<byte>? DetachedOrNull(CosePayloadMode mode) =>
        mode == CosePayloadMode.Detached ? Payload : (ReadOnlyMemory<byte>?)null;

    private static CoseMac0Message AnnexDDeviceMac()
    {
        var deviceAuth = Assert.IsType<CborMap>(CborDecoder.Decode(Vectors.AnnexD("DeviceAuth")));
        Assert.True(deviceAuth.TryGetValue("deviceMac", out var deviceMac));
        return CoseMac0Message.Decode(deviceMac);
    }

    private static byte[] ExpectedDeviceMac(string name) =>
        Convert.FromHexString(Vectors.AnnexDJson.RootElement.GetProperty("expected").GetProperty("device_mac").GetProperty(name).GetString()!);

    private static string Rejects(CborValue value) =>
        Assert.Throws<CredentialFormatException>(() => CoseMac0Message.Decode(CborDecoder.Decode(value.EncodedBytes))).Code;
}
