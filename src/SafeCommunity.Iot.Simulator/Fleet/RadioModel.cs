namespace SafeCommunity.Iot.Simulator.Fleet;

/// <summary>
/// Signal strength from distance (log-distance path loss with a little noise) and whether a frame gets through.
/// Rough, but in the ranges the seed's receivers are rated for: a 433 MHz tag heard at -95..-100 dBm at 90 m by a
/// base station, a LoRa wristband at about -110 dBm at 1 km by a rooftop LoRaWAN gateway.
/// </summary>
internal static class RadioModel
{
    /// <summary>RSSI and SNR of a chip's or wristband's short-range radio at a base station or patrol receiver.</summary>
    public static (short RssiDbm, double SnrDb) ShortRange(double metres, Random random)
    {
        var rssi = -50 - (25 * Math.Log10(Math.Max(metres, 1))) + Noise(random, 2.5);
        var snr = Math.Clamp(((rssi + 112) * 0.45) + Noise(random, 1), -15, 12);
        return ((short)Math.Round(rssi), Math.Round(snr * 4) / 4);
    }

    /// <summary>RSSI and SNR of a LoRa uplink at a LoRaWAN gateway.</summary>
    public static (short RssiDbm, double SnrDb) LoRa(double metres, Random random)
    {
        var rssi = -40 - (23 * Math.Log10(Math.Max(metres, 1))) + Noise(random, 3);
        var snr = Math.Clamp(((rssi + 118) * 0.5) + Noise(random, 1.5), -20, 13.5);
        return ((short)Math.Round(rssi), Math.Round(snr * 10) / 10);
    }

    /// <summary>Whether a frame sent <paramref name="metres"/> away from a receiver of <paramref name="range"/> is heard.</summary>
    public static bool Heard(double metres, double range, Random random)
    {
        if (metres > range)
        {
            return false;
        }

        // Near the edge of its range a receiver misses some frames; close in, almost none.
        var chance = metres < 0.8 * range ? 0.97 : 0.75;
        return random.NextDouble() < chance;
    }

    /// <summary>Normally distributed noise (Box-Muller) with standard deviation <paramref name="sigma"/>.</summary>
    public static double Noise(Random random, double sigma)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
