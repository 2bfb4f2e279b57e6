using System.ComponentModel.DataAnnotations;

namespace SafeCommunity.Iot.Ingestion.Hosting;

/// <summary>Settings of the uplink pipeline (configuration section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ingestion";

    /// <summary>Parallel shards; a device is always handled by the same one, so its frames stay in order. 0 = one per processor.</summary>
    [Range(0, 64)]
    public int Shards { get; set; }

    /// <summary>Uplinks waiting for the pipeline before receivers are slowed down.</summary>
    [Range(16, 1_000_000)]
    public int IngressCapacity { get; set; } = 8192;

    /// <summary>Uplinks waiting in each shard.</summary>
    [Range(16, 1_000_000)]
    public int ShardCapacity { get; set; } = 4096;

    /// <summary>Verified uplinks waiting to be stored.</summary>
    [Range(16, 1_000_000)]
    public int CommitCapacity { get; set; } = 16384;

    /// <summary>The most uplinks stored in one transaction.</summary>
    [Range(1, 100_000)]
    public int MaxCommitBatch { get; set; } = 2048;

    /// <summary>Receptions of the same frame within this time of its first are one uplink.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many counters below the latest a late frame may have and still be accepted (once), 0..64.</summary>
    [Range(0, Verification.ReplayWindow.MaxSize)]
    public int ReplayWindow { get; set; } = 16;

    /// <summary>Prepared device keys kept per shard.</summary>
    [Range(1, 10_000_000)]
    public int KeyCacheSize { get; set; } = 16384;

    /// <summary>Range assumed for a receiver the registry does not know (e.g. a LoRaWAN gateway not enrolled).</summary>
    [Range(1, 100_000)]
    public double DefaultReceiverRangeMetres { get; set; } = 1000;

    /// <summary>A new trail point is kept when the device moved at least this far...</summary>
    [Range(0, 100_000)]
    public double TrailMinDistanceMetres { get; set; } = 25;

    /// <summary>...or this long after the previous point.</summary>
    public TimeSpan TrailMinInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Rejected frames are logged at most once per receiver and reason in this interval (the rest are counted).</summary>
    public TimeSpan RejectionLogInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// With a store shared by several gateways: how often each reads the device states the others stored, to take up
    /// what they heard (docs/scale-out.md). Default 5 s; 1 s..10 min.
    /// </summary>
    public TimeSpan SharedStateInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The shard count in force.</summary>
    public int EffectiveShards => Shards > 0 ? Shards : Environment.ProcessorCount;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DuplicateWindow <= TimeSpan.Zero || DuplicateWindow > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Ingestion:DuplicateWindow must be between 0 and 1 minute.", [nameof(DuplicateWindow)]);
        }

        if (SharedStateInterval < TimeSpan.FromSeconds(1) || SharedStateInterval > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult("Ingestion:SharedStateInterval must be between 1 second and 10 minutes.", [nameof(SharedStateInterval)]);
        }

        if (TrailMinInterval < TimeSpan.Zero)
        {
            yield return new ValidationResult("Ingestion:TrailMinInterval must not be negative.", [nameof(TrailMinInterval)]);
        }

        if (RejectionLogInterval < TimeSpan.Zero)
        {
            yield return new ValidationResult("Ingestion:RejectionLogInterval must not be negative.", [nameof(RejectionLogInterval)]);
        }
    }
}
