namespace SafeCommunity.Iot.Telemetry.Hosting;

/// <summary>Which InfluxDB write API the sender speaks.</summary>
public enum InfluxApi
{
    /// <summary>
    /// The v2 write API (<c>/api/v2/write</c>, org, bucket and token) through InfluxDB.Client: InfluxDB 2.x, InfluxDB 3
    /// Core, InfluxDB 1.8+ (org ignored, bucket <c>database/retention-policy</c>, token <c>user:password</c>).
    /// </summary>
    V2 = 2,

    /// <summary>The 1.x <c>/write</c> endpoint (database, retention policy, user name and password), for InfluxDB 1.x before 1.8.</summary>
    V1 = 1,
}

/// <summary>Telemetry to InfluxDB through the durable spool (configuration section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>One gibibyte, the default disk cap of the spool.</summary>
    public const long DefaultMaxSpoolBytes = 1L << 30;

    /// <summary>Whether telemetry is kept at all (default true). Off: no spool, no points, nothing sent.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The InfluxDB server (<c>http://influxdb:8086</c>). Left out (the embedded default): nothing is sent, and the
    /// spool keeps line-protocol files that <c>influx write</c> can import later, within <see cref="MaxSpoolBytes"/>.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>The write API: <see cref="InfluxApi.V2"/> (default) or <see cref="InfluxApi.V1"/>.</summary>
    public InfluxApi Api { get; set; } = InfluxApi.V2;

    /// <summary>v2: the organisation.</summary>
    public string? Org { get; set; }

    /// <summary>v2: the bucket.</summary>
    public string? Bucket { get; set; }

    /// <summary>v2: the API token (never logged).</summary>
    public string? Token { get; set; }

    /// <summary>v1: the database.</summary>
    public string? Database { get; set; }

    /// <summary>v1: the retention policy; left out, the database's default.</summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>v1: the user name, when the server has authentication on.</summary>
    public string? Username { get; set; }

    /// <summary>v1: the password (never logged).</summary>
    public string? Password { get; set; }

    /// <summary>
    /// The spool's folder. Left out: <c>telemetry</c> inside <c>Storage:DataDirectory</c>. A relative path is resolved
    /// against the content root.
    /// </summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>The disk cap of the spool (default 1 GiB); at the cap the oldest points are dropped, counted and logged.</summary>
    public long MaxSpoolBytes { get; set; } = DefaultMaxSpoolBytes;

    /// <summary>The size at which the spool starts a new segment file (default 4 MiB); the cap drops whole segments.</summary>
    public long SegmentBytes { get; set; } = 4L << 20;

    /// <summary>
    /// How often appended points are forced to disk (fsync; default 1 s). A power cut loses at most this much; a
    /// crash of the process loses nothing appended. <c>00:00:00</c>: after every append.
    /// </summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Items (uplinks, alarm events, health samples) waiting to be spooled before new ones are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>The most points in one write request (default 5000).</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>How long a batch smaller than <see cref="BatchSize"/> waits for more points before it is sent (default 1 s).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one write request may take (default 30 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first retry delay after a failed write (default 1 s); it doubles per failure, with jitter.</summary>
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay (default 1 min).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether write requests are gzip-compressed (default true).</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>How often receiver and gateway health is sampled into telemetry (default 30 s).</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>gateway</c> tag on every point (default: the machine name in lower case).</summary>
    public string? GatewayId { get; set; }

    /// <summary>The most bytes kept in the dead-letter file of rejected points (default 64 MiB); beyond, rejected points are counted and logged only.</summary>
    public long MaxDeadLetterBytes { get; set; } = 64L << 20;

    /// <summary>
    /// Whether locate and case files read a trail's part older than the embedded store's <c>Storage:TrailRetention</c>
    /// back from the server's <c>position</c> points (default true; needs <see cref="Url"/>). Read with InfluxQL on
    /// <c>/query</c>: the 1.x API, or the 1.x compatibility API of a v2 server (docs/history.md).
    /// </summary>
    public bool ReadHistory { get; set; } = true;

    /// <summary>
    /// How long one read of the long history may take (default 10 s); a server that does not answer in time makes the
    /// answer go on with the embedded store's recent part and a warning.
    /// </summary>
    public TimeSpan HistoryReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether a server is configured (otherwise the spool only keeps files).</summary>
    public bool HasServer => !string.IsNullOrWhiteSpace(Url);

    /// <summary>The gateway tag in force.</summary>
    public string EffectiveGatewayId =>
        string.IsNullOrWhiteSpace(GatewayId) ? Environment.MachineName.ToLowerInvariant() : GatewayId;

    /// <summary>The spool folder in force: <see cref="SpoolDirectory"/>, or <c>telemetry</c> in <paramref name="dataDirectory"/>.</summary>
    public string ResolveSpoolDirectory(string dataDirectory, string contentRootPath) =>
        string.IsNullOrWhiteSpace(SpoolDirectory)
            ? Path.Combine(Path.GetFullPath(dataDirectory, contentRootPath), "telemetry")
            : Path.GetFullPath(SpoolDirectory, contentRootPath);
}
