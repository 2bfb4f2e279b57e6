using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Core.Geofencing;
using SafeCommunity.Iot.Geofences.GeoJson;
using SafeCommunity.Iot.Geofences.Indexing;

namespace SafeCommunity.Iot.Geofences.Catalog;

/// <summary>
/// The fences the gateway enforces: the stored ones (<see cref="IGeofenceStore"/>, one GeoJSON Feature per fence)
/// kept in step with the <see cref="GeofenceIndex"/> that the alarm rules evaluate.
/// <list type="bullet">
/// <item><see cref="LoadFromStore"/> (at start) puts every stored fence in force; a stored fence that no longer
/// reads as a valid fence is logged with its id and reason and skipped, never fatal.</item>
/// <item><see cref="ImportGeoJson"/> checks a whole Feature or FeatureCollection first: when every feature is valid
/// it stores all of them in one transaction (an upsert by id) and then puts them in force; otherwise nothing is
/// written and the errors name each bad feature and field.</item>
/// <item><see cref="Remove"/> deletes a fence from the store and the index; <see cref="ExportGeoJson"/> writes every
/// fence in force as a FeatureCollection that imports back unchanged.</item>
/// </list>
/// Changes are serialised (one at a time, store first, then index); reads take the index's current snapshot.
/// </summary>
public sealed class GeofenceCatalog
{
    private readonly IGeofenceStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    /// <summary>Creates a catalog over <paramref name="store"/> that fills <paramref name="index"/>.</summary>
    public GeofenceCatalog(IGeofenceStore store, GeofenceIndex index, TimeProvider? timeProvider = null, ILogger<GeofenceCatalog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(index);
        _store = store;
        Index = index;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<GeofenceCatalog>.Instance;
    }

    /// <summary>The index the alarm rules evaluate (the same instance the pipeline holds).</summary>
    public GeofenceIndex Index { get; }

    /// <summary>Number of fences in force.</summary>
    public int Count => Index.Count;

    /// <summary>The fences in force, ordered by id.</summary>
    public IReadOnlyList<Geofence> Fences =>
        [.. Index.Snapshot.Fences.Select(f => f.Fence).OrderBy(f => f.Id, StringComparer.Ordinal)];

    /// <summary>The fence in force with id <paramref name="id"/>.</summary>
    public bool TryGet(string id, [NotNullWhen(true)] out Geofence? fence)
    {
        ArgumentNullException.ThrowIfNull(id);
        fence = Index.TryGet(id, out var prepared) ? prepared.Fence : null;
        return fence is not null;
    }

    /// <summary>
    /// Puts every stored fence in force, and takes out of the index any fence that is not stored (or no longer
    /// valid). Never throws for a bad stored fence: it is logged with its id and reason, skipped and left in the
    /// store, so that an administrator can see it and import a fixed one.
    /// </summary>
    /// <returns>The fences loaded and those skipped.</returns>
    public GeofenceLoadResult LoadFromStore()
    {
        lock (_gate)
        {
            var stored = _store.LoadAll();
            var fences = new List<Geofence>(stored.Count);
            var skipped = new List<SkippedGeofence>();
            foreach (var row in stored)
            {
                if (Parse(row, out var reason) is { } fence)
                {
                    fences.Add(fence);
                }
                else
                {
                    skipped.Add(new SkippedGeofence(row.Id, reason!));
                }
            }

            var loaded = Apply(fences, skipped);
            foreach (var skip in skipped)
            {
                GeofenceCatalogLog.StoredFenceSkipped(_logger, skip.Id, skip.Reason);
            }

            // Whatever the index held that is not stored (a fence removed behind its back) goes.
            var keep = new HashSet<string>(loaded.Select(f => f.Id), StringComparer.Ordinal);
            foreach (var id in Index.Snapshot.Fences.Select(f => f.Id).Where(id => !keep.Contains(id)).ToList())
            {
                Index.Remove(id);
            }

            GeofenceCatalogLog.FencesLoaded(_logger, loaded.Count, skipped.Count);
            return new GeofenceLoadResult([.. loaded.OrderBy(f => f.Id, StringComparer.Ordinal)], skipped);
        }
    }

