namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>Follows a serial device path (often a symbolic link) to the device file it names now.</summary>
internal static class DevicePath
{
    /// <summary>
    /// The full path of the device file <paramref name="path"/> leads to after following every link, or null when
    /// nothing is there (a dangling link left by an unplugged USB adapter counts as nothing). Never throws.
    /// </summary>
    public static string? Resolve(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is null)
            {
                return info.Exists ? info.FullName : null;
            }

            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            return target is { Exists: true } ? target.FullName : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
