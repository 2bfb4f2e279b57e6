namespace SafeCommunity.Iot.History.Trails;

/// <summary>Which store a trail point was read from.</summary>
public enum TrailOrigin
{
    /// <summary>The gateway's embedded store: the recent part, every point since <c>Storage:TrailRetention</c> ago.</summary>
    EmbeddedStore = 1,

    /// <summary>InfluxDB's <c>position</c> points: the part older than the embedded store keeps.</summary>
    InfluxDb = 2,
}
