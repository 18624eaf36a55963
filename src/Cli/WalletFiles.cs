using System.CommandLine;
using System.Globalization;
using Honnin.Holder.Storage;
using Honnin.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Honnin.Cli;

/// <summary>
/// The person's wallet file (<c>--wallet</c>): one SQLite database, encrypted under a passphrase taken from
/// <c>--passphrase-file</c> or <c>HONNIN_WALLET_PASSPHRASE</c>. Only <c>wallet import</c> and <c>wallet accept</c> create one; every command
/// reports a missing, foreign or damaged file, or a wrong passphrase, with its own code and exit code.
/// </summary>
internal static class WalletFiles
{
    /// <summary>The environment variable that holds the passphrase when no <c>--passphrase-file</c> is given.</summary>
    public const string PassphraseVariable = "HONNIN_WALLET_PASSPHRASE";

    public const string WrongKey = "wallet_wrong_key";
    public const string Damaged = "wallet_corrupt";
    public const string NewerSchema = "wallet_unsupported_schema";
    public const string Unusable = "wallet_unusable";

    // A file that is not a wallet is reported as any input of another kind.
    private const string NotAWallet = InputException.WrongKind;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // A passphrase file holds one line; anything near this size is not one.
    private const long MaxPassphraseFileLength = 1024 * 1024;

    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    /// <summary>A new <c>--wallet</c> option.</summary>
    public static Option<string> WalletOption(string description, bool required = true) => new("--wallet") { Description = description, Required = required };

    /// <summary>A new <c>--passphrase-file</c> option.</summary>
    public static Option<string> PassphraseFileOption() => new("--passphrase-file")
    {
        Description = $"A file whose first line is the wallet's passphrase; without it, the passphrase is taken from {PassphraseVariable}.",
    };

    /// <summary>The passphrase: the first line of <paramref name="passphraseFile"/> (its line ending stripped), else the environment variable.</summary>
    public static string ReadPassphrase(string? passphraseFile)
    {
        if (passphraseFile is not null)
        {
            var text = InputFiles.ReadText(passphraseFile, "--passphrase-file", MaxPassphraseFileLength);
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            var line = (end < 0 ? text : text[..end]).TrimEnd('\r');
            return line.Length > 0
                ? line
                : throw new InputException(InputException.Malformed, $"The --passphrase-file file '{passphraseFile}' has no passphrase on its first line.");
        }

        var variable = Environment.GetEnvironmentVariable(PassphraseVariable);
        return !string.IsNullOrEmpty(variable)
            ? variable
            : throw new UsageException($"The wallet is encrypted under a passphrase: set {PassphraseVariable}, or give --passphrase-file FILE (its first line is the passphrase).");
    }

    /// <summary>
    /// Opens the wallet at <paramref name="path"/>. A missing file is created (readable by its owner only) when
    /// <paramref name="create"/> is set, and is an input error otherwise; a file that is not a wallet is never changed.
    /// </summary>
    /// <returns>The open wallet, and whether this call created it.</returns>
    public static async Task<(SqliteWalletStore Store, bool Created)> OpenAsync(string path, string passphrase, bool create, CancellationToken cancellationToken)
    {
        if (path == StandardStreams.Dash)
        {
            throw new UsageException("--wallet cannot be '-': the wallet is a database file.");
        }

        var created = false;
        switch (Probe(path))
        {
            case FileState.Missing when create:
                CreateOwnerOnly(path);
                created = true;
                break;
            case FileState.Missing:
                throw new InputException(InputException.Missing, $"There is no wallet at '{path}'; create one with 'honnin wallet import'.");
            case FileState.Empty when create:
                // An empty file is an empty database to SQLite: a wallet is made in it, readable by its owner only.
                KeepOwnerOnly(path);
                break;
            case FileState.Empty:
                throw new InputException(NotAWallet, $"The --wallet file '{path}' is empty, not a wallet; 'honnin wallet import' makes one.");
        }

        try
        {
            var store = await SqliteWalletStore.OpenAsync(path, new PassphraseWalletKeyProvider(passphrase), cancellationToken).ConfigureAwait(false);
            KeepOwnerOnly(path);
            return (store, created);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The store closes its connections to a file it failed to open; a wallet this call created goes again.
            if (created)
            {
                Delete(path);
            }

            throw;
        }
    }

    /// <summary>Opens the existing wallet at <paramref name="path"/>, runs work on it and closes it, turning the store's and SQLite's errors into the tool's.</summary>
    public static Task<int> RunAsync(string path, string passphrase, Func<SqliteWalletStore, Task<int>> work, CancellationToken cancellationToken) =>
        GuardAsync(path, async () =>
        {
            var (store, _) = await OpenAsync(path, passphrase, create: false, cancellationToken).ConfigureAwait(false);
            using (store)
            {
                return await work(store).ConfigureAwait(false);
            }
        });

