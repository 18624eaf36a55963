using System.Security.Cryptography;
using Honnin.Mdoc;

namespace Honnin.Verifier.Mdoc.Checks;

/// <summary>
/// The mdoc proves possession of the MSO device key over DeviceAuthenticationBytes: by <c>deviceSignature</c>
/// (COSE_Sign1 with the device key) or by <c>deviceMac</c> (HMAC-SHA256 with EMacKey = HKDF-SHA256(ECDH(EReaderKey,
/// SDeviceKey), salt = SHA-256(SessionTranscriptBytes), info "EMacKey")).
/// </summary>
internal sealed class DeviceAuthenticationCheck : IMdocCheck
{
    public string Name => "device_authentication";

    public CheckStatus Run(MdocDocumentContext context)
    {
        if (context.Document is not { } document || context.Session is not { } session)
        {
            return CheckStatus.NotRun;
        }

        var deviceSigned = document.DeviceSigned;
        var payload = DeviceAuthentication.BuildBytes(session.Transcript.EncodedBytes.Span, document.DocType, deviceSigned.NameSpacesBytes);
        var deviceKey = context.Mso.DeviceKey;

        if (deviceSigned.DeviceSignature is { } signature)
        {
            if (signature.Payload is not null)
            {
                return context.Fail(VerificationFailureCodes.DeviceSignaturePayloadNotDetached, "deviceSignature carries a payload; it must be detached (null), over DeviceAuthenticationBytes the reader builds itself.");
            }

            if (!context.Options.AllowedAlgorithms.Contains(signature.Algorithm))
            {
                return context.Fail(VerificationFailureCodes.AlgorithmNotAllowed, $"deviceSignature uses {signature.Algorithm}, which the verifier does not accept.");
            }

            return signature.VerifySignature(deviceKey, payload)
                ? CheckStatus.Passed
                : context.Fail(VerificationFailureCodes.DeviceSignatureInvalid, "The device signature does not verify with the MSO device key over DeviceAuthenticationBytes.");
        }

        var mac = deviceSigned.DeviceMac!;
        if (session.ReaderEphemeralKey is not { } readerKey)
        {
            return context.Fail(VerificationFailureCodes.ReaderKeyRequired, "The response authenticates with a device MAC; the reader's ephemeral key is needed to verify it.");
        }

        if (mac.Payload is not null)
        {
            return context.Fail(VerificationFailureCodes.DeviceMacPayloadNotDetached, "deviceMac carries a payload; it must be detached (null), over DeviceAuthenticationBytes the reader builds itself.");
        }

        var macKey = new byte[32];
        byte[]? sharedSecret = null;
        try
        {
            using var devicePublic = deviceKey.ToECDiffieHellman();
            sharedSecret = readerKey.DeriveRawSecretAgreement(devicePublic.PublicKey);
            session.Transcript.DeriveEMacKey(sharedSecret, macKey);
            return mac.VerifyTag(macKey, payload)
                ? CheckStatus.Passed
                : context.Fail(VerificationFailureCodes.DeviceMacInvalid, "The device MAC does not verify with EMacKey over DeviceAuthenticationBytes.");
        }
        catch (Exception e) when (e is CryptographicException or InvalidOperationException or ArgumentException)
        {
            return context.Fail(VerificationFailureCodes.DeviceMacInvalid, "EMacKey cannot be derived: the reader key and the MSO device key are not on the same curve.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(macKey);
            if (sharedSecret is not null)
            {
                CryptographicOperations.ZeroMemory(sharedSecret);
            }
        }
    }
}
