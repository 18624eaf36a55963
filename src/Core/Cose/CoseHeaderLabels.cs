namespace Honnin.Cose;

/// <summary>COSE header labels Honnin reads and writes (RFC 9052, RFC 9360).</summary>
public static class CoseHeaderLabels
{
    /// <summary><c>alg</c>.</summary>
    public const long Algorithm = 1;

    /// <summary><c>crit</c>: labels the recipient must understand.</summary>
    public const long Critical = 2;

    /// <summary><c>content type</c>.</summary>
    public const long ContentType = 3;

    /// <summary><c>kid</c>.</summary>
    public const long KeyId = 4;

    /// <summary><c>x5chain</c>: a DER certificate, or an array of them, leaf first.</summary>
    public const long X5Chain = 33;

    /// <summary><c>typ</c> (RFC 9596): the media type of the whole COSE object.</summary>
    public const long Type = 16;

    /// <summary><c>CWT Claims</c> (RFC 9597): a map of CWT claims, e.g. <c>iat</c> (6) and <c>exp</c> (4), protected by the signature.</summary>
    public const long CwtClaims = 15;

    internal static bool IsUnderstood(long label) => label is Algorithm or Critical or ContentType or KeyId or X5Chain;
}
