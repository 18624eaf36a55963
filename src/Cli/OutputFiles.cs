namespace Honnin.Cli;

/// <summary>Writes output files whole or not at all, and refuses to overwrite key files by accident.</summary>
internal static class OutputFiles
{
    /// <summary>Writes bytes through a temporary file in the same folder, then moves it into place.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes, string what) => Write(path, bytes, what, FileAccessMode.Shared, Content.Binary);

    /// <summary>Writes text as UTF-8.</summary>
    public static void WriteText(string path, string text, string what) => Write(path, System.Text.Encoding.UTF8.GetBytes(text), what, FileAccessMode.Shared, Content.Text);

    /// <summary>Writes a secret (a private key, the person's credentials) readable and writable by the owner only (mode 0600 on Unix).</summary>
    public static void WriteSecret(string path, ReadOnlySpan<byte> bytes, string what) => Write(path, bytes, what, FileAccessMode.OwnerOnly, Content.Binary);

    /// <summary>Writes secret text as UTF-8, readable and writable by the owner only.</summary>
    public static void WriteSecretText(string path, string text, string what) => Write(path, System.Text.Encoding.UTF8.GetBytes(text), what, FileAccessMode.OwnerOnly, Content.Text);

    /// <summary>Refuses to replace an existing private key file.</summary>
    public static void RefuseToOverwrite(string path, string what)
    {
        if (path != StandardStreams.Dash && File.Exists(path))
        {
            throw new RefusedException("output_exists", $"The {what} file '{path}' already exists; remove it first or choose another path.");
        }
    }

    private enum FileAccessMode
    {
        Shared,
        OwnerOnly,
    }

    private enum Content
    {
        Binary,
        Text,
    }

    private static void Write(string path, ReadOnlySpan<byte> bytes, string what, FileAccessMode mode, Content content)
    {
        if (path == StandardStreams.Dash)
        {
            var output = StandardStreams.Current.Output;
            // Binary data goes out as hex text (every input reads hex back): a terminal never gets raw bytes.
            output.Write(content == Content.Text ? System.Text.Encoding.UTF8.GetString(bytes) : Convert.ToHexStringLower(bytes) + "\n");
            output.Flush();
            return;
        }

        try
        {
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(directory);
            var temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Environment.ProcessId + ".tmp");

            // A temporary file left by an interrupted run keeps its old mode when reopened: start from a new file.
            File.Delete(temporary);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (mode == FileAccessMode.OwnerOnly && !OperatingSystem.IsWindows())
            {
                // Created with the mode, so that the secret is never readable by others, not even for a moment.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException("output_unwritable", $"The {what} file '{path}' cannot be written: {ErrorText.Plain(e)}");
        }
    }
}
