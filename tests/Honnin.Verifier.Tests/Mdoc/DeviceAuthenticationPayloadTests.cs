using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.Mdoc;
using Honnin.Verifier.Tests.Corpus;
using static Honnin.Verifier.Tests.Corpus.MdocCorpusBuilder;

namespace Honnin.Verifier.Tests.Mdoc;

/// <summary>
/// deviceSignature and deviceMac are over DeviceAuthenticationBytes that each side builds, so their payload is detached
/// (null). One that carries its payload, even the right bytes with a valid signature over them, fails with a code of its
/// own rather than the generic "does not verify"; the detached twin of each verifies.
/// </summary>
public sealed class DeviceAuthenticationPayloadTests
{
    private static MdocCorpusBuilder B => MdocCorpusBuilder.Shared;

    [Fact]
    public void A_device_signature_with_an_embedded_payload_fails_with_its_own_code()
    {
        var result = B.Verify(WithDeviceSignature(embed: true));

        Assert.False(result.IsValid);
        Assert.Equal([VerificationFailureCodes.DeviceSignaturePayloadNotDetached], result.Failures.Select(f => f.Code));
        Assert.Equal(0, result.Failures[0].DocumentIndex);
        Assert.Contains(result.Checks, c => c.Name == "device_authentication" && c.Status == CheckStatus.Failed);
    }

    [Fact]
    public void The_same_device_signature_detached_verifies()
    {
        var result = B.Verify(WithDeviceSignature(embed: false));

        Assert.True(result.IsValid, string.Join(", ", result.Failures.Select(f => f.Code)));
    }

    [Fact]
    public void A_device_mac_with_an_embedded_payload_fails_with_its_own_code()
    {
        var response = EditDeviceAuth(B.Maced, 0, deviceAuth =>
        {
            var mac = (CborArray)Get(deviceAuth, "deviceMac");
            return With(deviceAuth, "deviceMac", new CborArray(mac[0], mac[1], new CborByteString(DeviceAuthenticationBytes(B.Maced)), mac[3]));
        });

        Assert.Equal([VerificationFailureCodes.DeviceMacPayloadNotDetached], B.Verify(response).Failures.Select(f => f.Code));
        Assert.True(B.Verify(B.Maced).IsValid);
    }

    private static byte[] DeviceAuthenticationBytes(byte[] response)
    {
        var document = DeviceResponse.Decode(response).Documents[0];
        return DeviceAuthentication.BuildBytes(B.Transcript.EncodedBytes.Span, document.DocType, document.DeviceSigned.NameSpacesBytes);
    }

    private static byte[] WithDeviceSignature(bool embed) => EditDeviceAuth(B.Signed, 0, _ =>
        CborMap.FromText(("deviceSignature", Sign1(Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))), new CborMap([]), DeviceAuthenticationBytes(B.Signed), Signer(B.DeviceKeyA), embed))));
}
