using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;

namespace Honnin.Core.Tests.Cose;

/// <summary>COSE_Sign1 (RFC 9052 §4.2): round trips with every supported algorithm, tampering, and strict decoding.</summary>
public sealed class CoseSign1MessageTests
{
    private static readonly byte[] Payload = "the payload a COSE_Sign1 carries or leaves detached"u8.ToArray();

    public static TheoryData<CoseAlgorithm, CosePayloadMode> AlgorithmsAndModes
    {
        get
        {
            var data = new TheoryData<CoseAlgorithm, CosePayloadMode>();
            foreach (var algorithm in new[] { CoseAlgorithm.ES256, CoseAlgorithm.ES384, CoseAlgorithm.ES512, CoseAlgorithm.EdDSA })
            {
                data.Add(algorithm, CosePayloadMode.Embedded);
                data.Add(algorithm, CosePayloadMode.Detached);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndModes))]
    public async Task Signed_message_decodes_and_verifies_with_the_signer_key(CoseAlgorithm algorithm, CosePayloadMode mode)
    {
        using var signer = SoftwareSigner.Generate(algorithm);
        var created = await CoseSign1Message.CreateAsync(signer, Payload, mode);

        var decoded = CoseSign1Message.Decode(created.Encoded.EncodedBytes);

        Assert.Equal(algorithm, decoded.Algorithm);
        Assert.True(decoded.Headers.ProtectedBytes.Span.SequenceEqual(created.Headers.ProtectedBytes.Span));
        if (mode == CosePayloadMode.Embedded)
        {
            Assert.Equal(Payload, decoded.Payload!.Value.ToArray());
            Assert.True(decoded.VerifySignature(signer.PublicKey));
        }
        else
        {
            Assert.Null(decoded.Payload);
            Assert.True(decoded.VerifySignature(signer.PublicKey, Payload));
        }
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndModes))]
    public async Task Signature_does_not_verify_with_another_key_of_the_same_algorithm(CoseAlgorithm algorithm, CosePayloadMode mode)
    {
        using var signer = SoftwareSigner.Generate(algorithm);
        using var other = SoftwareSigner.Generate(algorithm);
        var decoded = CoseSign1Message.Decode((await CoseSign1Message.CreateAsync(signer, Payload, mode)).Encoded.EncodedBytes);

        Assert.False(decoded.VerifySignature(other.PublicKey, DetachedOrNull(mode, Payload)));
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndModes))]
    public async Task Signature_does_not_verify_over_a_changed_payload(CoseAlgorithm algorithm, CosePayloadMode mode)
    {
        using var signer = SoftwareSigner.Generate(algorithm);
        var created = await CoseSign1Message.CreateAsync(signer, Payload, mode);
        var changed = (byte[])Payload.Clone();
        changed[^1] ^= 0x01;

        if (mode == CosePayloadMode.Embedded)
        {
            var array = (CborArray)created.Encoded;
            var tampered = CoseSign1Message.Decode(new CborArray(array[0], array[1], new CborByteString(changed), array[3]).EncodedBytes);
            Assert.False(tampered.VerifySignature(signer.PublicKey));
        }
        else
        {
            var decoded = CoseSign1Message.Decode(created.Encoded.EncodedBytes);
            Assert.False(decoded.VerifySignature(signer.PublicKey, changed));
        }
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndModes))]
    public async Task Signature_does_not_verify_when_a_protected_header_byte_changes(CoseAlgorithm algorithm, CosePayloadMode mode)
    {
        using var signer = SoftwareSigner.Generate(algorithm);
        var created = await CoseSign1Message.CreateAsync(signer, Payload, mode, CborMap.FromLabels((CoseHeaderLabels.KeyId, new CborByteString("key-1"u8.ToArray()))));

        // The last byte of the protected header is the last byte of the kid: "key-1" becomes "key-0", still a valid header.
        var protectedBytes = created.Headers.ProtectedBytes.ToArray();
        protectedBytes[^1] ^= 0x01;
        var array = (CborArray)created.Encoded;
        var tampered = CoseSign1Message.Decode(new CborArray(new CborByteString(protectedBytes), array[1], array[2], array[3]).EncodedBytes);

        Assert.True(tampered.Headers.TryGetValue(CoseHeaderLabels.KeyId, out var kid));
        Assert.Equal("key-0"u8.ToArray(), Assert.IsType<CborByteString>(kid).Value.ToArray());
        Assert.False(tampered.VerifySignature(signer.PublicKey, DetachedOrNull(mode, Payload)));
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndModes))]
    public async Task Truncated_or_extended_signature_gives_false_not_an_exception(CoseAlgorithm algorithm, CosePayloadMode mode)
    {
        using var signer = SoftwareSigner.Generate(algorithm);
        var created = await CoseSign1Message.CreateAsync(signer, Payload, mode);
        var array = (CborArray)created.Encoded;
        var signature = created.Signature.ToArray();

        byte[][] variants = [signature[..^1], signature[..(signature.Length / 2)], [], [.. signature, 0x00]];
        foreach (var altered in variants)
        {
            var tampered = CoseSign1Message.Decode(new CborArray(array[0], array[1], array[2], new CborByteString(altered)).EncodedBytes);
            Assert.False(tampered.VerifySignature(signer.PublicKey, DetachedOrNull(mode, Payload)));
        }
    }

    [Fact]
    public async Task Es256_signature_checked_against_a_p384_key_is_false_not_an_exception()
    {
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        using var p384 = SoftwareSigner.Generate(CoseAlgorithm.ES384);
        using var ed25519 = SoftwareSigner.Generate(CoseAlgorithm.EdDSA);
        using var p384Ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var message = CoseSign1Message.Decode((await CoseSign1Message.CreateAsync(signer, Payload, CosePayloadMode.Embedded)).Encoded.EncodedBytes);

        Assert.False(message.VerifySignature(p384.PublicKey));
        Assert.False(message.VerifySignature(ed25519.PublicKey));
        Assert.False(message.VerifySignature(p384Ecdsa));
    }

    [Fact]
    public async Task Eddsa_signature_checked_against_an_ec_key_is_false()
    {
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.EdDSA);
        using var p256 = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        using var p256Ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var message = CoseSign1Message.Decode((await CoseSign1Message.CreateAsync(signer, Payload, CosePayloadMode.Embedded)).Encoded.EncodedBytes);

        Assert.False(message.VerifySignature(p256.PublicKey));
        Assert.False(message.VerifySignature(p256Ecdsa));
    }

    [Fact]
    public async Task Tagged_and_untagged_messages_are_both_accepted()
    {
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var created = await CoseSign1Message.CreateAsync(signer, Payload, CosePayloadMode.Embedded);
        var tagged = new CborTaggedValue(CoseSign1Message.Tag, created.Encoded).EncodedBytes;

        Assert.Equal(0xd2, tagged.Span[0]);
        Assert.True(CoseSign1Message.Decode(tagged).VerifySignature(signer.PublicKey));
        Assert.True(CoseSign1Message.Decode(created.Encoded.EncodedBytes).VerifySignature(signer.PublicKey));
    }

    [Fact]
    public async Task Detached_payload_must_be_given_exactly_when_the_message_has_none()
    {
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var embedded = CoseSign1Message.Decode((await CoseSign1Message.CreateAsync(signer, Payload, CosePayloadMode.Embedded)).Encoded.EncodedBytes);
        var detached = CoseSign1Message.Decode((await CoseSign1Message.CreateAsync(signer, Payload, CosePayloadMode.Detached)).Encoded.EncodedBytes);

        Assert.Throws<ArgumentException>(() => embedded.VerifySignature(signer.PublicKey, Payload));
        Assert.Throws<ArgumentException>(() => detached.VerifySignature(signer.PublicKey));
    }

    [Fact]
    public void X5chain_is_read_as_a_single_byte_string_and_as_an_array()
    {
        byte[] leaf = [0x30, 0x01, 0x01];
        byte[] intermediate = [0x30, 0x01, 0x02];

        var single = Decode(Protected((CoseHeaderLabels.Algorithm, Es256)), CborMap.FromLabels((CoseHeaderLabels.X5Chain, new CborByteString(leaf))));
        Assert.Equal([leaf], single.Headers.X5Chain.Select(c => c.ToArray()));

        var array = Decode(Protected((CoseHeaderLabels.Algorithm, Es256)), CborMap.FromLabels((CoseHeaderLabels.X5Chain, new CborArray(new CborByteString(leaf), new CborByteString(intermediate)))));
        Assert.Equal([leaf, intermediate], array.Headers.X5Chain.Select(c => c.ToArray()));

        var inProtected = Decode(Protected((CoseHeaderLabels.Algorithm, Es256), (CoseHeaderLabels.X5Chain, new CborByteString(leaf))), new CborMap([]));
        Assert.Equal([leaf], inProtected.Headers.X5Chain.Select(c => c.ToArray()));

        Assert.Empty(Decode(Protected((CoseHeaderLabels.Algorithm, Es256)), new CborMap([])).Headers.X5Chain);
    }

    [Fact]
    public void X5chain_that_is_empty_or_holds_a_non_byte_string_is_malformed()
    {
        var empty = Decode(Protected((CoseHeaderLabels.Algorithm, Es256)), CborMap.FromLabels((CoseHeaderLabels.X5Chain, new CborArray())));
        Assert.Equal(CoseFailureCodes.Malformed, Assert.Throws<CredentialFormatException>(() => empty.Headers.X5Chain).Code);

        var text = Decode(Protected((CoseHeaderLabels.Algorithm, Es256)), CborMap.FromLabels((CoseHeaderLabels.X5Chain, new CborArray(new CborByteString(new byte[] { 0x30 }), new CborTextString("cert")))));
        Assert.Equal(CoseFailureCodes.Malformed, Assert.Throws<CredentialFormatException>(() => text.Headers.X5Chain).Code);
    }

    [Fact]
    public void Unknown_critical_header_is_rejected()
    {
        var value = Sign1(Protected((CoseHeaderLabels.Algorithm, Es256), (CoseHeaderLabels.Critical, new CborArray(new CborInteger(99))), (99, new CborInteger(0))), new CborMap([]));
        Assert.Equal(CoseFailureCodes.UnknownCriticalHeader, Rejects(value));
    }

    [Fact]
    public void Critical_header_naming_an_understood_protected_label_is_accepted()
    {
        var message = Decode(Protected((CoseHeaderLabels.Algorithm, Es256), (CoseHeaderLabels.Critical, new CborArray(new CborInteger(CoseHeaderLabels.Algorithm)))), new CborMap([]));
        Assert.Equal(CoseAlgorithm.ES256, message.Algorithm);
    }

    [Fact]
    public void Critical_header_in_the_unprotected_bucket_is_rejected()
    {
        var value = Sign1(Protected((CoseHeaderLabels.Algorithm, Es256)), CborMap.FromLabels((CoseHeaderLabels.Critical, new CborArray(new CborInteger(CoseHeaderLabels.KeyId)))));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(value));
    }

    [Fact]
    public void Critical_header_that_is_empty_or_names_an_absent_label_is_rejected()
    {
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(Sign1(Protected((CoseHeaderLabels.Algorithm, Es256), (CoseHeaderLabels.Critical, new CborArray())), new CborMap([]))));
        var absent = Sign1(
            Protected((CoseHeaderLabels.Algorithm, Es256), (CoseHeaderLabels.Critical, new CborArray(new CborInteger(CoseHeaderLabels.KeyId)))),
            CborMap.FromLabels((CoseHeaderLabels.KeyId, new CborByteString(new byte[] { 1 }))));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(absent));
    }

    [Fact]
    public void Missing_algorithm_is_rejected()
    {
        Assert.Equal(CoseFailureCodes.UnsupportedAlgorithm, Rejects(Sign1(Protected((CoseHeaderLabels.KeyId, new CborByteString(new byte[] { 1 }))), new CborMap([]))));
        // An empty protected header (zero-length bstr) has no algorithm either.
        Assert.Equal(CoseFailureCodes.UnsupportedAlgorithm, Rejects(new CborArray(new CborByteString(ReadOnlyMemory<byte>.Empty), new CborMap([]), new CborByteString(Payload), new CborByteString(new byte[64]))));
    }

    [Fact]
    public void Algorithm_only_in_the_unprotected_bucket_is_rejected()
    {
        var value = Sign1(Protected((CoseHeaderLabels.KeyId, new CborByteString(new byte[] { 1 }))), CborMap.FromLabels((CoseHeaderLabels.Algorithm, Es256)));
        Assert.Equal(CoseFailureCodes.UnsupportedAlgorithm, Rejects(value));
    }

    public static TheoryData<string> UnsupportedAlgorithmValues => new()
    {
        "-999",
        "0", // reserved
        "1", // A128GCM, an encryption algorithm
        "-257", // RS256
        "-65535",
        "none",
        "ES256", // a text algorithm name is not the integer identifier
        "null",
        "4294967289", // 2^32 - 7: truncated to 32 bits it would read as ES256 (-7)
        "4294967301", // 2^32 + 5: truncated to 32 bits it would read as HMAC256 (5)
        "-4294967303", // -2^32 - 7: truncated to 32 bits it would read as ES256 (-7)
    };

    [Theory]
    [MemberData(nameof(UnsupportedAlgorithmValues))]
    public void Unknown_or_none_like_algorithm_is_rejected(string algorithm)
    {
        CborValue alg = algorithm switch
        {
            "none" or "ES256" => new CborTextString(algorithm),
            "null" => new CborNull(),
            _ => new CborInteger(long.Parse(algorithm, System.Globalization.CultureInfo.InvariantCulture)),
        };

        Assert.Equal(CoseFailureCodes.UnsupportedAlgorithm, Rejects(Sign1(Protected((CoseHeaderLabels.Algorithm, alg)), new CborMap([]))));
    }

    [Fact]
    public void Same_integer_label_in_both_buckets_is_rejected()
    {
        var value = Sign1(
            Protected((CoseHeaderLabels.Algorithm, Es256), (CoseHeaderLabels.KeyId, new CborByteString(new byte[] { 1 }))),
            CborMap.FromLabels((CoseHeaderLabels.KeyId, new CborByteString(new byte[] { 2 }))));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(value));
    }

    [Fact]
    public void Same_text_label_in_both_buckets_is_rejected()
    {
        // RFC 9052 §3: a label must not occur in both buckets; text labels are labels too.
        var protectedMap = new CborMap(
        [
            new(new CborInteger(CoseHeaderLabels.Algorithm), Es256),
            new(new CborTextString("reader-hint"), new CborTextString("a")),
        ]);
        var value = Sign1(protectedMap, CborMap.FromText(("reader-hint", new CborTextString("b"))));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(value));
    }

    [Fact]
    public void Header_label_that_is_neither_integer_nor_text_is_rejected()
    {
        var unprotectedMap = new CborMap([new(new CborByteString(new byte[] { 1 }), new CborInteger(1))]);
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(Sign1(Protected((CoseHeaderLabels.Algorithm, Es256)), unprotectedMap)));
    }

    [Fact]
    public void Protected_header_that_is_not_a_byte_string_of_a_map_is_rejected()
    {
        var notBytes = new CborArray(Protected((CoseHeaderLabels.Algorithm, Es256)), new CborMap([]), new CborByteString(Payload), new CborByteString(new byte[64]));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(notBytes));

        var notMap = new CborArray(new CborByteString(new CborArray(new CborInteger(1)).EncodedBytes), new CborMap([]), new CborByteString(Payload), new CborByteString(new byte[64]));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(notMap));

        var unprotectedNotMap = new CborArray(new CborByteString(Protected((CoseHeaderLabels.Algorithm, Es256)).EncodedBytes), new CborArray(), new CborByteString(Payload), new CborByteString(new byte[64]));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(unprotectedNotMap));
    }

    [Fact]
    public void Protected_header_with_trailing_bytes_is_rejected_with_the_cbor_code()
    {
        byte[] protectedBytes = [.. Protected((CoseHeaderLabels.Algorithm, Es256)).EncodedBytes.Span, 0x00];
        var value = new CborArray(new CborByteString(protectedBytes), new CborMap([]), new CborByteString(Payload), new CborByteString(new byte[64]));
        Assert.Equal(CborFailureCodes.TrailingBytes, Rejects(value));
    }

    [Fact]
    public void Wrong_tag_is_rejected()
    {
        var untagged = Sign1(Protected((CoseHeaderLabels.Algorithm, Es256)), new CborMap([]));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(new CborTaggedValue(CoseMac0Message.Tag, untagged)));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(new CborTaggedValue(98, untagged)));
    }

    [Fact]
    public void Structure_that_is_not_an_array_of_four_is_rejected()
    {
        var full = Sign1(Protected((CoseHeaderLabels.Algorithm, Es256)), new CborMap([]));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(new CborArray(full[0], full[1], full[2])));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(new CborArray(full[0], full[1], full[2], full[3], new CborNull())));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(new CborArray()));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(CborMap.FromLabels((0, full[0]), (1, full[1]), (2, full[2]), (3, full[3]))));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(new CborByteString(full.EncodedBytes)));
    }

    [Fact]
    public void Payload_or_signature_of_the_wrong_type_is_rejected()
    {
        var full = Sign1(Protected((CoseHeaderLabels.Algorithm, Es256)), new CborMap([]));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(new CborArray(full[0], full[1], new CborTextString("payload"), full[3])));
        Assert.Equal(CoseFailureCodes.Malformed, Rejects(new CborArray(full[0], full[1], full[2], new CborNull())));
    }

    [Fact]
    public void Mac_algorithm_in_a_cose_sign1_is_rejected()
    {
        var value = Sign1(Protected((CoseHeaderLabels.Algorithm, new CborInteger((long)CoseAlgorithm.HMAC256))), new CborMap([]));
        Assert.Equal(CoseFailureCodes.UnsupportedAlgorithm, Rejects(value));
        Assert.Equal(CoseFailureCodes.UnsupportedAlgorithm, Rejects(new CborTaggedValue(CoseSign1Message.Tag, value)));
    }

    private static CborInteger Es256 => new((long)CoseAlgorithm.ES256);

    // A null byte[] converts to an empty, non-null ReadOnlyMemory<byte>?; the cast keeps "no detached payload" null.
    private static ReadOnlyMemory<byte>? DetachedOrNull(CosePayloadMode mode, byte[] payload) =>
        mode == CosePayloadMode.Detached ? payload : (ReadOnlyMemory<byte>?)null;

    private static CborMap Protected(params (long Label, CborValue Value)[] headers) => CborMap.FromLabels(headers);

    private static CborArray Sign1(CborMap protectedHeaders, CborMap unprotectedHeaders) =>
        new(new CborByteString(protectedHeaders.EncodedBytes), unprotectedHeaders, new CborByteString(Payload), new CborByteString(new byte[64]));

    private static CoseSign1Message Decode(CborMap protectedHeaders, CborMap unprotectedHeaders) =>
        CoseSign1Message.Decode(Sign1(protectedHeaders, unprotectedHeaders).EncodedBytes);

    /// <summary>Decodes the encoding of <paramref name="value"/> (as received bytes) and returns the failure code.</summary>
    private static string Rejects(CborValue value) =>
        Assert.Throws<CredentialFormatException>(() => CoseSign1Message.Decode(value.EncodedBytes)).Code;
}
