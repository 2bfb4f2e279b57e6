using SafeCommunity.Iot.LoadTest.Measuring;

namespace SafeCommunity.Iot.LoadTest.Tests.Measuring;

public class PrometheusTextTests
{
    // As the gateway's OpenTelemetry Prometheus exporter writes it.
    private const string Scrape = """
        # TYPE safecomm_uplinks_processed_total counter
        # HELP safecomm_uplinks_processed_total Uplinks by outcome: accepted, duplicate, malformed, unknown_device, bad_mic, replay, not_processed.
        safecomm_uplinks_processed_total{otel_scope_name="SafeCommunity.Iot.Ingestion",outcome="accepted"} 1234 1764419000000
        safecomm_uplinks_processed_total{otel_scope_name="SafeCommunity.Iot.Ingestion",outcome="replay"} 3
        safecomm_uplinks_received_total{otel_scope_name="SafeCommunity.Iot.Ingestion",transport="lorawan"} 1200
        safecomm_uplinks_received_total{otel_scope_name="SafeCommunity.Iot.Ingestion",transport="serial"} 37
        safecomm_queue_ingress{otel_scope_name="SafeCommunity.Iot.Ingestion"} 17
        safecomm_queue_shards{otel_scope_name="SafeCommunity.Iot.Ingestion"} 5
        safecomm_queue_commit{otel_scope_name="SafeCommunity.Iot.Ingestion"} 2
        safecomm_telemetry_queue{otel_scope_name="SafeCommunity.Iot.Telemetry"} 40
        safecomm_telemetry_spooled_total{otel_scope_name="SafeCommunity.Iot.Telemetry"} 9000
        safecomm_telemetry_dropped_total{otel_scope_name="SafeCommunity.Iot.Telemetry",reason="spool_cap"} 4
        safecomm_telemetry_queue_dropped_total{otel_scope_name="SafeCommunity.Iot.Telemetry"} 6
        dotnet_gc_last_collection_heap_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="gen0"} 1000
        dotnet_gc_last_collection_heap_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="gen2"} 2000
        http_server_request_duration_seconds_bucket{le="+Inf",http_route="/metrics"} 4
        """;

    [Fact]
    public void GatewayCounters_OfTwoGatewaysScrapesJoined_AddUp()
    {
        // How the sampler counts several gateways of one store: their texts joined, one parse.
        var counters = GatewayCounters.From(PrometheusText.Parse(Scrape + "\n" + Scrape));

        Assert.Equal(2 * 1234, counters.Accepted);
        Assert.Equal(2 * 3, counters.Rejected);
        Assert.Equal(2 * (17 + 5 + 2), counters.PipelineQueued);
        Assert.Equal(2 * 37, counters.Received["serial"]);
    }

    [Fact]
    public void Parse_ReadsNamesLabelsAndValues_AndSkipsComments()
    {
        var metrics = PrometheusText.Parse(Scrape);

        Assert.Equal(14, metrics.Samples.Count);
        Assert.Equal(0, metrics.Skipped);
        var accepted = metrics.Samples[0];
        Assert.Equal("safecomm_uplinks_processed_total", accepted.Name);
        Assert.Equal("accepted", accepted.Labels["outcome"]);
        Assert.Equal(1234, accepted.Value);
    }

    [Fact]
    public void SumAndByLabel_AddUpMatchingSamples()
    {
        var metrics = PrometheusText.Parse(Scrape);

        Assert.Equal(3000, metrics.Sum("dotnet_gc_last_collection_heap_size_bytes"));
        Assert.Equal(3, metrics.Sum("safecomm_uplinks_processed_total", "outcome", "replay"));
        Assert.Equal(0, metrics.Sum("no_such_metric"));
        Assert.Equal(new Dictionary<string, double> { ["lorawan"] = 1200, ["serial"] = 37 }, metrics.ByLabel("safecomm_uplinks_received_total", "transport"));
    }

    [Fact]
    public void Parse_LabelValuesWithEscapesAndBraces_AreRead()
    {
        var metrics = PrometheusText.Parse("m{a=\"say \\\"hi\\\" {x}\",b=\"2\"} 7\nplain 3.5\n");

        Assert.Equal("say \"hi\" {x}", metrics.Samples[0].Labels["a"]);
        Assert.Equal("2", metrics.Samples[0].Labels["b"]);
        Assert.Equal(3.5, metrics.Sum("plain"));
    }

    [Theory]
    [InlineData("no_value")]
    [InlineData("m{a=\"unterminated} 1")]
    [InlineData("m{a=1} 1")]
    [InlineData("m notanumber")]
    public void Parse_BadLines_AreSkippedAndCounted(string line)
    {
        var metrics = PrometheusText.Parse(line + "\ngood 1\n");

        Assert.Equal(1, metrics.Skipped);
        Assert.Equal(1, metrics.Sum("good"));
    }

    [Fact]
    public void GatewayCounters_From_PicksTheGatewayInstruments()
    {
        var counters = GatewayCounters.From(PrometheusText.Parse(Scrape));

        Assert.Equal(1234, counters.Accepted);
        Assert.Equal(3, counters.Rejected);
        Assert.Equal(24, counters.PipelineQueued);
        Assert.Equal(40, counters.TelemetryQueue);
        Assert.Equal(9000, counters.TelemetrySpooled);
        Assert.Equal(10, counters.TelemetryDropped);
        Assert.Equal(3000, counters.GcHeapBytes);
        Assert.Equal(37, counters.Received["serial"]);
    }
}
