namespace Honnin.Cli;

/// <summary>Writes output files whole or not at all, and refuses to overwrite key files by accident.</summary>
internal static class OutputFiles
{
    /// <summary>Writes bytes through a temporary file in the same folder, then moves it into place.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(directory);
            var temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Environment.ProcessId + ".tmp");
            File.WriteAllBytes(temporary, bytes.ToArray());
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"The {what} file '{path}' cannot be written: {e.Message}");
        }
    }

    /// <summary>Writes text as UTF-8.</summary>
    public static void WriteText(string path, string text, string what) => Write(path, System.Text.Encoding.UTF8.GetBytes(text), what);

    /// <summary>Refuses to replace an existing private key file.</summary>
    public static void RefuseToOverwrite(string path, string what)
    {
        if (File.Exists(path))
        {
            throw new UsageException($"The {what} file '{path}' already exists; remove it first or choose another path.");
        }
    }
}
