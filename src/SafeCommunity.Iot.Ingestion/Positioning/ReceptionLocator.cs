using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Ingestion.Positioning;

/// <summary>
/// Works out where a device was from one uplink: its own GNSS fix when it has a current one, otherwise the
/// receivers that heard it.
/// </summary>
internal sealed class ReceptionLocator
{
    private readonly DeviceRegistry _registry;
    private readonly double _defaultRangeMetres;

    public ReceptionLocator(DeviceRegistry registry, double defaultRangeMetres)
    {
        _registry = registry;
        _defaultRangeMetres = defaultRangeMetres;
    }

    /// <summary>
    /// The best location for a frame heard by <paramref name="receptions"/>: a current GNSS fix; else the better
    /// (smaller radius) of a stale fix and the receivers' estimate; null when neither exists.
    /// </summary>
    public Location? Locate(in RadioFrame frame, IReadOnlyList<Reception> receptions)
    {
        if (frame.Position is not { } fix)
        {
            return FromReceivers(receptions);
        }

        var current = (frame.Flags & DeviceStatusFlags.GnssFixValid) != 0;
        var gnss = new Location(
            new GeoPoint(fix.Latitude, fix.Longitude),
            fix.AccuracyMetres,
            current ? LocationSource.Gnss : LocationSource.GnssStale,
            receptions[0].ReceivedAt - TimeSpan.FromSeconds(fix.FixAgeSeconds));
        // A current fix is the answer whatever the receivers say: their estimate is worked out only for a stale one.
        if (current || FromReceivers(receptions) is not { } estimate)
        {
            return gnss;
        }

        return estimate.AccuracyMetres < gnss.AccuracyMetres ? estimate : gnss;
    }

    /// <summary>
    /// The receivers' positions weighted by signal amplitude (10^(RSSI/20)); the radius is the tightest bound the
    /// receivers' ranges give: the device is within range of every receiver that heard it, so it is within
    /// distance(estimate, receiver) + range of the estimate, for each receiver.
    /// </summary>
    public Location? FromReceivers(IReadOnlyList<Reception> receptions)
    {
        Span<Anchor> anchors = stackalloc Anchor[Math.Min(receptions.Count, 32)];
        var count = 0;
        double strongest = double.NegativeInfinity;
        // An index loop: foreach over the interface would box the list's enumerator on every frame.
        for (var r = 0; r < receptions.Count && count < anchors.Length; r++)
        {
            var reception = receptions[r];
            _registry.TryGetReceiver(reception.ReceiverId, out var receiver);
            var position = reception.ReceiverPosition ?? receiver?.Position;
            if (position is not { IsValid: true } point)
            {
                continue;
            }

            var rssi = reception.RssiDbm ?? double.NaN;
            anchors[count++] = new Anchor(point, receiver?.RangeMetres ?? _defaultRangeMetres, rssi);
            if (!double.IsNaN(rssi) && rssi > strongest)
            {
                strongest = rssi;
            }
        }

        if (count == 0)
        {
            return null;
        }

        var origin = anchors[0].Point;
        double north = 0, east = 0, total = 0;
        for (var i = 0; i < count; i++)
        {
            // Without an RSSI every receiver weighs the same as the strongest one.
            var weight = double.IsNaN(anchors[i].Rssi) || double.IsNegativeInfinity(strongest)
                ? 1.0
                : Math.Pow(10, (anchors[i].Rssi - strongest) / 20);
            var (n, e) = LocalGeodesy.OffsetMetres(origin, anchors[i].Point);
            north += weight * n;
            east += weight * e;
            total += weight;
        }

        var estimate = LocalGeodesy.Offset(origin, north / total, east / total);
        var radius = double.PositiveInfinity;
        for (var i = 0; i < count; i++)
        {
            radius = Math.Min(radius, LocalGeodesy.DistanceMetres(estimate, anchors[i].Point) + anchors[i].RangeMetres);
        }

        var heardAt = receptions[0].ReceivedAt;
        return new Location(estimate, radius, LocationSource.Receivers, heardAt);
    }

    private readonly record struct Anchor(GeoPoint Point, double RangeMetres, double Rssi);
}
