using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Honnin.X509;

/// <summary>
/// Reads certificate fields from the DER bytes without throwing. The validity period is read from the
/// encoding rather than from <see cref="X509Certificate2.NotAfter"/>, which is converted to local time
/// and loses an hour around daylight-saving transitions.
/// </summary>
internal static class X509Fields
{
    internal const string CountryNameOid = "2.5.4.6";
    internal const string StateOrProvinceNameOid = "2.5.4.8";

    private const string KeyUsageOid = "2.5.29.15";
    private const string BasicConstraintsOid = "2.5.29.19";
    private const string ExtendedKeyUsageOid = "2.5.29.37";

    /// <summary>Reads notBefore and notAfter from the TBSCertificate.</summary>
    internal static bool TryReadValidity(X509Certificate2 certificate, out DateTimeOffset notBefore, out DateTimeOffset notAfter)
    {
        notBefore = default;
        notAfter = default;
        try
        {
            var reader = new AsnReader(certificate.RawDataMemory, AsnEncodingRules.DER);
            var certificateSequence = reader.ReadSequence();
            var tbs = certificateSequence.ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                tbs.ReadEncodedValue(); // version
            }

            tbs.ReadEncodedValue(); // serialNumber
            tbs.ReadEncodedValue(); // signature
            tbs.ReadEncodedValue(); // issuer
            var validity = tbs.ReadSequence();
            notBefore = ReadTime(validity);
            notAfter = ReadTime(validity);
            validity.ThrowIfNotEmpty();
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Collects every value of one attribute type in a distinguished name, including those inside
    /// multi-valued RDNs. Returns <see langword="false"/> when the name cannot be decoded.
    /// </summary>
    internal static bool TryReadAttribute(X500DistinguishedName name, string attributeOid, out List<string> values)
    {
        values = [];
        try
        {
            var reader = new AsnReader(name.RawData, AsnEncodingRules.DER);
            var rdnSequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            while (rdnSequence.HasData)
            {
                var rdn = rdnSequence.ReadSetOf();
                while (rdn.HasData)
                {
                    var attribute = rdn.ReadSequence();
                    var type = attribute.ReadObjectIdentifier();
                    var tag = attribute.PeekTag();
                    if (type == attributeOid)
                    {
                        if (tag.TagClass != TagClass.Universal || !IsDirectoryString((UniversalTagNumber)tag.TagValue))
                        {
                            return false;
                        }

                        values.Add(attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue));
                    }
                    else
                    {
                        attribute.ReadEncodedValue();
                    }

                    attribute.ThrowIfNotEmpty();
                }
            }

            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads KeyUsage, BasicConstraints and ExtendedKeyUsage. Returns <see langword="null"/> when an
    /// extension cannot be decoded or an extension OID occurs twice (RFC 5280 §4.2).
    /// </summary>
    internal static CertificateExtensionSummary? TryReadExtensions(X509Certificate2 certificate)
    {
        try
        {
            X509KeyUsageFlags? keyUsage = null;
            bool? isCertificateAuthority = null;
            List<string>? extendedKeyUsages = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var extension in certificate.Extensions)
            {
                var oid = extension.Oid?.Value;
                if (oid is null || !seen.Add(oid))
                {
                    return null;
                }

                switch (oid)
                {
                    case KeyUsageOid:
                        keyUsage = new X509KeyUsageExtension(extension, extension.Critical).KeyUsages;
                        break;
                    case BasicConstraintsOid:
                        isCertificateAuthority = new X509BasicConstraintsExtension(extension, extension.Critical).CertificateAuthority;
                        break;
                    case ExtendedKeyUsageOid:
                        extendedKeyUsages = [];
                        foreach (var usage in new X509EnhancedKeyUsageExtension(extension, extension.Critical).EnhancedKeyUsages)
                        {
                            if (usage.Value is { } value)
                            {
                                extendedKeyUsages.Add(value);
                            }
                        }

                        break;
                }
            }

            return new CertificateExtensionSummary(keyUsage, isCertificateAuthority, extendedKeyUsages);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when <paramref name="der"/> is exactly one DER SEQUENCE (the outer framing of a certificate)
    /// with nothing after it.
    /// </summary>
    internal static bool IsSingleDerSequence(ReadOnlySpan<byte> der)
    {
        try
        {
            var tag = Asn1Tag.Decode(der, out _);
            if (!tag.HasSameClassAndValue(Asn1Tag.Sequence) || !tag.IsConstructed)
            {
                return false;
            }

            AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out _, out _, out var consumed);
            return consumed == der.Length;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>
    /// True when <paramref name="der"/> is one DER SEQUENCE with nothing after it, and every TLV inside it, at any depth,
    /// has a definite, shortest-form length under DER (primitive contents are not re-validated: the signed
    /// TBSCertificate cannot change without breaking the signature).
    /// </summary>
    internal static bool IsStrictDerCertificate(ReadOnlySpan<byte> der)
    {
        if (!IsSingleDerSequence(der))
        {
            return false;
        }

        try
        {
            return IsDerValue(der, depth: 0);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static bool IsDerValue(ReadOnlySpan<byte> value, int depth)
    {
        if (depth > 32)
        {
            return false;
        }

        AsnDecoder.ReadEncodedValue(value, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out var consumed);
        if (consumed != value.Length)
        {
            return false;
        }

        var tag = Asn1Tag.Decode(value, out _);
        if (!tag.IsConstructed)
        {
            return true;
        }

        var contents = value.Slice(contentOffset, contentLength);
        while (!contents.IsEmpty)
        {
            AsnDecoder.ReadEncodedValue(contents, AsnEncodingRules.DER, out _, out _, out var inner);
            if (!IsDerValue(contents[..inner], depth + 1))
            {
                return false;
            }

            contents = contents[inner..];
        }

        return true;
    }

    private static DateTimeOffset ReadTime(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.HasSameClassAndValue(Asn1Tag.UtcTime))
        {
            // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY.
            return reader.ReadUtcTime(twoDigitYearMax: 2049);
        }

        return reader.ReadGeneralizedTime();
    }

    private static bool IsDirectoryString(UniversalTagNumber tag) => tag is
        UniversalTagNumber.UTF8String or
        UniversalTagNumber.PrintableString or
        UniversalTagNumber.IA5String or
        UniversalTagNumber.BMPString or
        UniversalTagNumber.T61String or
        UniversalTagNumber.VisibleString or
        UniversalTagNumber.NumericString;
}
