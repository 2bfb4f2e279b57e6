namespace SafeCommunity.Iot.Geofences.Tests.Catalog;

/// <summary>GeoJSON texts for the catalog tests, around Wufu (25.101 N, 105.469 E).</summary>
internal static class CatalogSamples
{
    /// <summary>Grandma Wang's home (device circle), the Wufu area for elders (polygon) and the school (scheduled circle).</summary>
    public const string ThreeFences = """
        {
          "type": "FeatureCollection",
          "features": [
            {
              "type": "Feature",
              "geometry": { "type": "Point", "coordinates": [105.4685, 25.1015] },
              "properties": {
                "id": "wang-home", "name": "王奶奶家 (Grandma Wang's home)", "mode": "keep-in", "radiusMetres": 200,
                "assignment": { "device": 570425345 }, "debounce": { "fixes": 3, "seconds": 120, "marginMetres": 15 }
              }
            },
            {
              "type": "Feature",
              "geometry": { "type": "Polygon", "coordinates": [[
                [105.4660, 25.0983], [105.4720, 25.0983], [105.4720, 25.1038], [105.4660, 25.1038], [105.4660, 25.0983]
              ]] },
              "properties": {
                "id": "wufu-area", "name": "五福社区 (Wufu area)", "mode": "keep-in",
                "assignment": { "kind": "elder-wristband", "community": "wufu" }
              }
            },
            {
              "type": "Feature",
              "geometry": { "type": "Point", "coordinates": [105.4680, 25.1003] },
              "properties": {
                "id": "wufu-school", "name": "五福小学 (Wufu primary school)", "mode": "keep-in", "radiusMetres": 150,
                "assignment": { "kind": "child-wristband", "community": "wufu" },
                "schedule": [{ "days": ["mon", "tue", "wed", "thu", "fri"], "start": "07:30", "end": "17:00" }]
              }
            }
          ]
        }
        """;

    /// <summary>
    /// Three features: features[0] valid, features[1] (id pond) with an unknown mode and a bad schedule time,
    /// features[2] without an id and with a ring that does not close.
    /// </summary>
    public const string OneValidTwoBad = """
        {
          "type": "FeatureCollection",
          "features": [
            {
              "type": "Feature",
              "geometry": { "type": "Point", "coordinates": [105.4685, 25.1015] },
              "properties": { "id": "wang-home", "name": "home", "mode": "keep-in", "radiusMetres": 200, "assignment": { "device": 570425345 } }
            },
            {
              "type": "Feature",
              "geometry": { "type": "Point", "coordinates": [105.4700, 25.1000] },
              "properties": {
                "id": "pond", "name": "pond", "mode": "sideways", "radiusMetres": 40,
                "assignment": { "kind": "child-wristband", "community": "wufu" },
                "schedule": [{ "days": ["mon"], "start": "7:30am", "end": "17:00" }]
              }
            },
            {
              "type": "Feature",
              "geometry": { "type": "Polygon", "coordinates": [[
                [105.4660, 25.0983], [105.4720, 25.0983], [105.4720, 25.1038], [105.4661, 25.1038]
              ]] },
              "properties": { "name": "no id", "mode": "keep-out", "assignment": { "communityBoundary": "wufu" } }
            }
          ]
        }
        """;

    /// <summary>One Feature (not a collection): the Wufu pond, keep-out for children.</summary>
    public const string PondFeature = """
        {
          "type": "Feature",
          "geometry": { "type": "Point", "coordinates": [105.4700, 25.1000] },
          "properties": {
            "id": "pond", "name": "池塘 (pond)", "mode": "keep-out", "radiusMetres": 40,
            "assignment": { "kind": "child-wristband", "community": "wufu" }
          }
        }
        """;
}
