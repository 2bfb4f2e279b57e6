using System.Globalization;
using SafeCommunity.Iot.Cli.Cli;

namespace SafeCommunity.Iot.Cli.Watch;

/// <summary>
/// The last alarm sequence a watch has shown (or that a heartbeat confirmed), kept in a small text file so that a
/// restarted <c>safecomm alarms watch</c> resumes where the last one stopped. The default file is one per gateway:
/// <c>$XDG_STATE_HOME/safecomm/watch-HOST-PORT.seq</c>, or <c>~/.local/state/safecomm/...</c>. It is replaced
/// atomically (written beside, then renamed), so a crash leaves the old or the new number, never half of one.
/// </summary>
internal sealed class SequenceStateFile
{
    public SequenceStateFile(string path)
    {
        Path = path;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The default file for watching <paramref name="gateway"/>.</summary>
    public static string DefaultPath(Uri gateway, CliContext context)
    {
        var stateHome = context.GetEnvironmentVariable("XDG_STATE_HOME");
        var directory = !string.IsNullOrWhiteSpace(stateHome) && System.IO.Path.IsPathRooted(stateHome)
            ? System.IO.Path.Combine(stateHome, "safecomm")
            : System.IO.Path.Combine(context.HomeDirectory, ".local", "state", "safecomm");
        return System.IO.Path.Combine(directory, $"watch-{FileNamePart(gateway)}.seq");
    }

    /// <summary><c>127.0.0.1-5081</c>, <c>gateway.example-5443</c>, <c>--1-5081</c> for [::1].</summary>
    public static string FileNamePart(Uri gateway)
    {
        var host = gateway.IdnHost.Trim('[', ']');
        var safe = new string([.. host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-')]);
        return safe + "-" + gateway.Port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Reads the sequence; null when there is no file, with <paramref name="problem"/> when it is unusable.</summary>
    public long? Load(out string? problem)
    {
        problem = null;
        string text;
        try
        {
            if (!File.Exists(Path))
            {
                return null;
            }

            text = File.ReadAllText(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read the watch state file {Path}: {e.Message}";
            return null;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            problem = $"the watch state file {Path} does not hold a sequence number";
            return null;
        }

        return sequence;
    }

    /// <summary>Writes the sequence; false with <paramref name="problem"/> when the file cannot be written.</summary>
    public bool TrySave(long sequence, out string? problem)
    {
        problem = null;
        var temporary = Path + ".tmp";
        try
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(temporary, sequence.ToString(CultureInfo.InvariantCulture) + "\n");
            File.Move(temporary, Path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot write the watch state file {Path}: {e.Message}";
            return false;
        }
    }
}
