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

    /// <summary>
    /// The other gateway instances (sharing this one's store) whose HTTP endpoints the page falls back to when this
    /// gateway stops answering, as base URLs (<c>http://gw-b.lan:5080</c>), tried in this order; empty: none.
    /// Each must allow this board's origin in its <see cref="AllowedOrigins"/>.
    /// </summary>
    public IList<string> Peers { get; } = [];

    /// <summary>
    /// The origins (<c>http://gw-a.lan:5080</c>) whose board pages may call this gateway's JSON API from the
    /// browser (CORS): the other instances' boards, for their fallback. Empty (the default): no cross-origin calls.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];
}
