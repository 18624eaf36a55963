namespace Honnin.Cli;

/// <summary>A credential file of either format, told apart by its content: an mdoc <see cref="CredentialFile"/> or an <see cref="SdJwtCredentialFile"/>.</summary>
internal sealed class AnyCredentialFile
{
    private AnyCredentialFile(CredentialFile? mdoc, SdJwtCredentialFile? sdJwt)
    {
        Mdoc = mdoc;
        SdJwt = sdJwt;
    }

    /// <summary>The mdoc credential file, or null.</summary>
    public CredentialFile? Mdoc { get; }

    /// <summary>The SD-JWT VC credential file, or null.</summary>
    public SdJwtCredentialFile? SdJwt { get; }

    /// <summary><c>mdoc</c> or <c>sd-jwt</c>.</summary>
    public string Format => Mdoc is null ? "sd-jwt" : "mdoc";

    /// <summary>The docType (mdoc) or vct (SD-JWT VC) of the credentials.</summary>
    public string DocType => Mdoc?.DocType ?? SdJwt!.Vct;

    /// <summary>How often each credential was presented, as the file records it.</summary>
    public IReadOnlyList<int> Used => Mdoc is not null ? [.. Mdoc.Credentials.Select(c => c.Used)] : [.. SdJwt!.Credentials.Select(c => c.Used)];

    /// <summary>
    /// Reads a credential file in <paramref name="format"/>, or in the file's own format when none is given; a file of the
    /// other format ("this looks like an SD-JWT: use --format sd-jwt") or of another kind is refused.
    /// </summary>
    public static AnyCredentialFile Read(string path, string? format, string option)
    {
        var raw = InputFiles.ReadBounded(path, option);
        var kind = InputKinds.Detect(raw, out var bytes, out _);
        if (kind == InputKind.Wallet)
        {
            throw new InputException(InputException.WrongKind, $"The {option} file '{path}' is {InputKinds.Describe(kind)}, not a credential file; a wallet is given as --wallet.");
        }

        var resolved = InputKinds.ResolveFormat(format, kind, option, path);
        var expected = resolved == "sd-jwt" ? InputKind.SdJwtCredentialFile : InputKind.MdocCredentialFile;
        if (kind != expected)
        {
            throw new InputException(InputException.WrongKind, InputKinds.WrongKind(option, path, kind, InputKinds.Describe(expected)));
        }

        return resolved == "sd-jwt"
            ? new AnyCredentialFile(null, SdJwtCredentialFile.Parse(System.Text.Encoding.UTF8.GetString(raw), path))
            : new AnyCredentialFile(CredentialFile.Parse(bytes, path), null);
    }
}
