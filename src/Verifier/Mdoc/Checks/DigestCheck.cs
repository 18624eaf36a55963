using System.Security.Cryptography;

namespace Honnin.Verifier.Mdoc.Checks;

/// <summary>
/// Every disclosed IssuerSignedItem has a digest in the MSO under its namespace and digest ID, computed over the
/// received tag-24 IssuerSignedItemBytes. Only disclosed items are checked: undisclosed digests and decoys are
/// expected.
/// </summary>
internal sealed class DigestCheck : IMdocCheck
{
    public string Name => "digests";

    public CheckStatus Run(MdocDocumentContext context)
    {
        var mso = context.Mso;
        var status = CheckStatus.Passed;
        Span<byte> digest = stackalloc byte[64];
        foreach (var (nameSpace, items) in context.IssuerSigned.NameSpaces)
        {
            if (!mso.ValueDigests.TryGetValue(nameSpace, out var digests))
            {
                status = context.Fail(VerificationFailureCodes.DigestMissing, $"The MSO has no digests for namespace '{nameSpace}'.");
                continue;
            }

            foreach (var item in items)
            {
                if (!digests.TryGetValue(item.DigestId, out var expected))
                {
                    status = context.Fail(VerificationFailureCodes.DigestMissing, $"The MSO has no digest with ID {item.DigestId} in namespace '{nameSpace}' (element '{item.ElementIdentifier}').");
                    continue;
                }

                var length = Hash(mso.DigestAlgorithm, item.ItemBytes.EncodedBytes.Span, digest);
                if (!CryptographicOperations.FixedTimeEquals(digest[..length], expected.Span))
                {
                    status = context.Fail(VerificationFailureCodes.DigestMismatch, $"The digest of element '{item.ElementIdentifier}' in namespace '{nameSpace}' does not match the MSO.");
                }
            }
        }

        return status;
    }

    private static int Hash(HashAlgorithmName algorithm, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (algorithm == HashAlgorithmName.SHA384)
        {
            return SHA384.HashData(data, destination);
        }

        return algorithm == HashAlgorithmName.SHA512 ? SHA512.HashData(data, destination) : SHA256.HashData(data, destination);
    }
}
