using NetTopologySuite.Geometries;
using NetTopologySuite.Index;
using NetTopologySuite.Index.Strtree;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Geofences.Indexing;

/// <summary>
/// An immutable view of every fence in a <see cref="GeofenceIndex"/>, shared by any number of reader threads; a
/// change to the index builds a new one.
/// <para>
/// Fences are grouped by assignment first (a device; a kind in a community; a community's boundary) and searched
/// in space second: a device's query touches only its three groups, found by dictionary look-ups, so its cost
/// does not depend on how many fences other devices have. Within a group of more than
/// <see cref="TreeThreshold"/> fences (a community's hundred ponds for its children) an STR-packed R-tree (NTS
/// <see cref="STRtree{TItem}"/>) over the expanded envelopes finds those near the point; a smaller group (an
/// elder's two or three safe zones) is checked envelope by envelope, which is faster than any tree at that size.
/// </para>
/// </summary>
public sealed class GeofenceSnapshot
{
    /// <summary>Groups with more fences than this get an R-tree.</summary>
    public const int TreeThreshold = 8;

    [ThreadStatic]
    private static CandidateVisitor? _visitor;

    private readonly Dictionary<string, PreparedGeofence> _byId;
    private readonly Dictionary<uint, Group> _byDevice = [];
    private readonly Dictionary<(DeviceKind Kind, string Community), Group> _byKind = [];
    private readonly Dictionary<string, Group> _byCommunity = new(StringComparer.Ordinal);

    internal GeofenceSnapshot(IReadOnlyCollection<PreparedGeofence> fences, long version)
    {
        Version = version;
        _byId = new Dictionary<string, PreparedGeofence>(fences.Count, StringComparer.Ordinal);
        var byDevice = new Dictionary<uint, List<PreparedGeofence>>();
        var byKind = new Dictionary<(DeviceKind, string), List<PreparedGeofence>>();
        var byCommunity = new Dictionary<string, List<PreparedGeofence>>(StringComparer.Ordinal);
        foreach (var fence in fences)
        {
            _byId.Add(fence.Id, fence);
            switch (fence.Fence.Assignment)
            {
                case DeviceAssignment d:
                    AddTo(byDevice, d.DeviceId, fence);
                    break;
                case KindAssignment k:
                    AddTo(byKind, (k.Kind, k.CommunityId), fence);
                    break;
                case CommunityBoundaryAssignment c:
                    AddTo(byCommunity, c.CommunityId, fence);
                    break;
                default:
                    break;
            }
        }

        foreach (var (key, list) in byDevice)
        {
            _byDevice.Add(key, new Group(list));
        }

        foreach (var (key, list) in byKind)
        {
            _byKind.Add(key, new Group(list));
        }

        foreach (var (key, list) in byCommunity)
        {
            _byCommunity.Add(key, new Group(list));
        }
    }

    /// <summary>Increases with every change to the index.</summary>
    public long Version { get; }

    /// <summary>Number of fences.</summary>
    public int Count => _byId.Count;

    /// <summary>Every fence, in no particular order.</summary>
    public IEnumerable<PreparedGeofence> Fences => _byId.Values;

    /// <summary>The fence with id <paramref name="id"/>.</summary>
    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PreparedGeofence? fence) =>
        _byId.TryGetValue(id, out fence);

    /// <summary>
    /// Adds to <paramref name="into"/> the fences assigned to <paramref name="device"/> (to it, to its kind in its
    /// community, its community's boundary) whose expanded envelope contains <paramref name="point"/>. Allocates
    /// nothing.
    /// </summary>
    public void Candidates(Device device, GeoPoint point, List<PreparedGeofence> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        For(device).Candidates(point, into);
    }

    /// <summary>The groups of fences that concern <paramref name="device"/>: three look-ups, done once per fix.</summary>
    internal DeviceGroups For(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _byDevice.TryGetValue(device.Id, out var own);
        _byKind.TryGetValue((device.Kind, device.CommunityId), out var kind);
        _byCommunity.TryGetValue(device.CommunityId, out var community);
        return new DeviceGroups(own, kind, community);
    }

    private static void AddTo<TKey>(Dictionary<TKey, List<PreparedGeofence>> lists, TKey key, PreparedGeofence fence)
        where TKey : notnull
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists.Add(key, list = []);
        }

        list.Add(fence);
    }

    /// <summary>The fences assigned to one device, to its kind in its community, and to its community.</summary>
    internal readonly struct DeviceGroups(Group? own, Group? kind, Group? community)
    {
        /// <summary>Adds the fences whose expanded envelope contains <paramref name="point"/>.</summary>
        public void Candidates(GeoPoint point, List<PreparedGeofence> into)
        {
            own?.Candidates(point, into);
            kind?.Candidates(point, into);
            community?.Candidates(point, into);
        }

        /// <summary>Keep-in fences assigned to the device itself.</summary>
        public ReadOnlySpan<PreparedGeofence> OwnKeepIn => own is null ? [] : own.KeepIn;

        /// <summary>Keep-in fences assigned to its kind in its community.</summary>
        public ReadOnlySpan<PreparedGeofence> KindKeepIn => kind is null ? [] : kind.KeepIn;

        /// <summary>Keep-in boundaries of its community.</summary>
        public ReadOnlySpan<PreparedGeofence> CommunityKeepIn => community is null ? [] : community.KeepIn;
    }

    /// <summary>The fences of one assignment.</summary>
    internal sealed class Group
    {
        private readonly PreparedGeofence[] _all;
        private readonly STRtree<PreparedGeofence>? _tree;

        public Group(List<PreparedGeofence> fences)
        {
            _all = [.. fences];
            KeepIn = [.. fences.Where(f => f.Mode == GeofenceMode.KeepIn)];
            if (_all.Length > TreeThreshold)
            {
                _tree = new STRtree<PreparedGeofence>();
                foreach (var fence in _all)
                {
                    _tree.Insert(fence.ExpandedEnvelope, fence);
                }

                // Built now, by the writer, so that readers never race to build it.
                _tree.Build();
            }
        }

        public PreparedGeofence[] KeepIn { get; }

        public void Candidates(GeoPoint point, List<PreparedGeofence> into)
        {
            if (_tree is null)
            {
                foreach (var fence in _all)
                {
                    if (fence.IsNear(point))
                    {
                        into.Add(fence);
                    }
                }

                return;
            }

            var visitor = _visitor ??= new CandidateVisitor();
            visitor.Into = into;
            visitor.Envelope.Init(point.Longitude, point.Longitude, point.Latitude, point.Latitude);
            _tree.Query(visitor.Envelope, visitor);
            visitor.Into = null;
        }
    }

    /// <summary>One per thread: adds what the tree walk visits.</summary>
    private sealed class CandidateVisitor : IItemVisitor<PreparedGeofence>
    {
        public List<PreparedGeofence>? Into { get; set; }

        public Envelope Envelope { get; } = new();

        public void VisitItem(PreparedGeofence item) => Into!.Add(item);
    }
}
