using System.Security.Cryptography;
using Honnin.Mdoc;

namespace Honnin.Verifier.Mdoc;

/// <summary>
/// What the verifier knows of the session in which a DeviceResponse was received: the SessionTranscript
/// both sides built, and, for proximity flows with a device MAC, the reader's ephemeral private key.
/// </summary>
/// <param name="Transcript">The SessionTranscript.</param>
/// <param name="ReaderEphemeralKey">The reader's ephemeral private key (EReaderKey), needed to verify <c>deviceMac</c>; owned by the caller.</param>
/// <param name="At">The verification time; the verifier's clock when null.</param>
public sealed record MdocSession(SessionTranscript Transcript, ECDiffieHellman? ReaderEphemeralKey = null, DateTimeOffset? At = null);