    /// <summary>
    /// Imports a GeoJSON Feature or FeatureCollection of fences: every feature valid, or nothing written. Valid
    /// fences are stored (added, or replacing the stored fence with the same id) in one transaction, then put in
    /// force. Stored fences that the text does not name are kept. Never throws on bad input.
    /// </summary>
    /// <param name="json">The GeoJSON text.</param>
    /// <param name="source">What to call the text in the log (a file name, a request).</param>
    /// <returns>The imported fences, or the errors (then nothing was written).</returns>
    public GeofenceImportResult ImportGeoJson(string json, string source = "(request)")
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_gate)
        {
            var read = GeofenceGeoJson.Read(json);
            if (!read.IsValid)
            {
                var rejected = GeofenceImportResult.Failure(read.Errors);
                GeofenceCatalogLog.ImportRejected(_logger, source, read.Errors.Count, rejected.FormatErrors());
                return rejected;
            }

            Save(read.Fences, source);
            return GeofenceImportResult.Success(read.Fences);
        }
    }

    /// <summary>
    /// Stores valid fences (added, or replacing the stored fences with the same ids) in one transaction, then puts
    /// them in force. The caller has validated them (<see cref="GeofenceGeoJson.Read"/> does).
    /// </summary>
    /// <param name="fences">The fences.</param>
    /// <param name="source">What to call their origin in the log.</param>
    public void Save(IReadOnlyList<Geofence> fences, string source)
    {
        ArgumentNullException.ThrowIfNull(fences);
        ArgumentNullException.ThrowIfNull(source);
        lock (_gate)
        {
            if (fences.Count > 0)
            {
                // The text stored is the library's own (not the caller's): it reads back as the same fence.
                var now = _timeProvider.GetUtcNow();
                _store.SaveAll([.. fences.Select(f => new StoredGeofence(f.Id, GeofenceGeoJson.Write(f), now))]);
                Index.AddOrReplaceRange(fences);
            }

            GeofenceCatalogLog.FencesImported(_logger, fences.Count, source, Index.Count);
        }
    }

    /// <summary>Reads the file at <paramref name="path"/> (UTF-8) and imports it as <see cref="ImportGeoJson"/> does.</summary>
    /// <exception cref="IOException">The file cannot be read (<see cref="FileNotFoundException"/> when it is missing).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public GeofenceImportResult ImportFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var json = File.ReadAllText(path);
        return ImportGeoJson(json, path);
    }

    /// <summary>Removes the fence with id <paramref name="id"/> from the store and from force; returns whether there was one.</summary>
    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            var deleted = _store.Delete(id);
            var removed = Index.Remove(id);
            if (deleted || removed)
            {
                GeofenceCatalogLog.FenceRemoved(_logger, id, Index.Count);
            }

            return deleted || removed;
        }
    }

    /// <summary>Every fence in force as one GeoJSON FeatureCollection, ordered by id; <see cref="ImportGeoJson"/> reads it back.</summary>
    public string ExportGeoJson(bool indented = true) => GeofenceGeoJson.Write(Fences, indented);

    /// <summary>A stored row as a fence, or null with the reason.</summary>
    private static Geofence? Parse(StoredGeofence row, out string? reason)
    {
        var read = GeofenceGeoJson.Read(row.FeatureJson);
        if (!read.IsValid)
        {
            reason = string.Join("; ", read.Errors);
            return null;
        }

        if (read.Fences.Count != 1)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"The stored text holds {read.Fences.Count} fences instead of one Feature.");
            return null;
        }

        var fence = read.Fences[0];
        if (!string.Equals(fence.Id, row.Id, StringComparison.Ordinal))
        {
            reason = $"The stored feature's id '{fence.Id}' differs from the row's id.";
            return null;
        }

        reason = null;
        return fence;
    }

    /// <summary>Puts <paramref name="fences"/> in force with one rebuild; one by one if the index refuses one.</summary>
    private List<Geofence> Apply(List<Geofence> fences, List<SkippedGeofence> skipped)
    {
        try
        {
            Index.AddOrReplaceRange(fences);
            return fences;
        }
        catch (ArgumentException)
        {
            // Read validated every fence with the index's own rules, so this is not expected; if it happens, one bad
            // fence must not keep the others out.
            var added = new List<Geofence>(fences.Count);
            foreach (var fence in fences)
            {
                try
                {
                    Index.AddOrReplace(fence);
                    added.Add(fence);
                }
                catch (ArgumentException e)
                {
                    skipped.Add(new SkippedGeofence(fence.Id, e.Message));
                }
            }

            return added;
        }
    }
}
