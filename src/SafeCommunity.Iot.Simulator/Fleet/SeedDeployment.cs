using System.Globalization;
using System.Text.Json;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Simulator.Fleet;

/// <summary>A community of the seed file.</summary>
/// <param name="Id">Its id ("wufu").</param>
/// <param name="Name">Its name ("五福社区 Wufu").</param>
public sealed record SeedCommunity(string Id, string Name);

/// <summary>A receiver of the seed file.</summary>
/// <param name="Id">Its id ("wufu-gate-north", or a LoRaWAN gateway's EUI).</param>
/// <param name="Kind">Base station, mobile, LoRa module or LoRaWAN gateway.</param>
/// <param name="CommunityId">The community it serves.</param>
/// <param name="Name">A human name.</param>
/// <param name="Position">Its fixed position; null for a mobile receiver.</param>
/// <param name="RangeMetres">How far it hears a device.</param>
/// <param name="HardwareId">The id its serial link reports in status records, when it has one.</param>
public sealed record SeedReceiver(
    string Id, ReceiverKind Kind, string CommunityId, string Name, GeoPoint? Position, double RangeMetres, uint? HardwareId);

/// <summary>A chip or wristband of the seed file.</summary>
/// <param name="Id">The protocol's device id.</param>
/// <param name="Kind">Chip, elder or child wristband.</param>
/// <param name="CommunityId">The community it belongs to.</param>
/// <param name="DisplayName">What people call it.</param>
/// <param name="Owner">The owner or household id.</param>
/// <param name="DevEui">The LoRaWAN DevEUI (lower case), when it is a LoRaWAN device.</param>
/// <param name="KeyHex">The key the file enrols it with (32 hex digits).</param>
public sealed record SeedDevice(
    uint Id, DeviceKind Kind, string CommunityId, string DisplayName, string Owner, string? DevEui, string KeyHex)
{
    /// <summary>The id as it is printed on the label ("0x11000001").</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"0x{Id:x8}");
}

/// <summary>
/// The parts of a registry import file (docs/storage.md) the simulator needs: communities, receivers and devices.
/// It reads the same file the gateway imports, so both agree on ids, DevEUIs and receiver positions.
/// </summary>
public sealed class SeedDeployment
{
    private SeedDeployment(IReadOnlyList<SeedCommunity> communities, IReadOnlyList<SeedReceiver> receivers, IReadOnlyList<SeedDevice> devices)
    {
        Communities = communities;
        Receivers = receivers;
        Devices = devices;
    }

    /// <summary>The communities, in file order.</summary>
    public IReadOnlyList<SeedCommunity> Communities { get; }

    /// <summary>The receivers, in file order.</summary>
    public IReadOnlyList<SeedReceiver> Receivers { get; }

    /// <summary>The devices, in file order.</summary>
    public IReadOnlyList<SeedDevice> Devices { get; }

    /// <summary>Reads a registry import file.</summary>
    /// <exception cref="SeedFileException">The file is missing, not JSON, or lacks what the simulator needs.</exception>
    public static SeedDeployment Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SeedFileException($"cannot read the seed file {path}: {ex.Message}", ex);
        }

        try
        {
            return Parse(text);
        }
        catch (SeedFileException ex)
        {
            throw new SeedFileException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Reads the JSON text of a registry import file.</summary>
    /// <exception cref="SeedFileException">Not JSON, or lacks what the simulator needs.</exception>
    public static SeedDeployment Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new SeedFileException($"not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var communities = ReadArray(root, "communities", ReadCommunity);
            var receivers = ReadArray(root, "receivers", ReadReceiver);
            var devices = ReadArray(root, "devices", ReadDevice);
            if (devices.Count == 0)
            {
                throw new SeedFileException("it lists no devices");
            }

            var known = communities.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var stray = devices.FirstOrDefault(d => !known.Contains(d.CommunityId));
            if (stray is not null)
            {
                throw new SeedFileException($"device {stray.Label} belongs to community '{stray.CommunityId}', which the file does not list");
            }

            return new SeedDeployment(communities, receivers, devices);
        }
    }

    private static List<T> ReadArray<T>(JsonElement root, string name, Func<JsonElement, int, T> read)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new SeedFileException($"it has no '{name}' array");
        }

        var items = new List<T>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            items.Add(read(element, index++));
        }

        return items;
    }

    private static SeedCommunity ReadCommunity(JsonElement element, int index) =>
        new(RequiredString(element, "id", "communities", index), OptionalString(element, "name") ?? RequiredString(element, "id", "communities", index));

    private static SeedReceiver ReadReceiver(JsonElement element, int index)
    {
        var at = $"receivers[{index}]";
        var kindName = RequiredString(element, "kind", "receivers", index);
        if (!RegistryNames.TryParseReceiverKind(kindName, out var kind))
        {
            throw new SeedFileException($"{at}.kind '{kindName}' is not one of {string.Join(", ", RegistryNames.ReceiverKindNames)}");
        }

        var latitude = OptionalDouble(element, "latitude");
        var longitude = OptionalDouble(element, "longitude");
        GeoPoint? position = latitude is { } lat && longitude is { } lon ? new GeoPoint(lat, lon) : null;
        var id = RequiredString(element, "id", "receivers", index);
        return new SeedReceiver(
            id,
            kind,
            RequiredString(element, "community", "receivers", index),
            OptionalString(element, "name") ?? id,
            position,
            OptionalDouble(element, "rangeMetres") ?? 100,
            element.TryGetProperty("hardwareId", out var hardware) && hardware.TryGetUInt32(out var hardwareId) ? hardwareId : null);
    }

    private static SeedDevice ReadDevice(JsonElement element, int index)
    {
        var at = $"devices[{index}]";
        if (!element.TryGetProperty("id", out var idElement) || !idElement.TryGetUInt32(out var id) || id == 0)
        {
            throw new SeedFileException($"{at}.id is missing or not a device id (1..4294967295)");
        }

        var kindName = RequiredString(element, "kind", "devices", index);
        if (!RegistryNames.TryParseDeviceKind(kindName, out var kind))
        {
            throw new SeedFileException($"{at}.kind '{kindName}' is not one of {string.Join(", ", RegistryNames.DeviceKindNames)}");
        }

        var devEui = OptionalString(element, "devEui")?.ToLowerInvariant();
        return new SeedDevice(
            id,
            kind,
            RequiredString(element, "community", "devices", index),
            OptionalString(element, "displayName") ?? string.Create(CultureInfo.InvariantCulture, $"device {id}"),
            OptionalString(element, "owner") ?? "",
            devEui,
            OptionalString(element, "key") ?? "");
    }

    private static string RequiredString(JsonElement element, string name, string array, int index) =>
        OptionalString(element, name) ?? throw new SeedFileException($"{array}[{index}].{name} is missing");

    private static string? OptionalString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) &&
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static double? OptionalDouble(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) &&
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : null;
}

/// <summary>The seed file cannot be used; the message says why in plain words.</summary>
public sealed class SeedFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SeedFileException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SeedFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SeedFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