    /// <summary>Runs work on the wallet at <paramref name="path"/>, turning the store's and SQLite's errors into the tool's.</summary>
    public static async Task<T> GuardAsync<T>(string path, Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (WalletStoreException e)
        {
            throw e.Code switch
            {
                WalletStoreException.WrongKey => new RefusedException(WrongKey, "The passphrase does not open this wallet."),
                WalletStoreException.UnsupportedSchema => new InputException(NewerSchema, $"The wallet '{path}' cannot be opened by this version of the tool: {e.Message}"),
                _ => new InputException(Damaged, $"The wallet '{path}' is damaged or was altered: {e.Message}"),
            };
        }
        catch (SqliteException e)
        {
            throw Describe(e, path);
        }
    }

    /// <summary>A time as the wallet commands print it (UTC, to the second).</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"1 credential", "2 credentials".</summary>
    public static string Count(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    /// <summary>How often a credential was presented, in words.</summary>
    public static string Uses(int count) => count switch
    {
        0 => "unused",
        1 => "used once",
        _ => string.Create(CultureInfo.InvariantCulture, $"used {count} times"),
    };

    private enum FileState
    {
        Missing,
        Empty,
        Wallet,
    }

    // What is at the path, without changing it: nothing, an empty file, or a wallet; anything else is refused here.
    private static FileState Probe(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InputException(NotAWallet, $"The --wallet path '{path}' is a folder, not a wallet file.");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return FileState.Missing;
        }

        if (info.Length == 0)
        {
            return FileState.Empty;
        }

        var header = new byte[SqliteHeader.Length];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
        {
            throw new InputException(NotAWallet, $"The --wallet file '{path}' is not a wallet (not an SQLite database){KindHint(path, info.Length)}.");
        }

        // A database of another program is left alone: opening it as a wallet would add the wallet's tables to it.
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            connection.Open();
            using var query = connection.CreateCommand();
            query.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'honnin_schema'";
            if (Convert.ToInt64(query.ExecuteScalar(), CultureInfo.InvariantCulture) == 1)
            {
                query.CommandText = "SELECT count(*) FROM honnin_schema WHERE component = 'wallet'";
                if (Convert.ToInt64(query.ExecuteScalar(), CultureInfo.InvariantCulture) == 1)
                {
                    return FileState.Wallet;
                }
            }
        }
        catch (SqliteException e)
        {
            throw Describe(e, path);
        }

        throw new InputException(NotAWallet, $"The --wallet file '{path}' is an SQLite database, but not a Honnin wallet; it was left unchanged.");
    }

    // For a small file that is not a database, what it holds ("; it holds an mdoc credential file ...").
    private static string KindHint(string path, long length)
    {
        if (length > InputFiles.MaxItemLength)
        {
            return string.Empty;
        }

        var kind = InputKinds.Detect(File.ReadAllBytes(path));
        return kind == InputKind.Unknown ? string.Empty : "; it holds " + InputKinds.Describe(kind);
    }

    private static InputException Describe(SqliteException e, string path) => e.SqliteErrorCode switch
    {
        // SQLITE_CORRUPT, SQLITE_NOTADB
        11 or 26 => new InputException(NotAWallet, $"The --wallet file '{path}' is not a wallet, or it is damaged (SQLite: {Plain(e)})."),
        // SQLITE_BUSY, SQLITE_LOCKED
        5 or 6 => new InputException(Unusable, $"The wallet '{path}' is held by another program; try again when it is done (SQLite: {Plain(e)})."),
        // SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM
        8 or 14 or 3 => new InputException(Unusable, $"The wallet '{path}' cannot be opened for writing (SQLite: {Plain(e)})."),
        _ => new InputException(Unusable, $"The wallet '{path}' cannot be used (SQLite: {Plain(e)})."),
    };

    // "SQLite Error 26: 'file is not a database'." → "file is not a database"
    private static string Plain(SqliteException e)
    {
        var message = e.Message;
        var open = message.IndexOf('\'', StringComparison.Ordinal);
        var close = message.LastIndexOf('\'');
        return open >= 0 && close > open ? message[(open + 1)..close] : "error " + e.SqliteErrorCode.ToString(CultureInfo.InvariantCulture);
    }

    private static void CreateOwnerOnly(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created with the mode, so that the wallet is never readable by others; SQLite gives its -wal and -shm files the same.
            options.UnixCreateMode = OwnerOnly;
        }

        using var stream = new FileStream(full, options);
    }

    // The database and the files SQLite keeps beside it, owner-only (a wallet made elsewhere may be wider).
    private static void KeepOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            if (File.Exists(file) && File.GetUnixFileMode(file) != OwnerOnly)
            {
                File.SetUnixFileMode(file, OwnerOnly);
            }
        }
    }

    private static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
