namespace SafeCommunity.Iot.Board.Hosting;

/// <summary>The alarm board (configuration section <c>Board</c>; docs/configuration.md#alarm-board).</summary>
public sealed class BoardOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Board";

    /// <summary>Whether the gateway serves the board at <c>/board/</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// An offline tile server's URL template (<c>http://tiles.lan/{z}/{x}/{y}.png</c>, Web Mercator) drawn under the
    /// map; empty: the map shows the gateway's own data only.
    /// </summary>
    public string? TileUrl { get; set; }
}
