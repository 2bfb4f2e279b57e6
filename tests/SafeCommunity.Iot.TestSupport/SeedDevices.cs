using System.Security.Cryptography;
using System.Text;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>The seed deployment's demo devices (src/SafeCommunity.Iot.Gateway/Seed), and frames signed with their keys.</summary>
public static class SeedDevices
{
    /// <summary>The first e-bike chip of Wufu.</summary>
    public const uint WufuChip = 0x11000001;

    /// <summary>The first wristband.</summary>
    public const uint Wristband = 0x22000001;

    /// <summary>The seed registry file, as copied next to the gateway.</summary>
    public static string SeedFile => Path.Combine(AppContext.BaseDirectory, "Seed", "anlong-county.json");

    /// <summary>Demo keys are SHA-256("safecommunity-demo-key:" + id), first 16 bytes (Seed/README.md).</summary>
    public static byte[] KeyOf(uint deviceId) =>
        SHA256.HashData(Encoding.ASCII.GetBytes($"safecommunity-demo-key:{deviceId}"))[..16];

    /// <summary>The frame signed with its device's demo key.</summary>
    public static byte[] Sign(in RadioFrame frame)
    {
        using var cmac = new AesCmac(KeyOf(frame.DeviceId));
        return RadioFrameWriter.ToArray(frame, cmac);
    }
}
