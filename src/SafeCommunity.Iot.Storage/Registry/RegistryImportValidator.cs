using System.Globalization;
using System.Text.Json;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Storage.Registry;

/// <summary>
/// Checks a parsed import file against the rules in docs/storage.md and builds its contents. All rows are checked
/// (not just up to the first error) so that an administrator fixes a file in one go.
/// </summary>
internal sealed class RegistryImportValidator
{
    private const string CommunitiesSection = "communities";
    private const string ReceiversSection = "receivers";
    private const string DevicesSection = "devices";
    private const int DevEuiHexDigits = 16;
    private const double MinimumRangeMetres = 1;
    private const double MaximumRangeMetres = 10_000;
    private const long MinimumSilentTimeoutSeconds = 60;
    private const long MaximumSilentTimeoutSeconds = 30 * 24 * 3600;

    private static readonly HashSet<string> Sections = new(StringComparer.Ordinal) { CommunitiesSection, ReceiversSection, DevicesSection };
    private static readonly HashSet<string> CommunityProperties = new(StringComparer.Ordinal) { "id", "name", "timeZone", "policeRoom" };

    private static readonly HashSet<string> ReceiverProperties = new(StringComparer.Ordinal)
    {
        "id", "kind", "community", "name", "latitude", "longitude", "rangeMetres", "hardwareId",
    };

    private static readonly HashSet<string> DeviceProperties = new(StringComparer.Ordinal)
    {
        "id", "kind", "key", "displayName", "community", "owner", "devEui", "networkServerDeviceId",
        "silentTimeoutSeconds", "lowBatteryPercent",
    };

    private readonly RegistryImportContext _existing;
    private readonly ImportErrorList _errors;
    private readonly HashSet<string> _fileCommunityIds = new(StringComparer.Ordinal);

    public RegistryImportValidator(RegistryImportContext existing, ImportErrorList errors)
    {
        _existing = existing;
        _errors = errors;
    }

