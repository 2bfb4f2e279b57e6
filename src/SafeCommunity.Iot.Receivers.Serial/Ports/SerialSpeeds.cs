namespace SafeCommunity.Iot.Receivers.Serial.Ports;

/// <summary>
/// The line speeds a port is opened at: the standard ones a tty takes by name (the <c>B</c> constants of Linux's
/// termios.h), which every USB serial adapter and module here uses.
/// </summary>
public static class SerialSpeeds
{
    private static readonly Dictionary<int, uint> TermiosConstants = new()
    {
        [300] = 7, [600] = 8, [1200] = 9, [1800] = 10, [2400] = 11, [4800] = 12, [9600] = 13, [19200] = 14, [38400] = 15,
        [57600] = 4097, [115200] = 4098, [230400] = 4099, [460800] = 4100, [500000] = 4101, [576000] = 4102, [921600] = 4103,
        [1000000] = 4104, [1152000] = 4105, [1500000] = 4106, [2000000] = 4107, [2500000] = 4108, [3000000] = 4109,
        [3500000] = 4110, [4000000] = 4111,
    };

    /// <summary>Whether <paramref name="bitsPerSecond"/> is a standard speed.</summary>
    public static bool IsStandard(int bitsPerSecond) => TermiosConstants.ContainsKey(bitsPerSecond);

    /// <summary>The standard speeds, slowest first, for messages.</summary>
    public static string List => string.Join(", ", TermiosConstants.Keys.Order());

    /// <summary>The termios constant of a standard speed on Linux.</summary>
    internal static bool TryGetTermiosConstant(int bitsPerSecond, out uint constant) => TermiosConstants.TryGetValue(bitsPerSecond, out constant);
}
