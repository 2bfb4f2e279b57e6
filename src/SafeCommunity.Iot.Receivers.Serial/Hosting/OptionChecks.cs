using SafeCommunity.Iot.Receivers.Serial.Ports;

namespace SafeCommunity.Iot.Receivers.Serial.Hosting;

/// <summary>Checks shared by the option validators; each failure names the configuration key.</summary>
internal static class OptionChecks
{
    public static void CheckReceiverId(List<string> failures, string at, string? receiverId, HashSet<string> seen)
    {
        if (string.IsNullOrWhiteSpace(receiverId))
        {
            failures.Add($"{at}:ReceiverId is required.");
        }
        else if (!seen.Add(receiverId))
        {
            failures.Add($"{at}:ReceiverId '{receiverId}' is configured twice.");
        }
    }

    public static void CheckPath(List<string> failures, string at, string? path, HashSet<string> seen)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            failures.Add($"{at}:Path is required (e.g. /dev/serial/by-id/usb-...).");
        }
        else if (!path.StartsWith('/'))
        {
            failures.Add($"{at}:Path must be an absolute device path (got '{path}').");
        }
        else if (!seen.Add(path))
        {
            failures.Add($"{at}:Path '{path}' is configured twice.");
        }
    }

    public static void CheckBaudRate(List<string> failures, string at, int baudRate)
    {
        if (!SerialSpeeds.IsStandard(baudRate))
        {
            failures.Add($"{at}:BaudRate must be a standard speed: {SerialSpeeds.List} (got {baudRate}).");
        }
    }
}