    public RegistryContents? Validate(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            _errors.Add(new RegistryImportError(null, null, null,
                "the file must hold one JSON object with the sections communities, receivers and devices"));
            return null;
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!Sections.Contains(property.Name))
            {
                _errors.Add(new RegistryImportError(null, null, null,
                    $"unknown section '{ImportText.Show(property.Name)}' (expected communities, receivers, devices)"));
            }
        }

        var communityRows = Rows(root, CommunitiesSection);
        var receiverRows = Rows(root, ReceiversSection);
        var deviceRows = Rows(root, DevicesSection);

        // Rows may refer to communities that come later in the file: collect every id first.
        foreach (var row in communityRows)
        {
            if (row.ValueKind == JsonValueKind.Object && row.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                _fileCommunityIds.Add(id.GetString()!);
            }
        }

        var communities = ReadCommunities(communityRows);
        var receivers = ReadReceivers(receiverRows);
        var devices = ReadDevices(deviceRows);
        return _errors.Count == 0 ? new RegistryContents(communities, receivers, devices) : null;
    }

    private List<JsonElement> Rows(JsonElement root, string section)
    {
        if (!root.TryGetProperty(section, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            _errors.Add(new RegistryImportError(section, null, null, "must be a JSON array of rows"));
            return [];
        }

        return [.. value.EnumerateArray()];
    }

    private List<Community> ReadCommunities(List<JsonElement> rows)
    {
        var communities = new List<Community>(rows.Count);
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < rows.Count; index++)
        {
            var row = ImportRow.Open(CommunitiesSection, index, rows[index], CommunityProperties, _errors);
            if (row is null)
            {
                continue;
            }

            var id = row.Id("id", required: true);
            CheckUnique(row, firstIndex, id, "id");
            var name = row.String("name", required: true);
            var timeZone = row.String("timeZone", required: false, ImportText.MaxIdLength) ?? Community.DefaultTimeZone;
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            {
                row.Error($"timeZone '{ImportText.Show(timeZone)}' is not a known IANA time zone (for example Asia/Shanghai)");
            }

            var policeRoom = row.String("policeRoom", required: true);
            if (!row.HasErrors)
            {
                communities.Add(new Community { Id = id!, Name = name!, TimeZoneId = timeZone, PoliceRoom = policeRoom! });
            }
        }

        return communities;
    }

    private List<Receiver> ReadReceivers(List<JsonElement> rows)
    {
        var receivers = new List<Receiver>(rows.Count);
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var hardwareIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < rows.Count; index++)
        {
            var row = ImportRow.Open(ReceiversSection, index, rows[index], ReceiverProperties, _errors);
            if (row is null)
            {
                continue;
            }

            var id = row.Id("id", required: true);
            CheckUnique(row, firstIndex, id, "id");
            var kind = ReadKind(row, out ReceiverKind receiverKind);
            var community = ReadCommunityReference(row);
            var name = row.String("name", required: false);
            var position = ReadPosition(row);
            if (kind)
            {
                CheckPositionForKind(row, receiverKind);
            }

            var range = row.Number("rangeMetres", required: true);
            if (range is < MinimumRangeMetres or > MaximumRangeMetres)
            {
                row.Error(string.Create(CultureInfo.InvariantCulture,
                    $"rangeMetres must be from {MinimumRangeMetres} to {MaximumRangeMetres} metres"));
            }

            var hardwareId = row.Integer("hardwareId", required: false, 0, uint.MaxValue);
            CheckUnique(row, hardwareIds, hardwareId?.ToString(CultureInfo.InvariantCulture), "hardwareId");
            if (!row.HasErrors)
            {
                receivers.Add(new Receiver
                {
                    Id = id!,
                    Kind = receiverKind,
                    CommunityId = community!,
                    Name = name,
                    Position = position,
                    RangeMetres = range!.Value,
                    HardwareId = (uint?)hardwareId,
                });
            }
        }

        return receivers;
    }

    private List<Device> ReadDevices(List<JsonElement> rows)
    {
        // Which ids the file holds, so that an alias held by an enrolled device that this file re-imports does not
        // count as taken: the import replaces that device's aliases in the same transaction.
        var fileDeviceIds = new HashSet<uint>();
        foreach (var row in rows)
        {
            if (row.ValueKind == JsonValueKind.Object && row.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number &&
                id.TryGetUInt32(out var value))
            {
                fileDeviceIds.Add(value);
            }
        }

        var devices = new List<Device>(rows.Count);
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var devEuis = new Dictionary<string, int>(StringComparer.Ordinal);
        var networkServerIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < rows.Count; index++)
        {
            var row = ImportRow.Open(DevicesSection, index, rows[index], DeviceProperties, _errors);
            if (row is null)
            {
                continue;
            }

            var id = (uint?)row.Integer("id", required: true, 1, uint.MaxValue);
            CheckUnique(row, firstIndex, id?.ToString(CultureInfo.InvariantCulture), "id");
            ReadKind(row, out DeviceKind deviceKind);
            var key = ReadKey(row);
            var displayName = row.String("displayName", required: true);
            var community = ReadCommunityReference(row);
            var owner = row.Id("owner", required: true);

            var devEui = row.String("devEui", required: false);
            if (devEui is not null && !ImportText.IsHex(devEui, DevEuiHexDigits))
            {
                row.Error("devEui must be 16 hex digits");
                devEui = null;
            }

            devEui = devEui?.ToLowerInvariant();
            CheckUnique(row, devEuis, devEui, "devEui");
            CheckNotTaken(row, id, devEui, _existing.DeviceByDevEui, fileDeviceIds, "devEui");

            var networkServerId = row.Id("networkServerDeviceId", required: false);
            CheckUnique(row, networkServerIds, networkServerId, "networkServerDeviceId");
            CheckNotTaken(row, id, networkServerId, _existing.DeviceByNetworkServerId, fileDeviceIds, "networkServerDeviceId");

            var silentTimeout = row.Integer("silentTimeoutSeconds", required: false, MinimumSilentTimeoutSeconds, MaximumSilentTimeoutSeconds,
                "of seconds from 60 (1 minute) to 2592000 (30 days)");
            var lowBattery = row.Integer("lowBatteryPercent", required: false, 1, 99);
            if (!row.HasErrors)
            {
                devices.Add(new Device
                {
                    Id = id!.Value,
                    Kind = deviceKind,
                    Key = key!,
                    DisplayName = displayName!,
                    CommunityId = community!,
                    Owner = owner!,
                    DevEui = devEui,
                    NetworkServerDeviceId = networkServerId,
                    SilentTimeout = silentTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                    LowBatteryPercent = (int?)lowBattery,
                });
            }
        }

        return devices;
    }

    private static DeviceKey? ReadKey(ImportRow row)
    {
        // The key's value never goes into a message, whatever is wrong with it.
        if (!row.Has("key"))
        {
            row.Error("key is required (32 hex digits)");
            return null;
        }

        var text = row.String("key", required: true, maxLength: int.MaxValue);
        if (text is null)
        {
            return null;
        }

        if (!DeviceKey.TryParseHex(text, out var key))
        {
            row.Error("key must be 32 hex digits");
        }

        return key;
    }

    private static bool ReadKind(ImportRow row, out ReceiverKind kind)
    {
        kind = default;
        var name = row.String("kind", required: true);
        if (name is null)
        {
            return false;
        }

        if (!RegistryNames.TryParseReceiverKind(name, out kind))
        {
            row.Error($"kind must be one of {string.Join(", ", RegistryNames.ReceiverKindNames)}");
            return false;
        }

        return true;
    }

    private static void ReadKind(ImportRow row, out DeviceKind kind)
    {
        kind = default;
        var name = row.String("kind", required: true);
        if (name is not null && !RegistryNames.TryParseDeviceKind(name, out kind))
        {
            row.Error($"kind must be one of {string.Join(", ", RegistryNames.DeviceKindNames)}");
        }
    }

    private string? ReadCommunityReference(ImportRow row)
    {
        var community = row.Id("community", required: true);
        if (community is not null && !_fileCommunityIds.Contains(community) && !_existing.CommunityIds.Contains(community))
        {
            row.Error($"community '{ImportText.Show(community)}' does not exist (neither in this file nor enrolled)");
        }

        return community;
    }

    private static GeoPoint? ReadPosition(ImportRow row)
    {
        var hasLatitude = row.Has("latitude");
        var hasLongitude = row.Has("longitude");
        if (hasLatitude != hasLongitude)
        {
            row.Error("latitude and longitude go together: give both or neither");
            return null;
        }

        if (!hasLatitude)
        {
            return null;
        }

        var latitude = row.Number("latitude", required: true);
        var longitude = row.Number("longitude", required: true);
        if (latitude is null || longitude is null)
        {
            return null;
        }

        var point = new GeoPoint(latitude.Value, longitude.Value);
        if (!point.IsValid)
        {
            row.Error("latitude must be from -90 to 90 and longitude from -180 to 180 (WGS84 degrees)");
            return null;
        }

        return point;
    }

    private static void CheckPositionForKind(ImportRow row, ReceiverKind kind)
    {
        // A LoRaWAN gateway may go either way: some report their position in the uplink metadata.
        var hasPosition = row.Has("latitude") || row.Has("longitude");
        switch (kind)
        {
            case ReceiverKind.FixedBaseStation or ReceiverKind.LoRaP2PModule when !hasPosition:
                row.Error($"a {kind.Name()} needs latitude and longitude: devices it hears are placed at its position");
                break;
            case ReceiverKind.Mobile when hasPosition:
                row.Error("a mobile receiver must not have latitude or longitude: it reports its own GNSS position");
                break;
            default:
                break;
        }
    }

    private static void CheckUnique(ImportRow row, Dictionary<string, int> firstIndex, string? value, string field)
    {
        if (value is null)
        {
            return;
        }

        if (firstIndex.TryGetValue(value, out var first))
        {
            row.Error(string.Create(CultureInfo.InvariantCulture, $"duplicate {field}: {row.Section}[{first}] has it too"));
        }
        else
        {
            firstIndex.Add(value, row.Index);
        }
    }

    private static void CheckNotTaken(
        ImportRow row, uint? id, string? value, IReadOnlyDictionary<string, uint> enrolled, HashSet<uint> fileDeviceIds, string field)
    {
        if (value is not null && enrolled.TryGetValue(value, out var holder) && holder != id && !fileDeviceIds.Contains(holder))
        {
            row.Error(string.Create(CultureInfo.InvariantCulture, $"{field} is already held by enrolled device {holder}"));
        }
    }
}
