using SafeCommunity.Iot.LoadTest.Cli;

namespace SafeCommunity.Iot.LoadTest.Tests.Cli;

public class LoadTestCommandLineTests
{
    [Fact]
    public void TryParse_NoArguments_GivesTheDefaults()
    {
        Assert.True(LoadTestCommandLine.TryParse([], out var options, out var error));
        Assert.Null(error);
        Assert.Equal(new LoadTestOptions().Devices, options.Devices);
        Assert.Equal(new LoadTestOptions().Rate, options.Rate);
        Assert.False(options.Attach);
        Assert.False(options.Help);
    }

    [Fact]
    public void TryParse_TheFullScaleCommand_ReadsEveryValue()
    {
        var ok = LoadTestCommandLine.TryParse(
            ["--devices", "140000", "--rate", "20000", "--duration", "5m", "--alarm-share", "0.001", "--serial-ports", "2", "--serial-rate=200",
             "--mqtt-connections", "12", "--nice", "10", "--report", "r.json", "--gateway-arg=--Ingestion:Shards=2", "--gateway-arg", "--Storage:Synchronous=Normal", "--keep"],
            out var options,
            out var error);

        Assert.True(ok, error);
        Assert.Equal(140_000, options.Devices);
        Assert.Equal(20_000, options.Rate);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Duration);
        Assert.Equal(0.001, options.AlarmShare);
        Assert.Equal(2, options.SerialPorts);
        Assert.Equal(200, options.SerialRate);
        Assert.Equal(12, options.MqttConnections);
        Assert.Equal(10, options.Nice);
        Assert.Equal("r.json", options.ReportFile);
        Assert.Equal(["--Ingestion:Shards=2", "--Storage:Synchronous=Normal"], options.GatewayArguments);
        Assert.True(options.Keep);
    }

    [Fact]
    public void TryParse_UnderscoresInNumbers_AreDigitGroups()
    {
        Assert.True(LoadTestCommandLine.TryParse(["--devices", "140_000"], out var options, out _));
        Assert.Equal(140_000, options.Devices);
    }

    [Theory]
    [InlineData("--devices", "lots", "--devices 'lots' is not a number from 1 to 1000000")]
    [InlineData("--devices", "0", "--devices '0' is not a number from 1 to 1000000")]
    [InlineData("--devices", "1.5", "--devices '1.5' is not a number from 1 to 1000000")]
    [InlineData("--rate", "-5", "--rate '-5' is not a number from 0 to 1000000")]
    [InlineData("--alarm-share", "2", "--alarm-share '2' is not a number from 0 to 1")]
    [InlineData("--duration", "5x", "--duration '5x' is not a duration such as 90s, 5m, 1h or 00:05:00")]
    [InlineData("--serial-ports", "13", "--serial-ports '13' is not a number from 0 to 12")]
    [InlineData("--nice", "20", "--nice '20' is not a number from 0 to 19")]
    [InlineData("--gateway-url", "ftp://x", "--gateway-url 'ftp://x' is not an http:// or https:// address")]
    public void TryParse_ABadValue_IsOneLineNamingTheOption(string option, string value, string expected)
    {
        Assert.False(LoadTestCommandLine.TryParse([option, value], out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_AnUnknownOption_IsAnError()
    {
        Assert.False(LoadTestCommandLine.TryParse(["--devcies", "5"], out _, out var error));
        Assert.Contains("--devcies", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_GatewayUrlAlone_AsksForTheOtherAttachOptions()
    {
        Assert.False(LoadTestCommandLine.TryParse(["--gateway-url", "http://127.0.0.1:5080"], out _, out var error));
        Assert.Equal("--gateway-url attaches to a running gateway and needs --grpc-url, --token-file and --mqtt too (or --alarm-topic and --mqtt)", error);
    }

    [Fact]
    public void TryParse_AttachOptionsWithoutGatewayUrl_AreRefused()
    {
        Assert.False(LoadTestCommandLine.TryParse(["--gateway-pid", "42"], out _, out var error));
        Assert.StartsWith("--grpc-url, --token-file, --mqtt, --alarm-topic, --gateway-pid, --peer-url and --peer-pid go with --gateway-url", error, StringComparison.Ordinal);
        Assert.False(LoadTestCommandLine.TryParse(["--alarm-topic", "safecomm/alarm/#"], out _, out error));
        Assert.StartsWith("--grpc-url, --token-file, --mqtt, --alarm-topic, --gateway-pid, --peer-url and --peer-pid go with --gateway-url", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_PeerGateways_AreTakenInOrder_AndOnlyWhenAttaching()
    {
        string[] attach = ["--gateway-url", "http://127.0.0.1:5282", "--grpc-url", "http://127.0.0.1:5283", "--token-file", "token", "--mqtt", "127.0.0.1:1883"];

        Assert.True(LoadTestCommandLine.TryParse(
            [.. attach, "--peer-url", "http://127.0.0.1:5284", "--peer-pid", "41", "--peer-url", "http://127.0.0.1:5286", "--peer-pid", "42"],
            out var options, out var error), error);

        Assert.Equal([new Uri("http://127.0.0.1:5284"), new Uri("http://127.0.0.1:5286")], options.PeerUrls);
        Assert.Equal([41, 42], options.PeerPids);
        Assert.False(LoadTestCommandLine.TryParse([.. attach, "--peer-url", "127.0.0.1:5284"], out _, out error));
        Assert.Equal("--peer-url '127.0.0.1:5284' is not an http:// or https:// address", error);
        Assert.False(LoadTestCommandLine.TryParse(["--peer-url", "http://127.0.0.1:5284"], out _, out error));
        Assert.StartsWith("--grpc-url, --token-file, --mqtt, --alarm-topic, --gateway-pid, --peer-url and --peer-pid go with --gateway-url", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_AttachingWithAlarmTopic_NeedsNoGrpc_AndRefusesIt()
    {
        string[] attach = ["--gateway-url", "http://127.0.0.1:18880", "--mqtt", "127.0.0.1:1883", "--alarm-topic", "safecomm/alarm/#"];
        Assert.True(LoadTestCommandLine.TryParse(attach, out var options, out var error), error);
        Assert.True(options.Attach);
        Assert.Equal("safecomm/alarm/#", options.AlarmTopic);
        Assert.Null(options.GrpcUrl);

        Assert.False(LoadTestCommandLine.TryParse([.. attach, "--grpc-url", "http://127.0.0.1:5081"], out _, out error));
        Assert.Equal("--alarm-topic watches alarms on MQTT instead of the gRPC stream: leave out --grpc-url and --token-file", error);
        Assert.False(LoadTestCommandLine.TryParse(attach[..4], out _, out error));
        Assert.StartsWith("--gateway-url attaches to a running gateway and needs", error, StringComparison.Ordinal);
        Assert.False(LoadTestCommandLine.TryParse([.. attach, "--locate-rate", "20"], out _, out error));
        Assert.Equal("--locate-rate calls the gateway's gRPC API: it does not go with --alarm-topic", error);
    }

    [Fact]
    public void TryParse_LocateRate_IsTakenWithinItsBounds()
    {
        Assert.True(LoadTestCommandLine.TryParse(["--locate-rate", "50"], out var options, out var error), error);
        Assert.Equal(50, options.LocateRate);
        Assert.Equal(0, new LoadTestOptions().LocateRate);
        Assert.False(LoadTestCommandLine.TryParse(["--locate-rate", "5000"], out _, out _));
    }

    [Fact]
    public void TryParse_Attaching_ReadsEndpointsAndRefusesSerialPorts()
    {
        string[] attach = ["--gateway-url", "http://127.0.0.1:5080", "--grpc-url", "http://127.0.0.1:5081", "--token-file", "t", "--mqtt", "127.0.0.1:1883", "--gateway-pid", "42"];
        Assert.True(LoadTestCommandLine.TryParse(attach, out var options, out var error), error);
        Assert.True(options.Attach);
        Assert.Equal(42, options.GatewayPid);
        Assert.Equal(new Uri("http://127.0.0.1:5081"), options.GrpcUrl);

        Assert.False(LoadTestCommandLine.TryParse([.. attach, "--serial-ports", "1"], out _, out error));
        Assert.StartsWith("--serial-ports needs a gateway the tool starts itself", error, StringComparison.Ordinal);
        Assert.False(LoadTestCommandLine.TryParse([.. attach[..6], "--mqtt", "nohost"], out _, out error));
        Assert.Equal("--mqtt 'nohost' is not host:port", error);
    }

    [Fact]
    public void TryParse_NothingToSend_IsRefused()
    {
        Assert.False(LoadTestCommandLine.TryParse(["--rate", "0", "--serial-rate", "0"], out _, out var error));
        Assert.Equal("--rate and --serial-rate are both 0: nothing would be sent", error);
    }

    [Fact]
    public void Help_ListsEveryOption()
    {
        Assert.True(LoadTestCommandLine.TryParse(["--help"], out var options, out _));
        Assert.True(options.Help);
        var usage = LoadTestCommandLine.Usage();
        foreach (var option in new[] { "--devices", "--rate", "--duration", "--alarm-share", "--serial-ports", "--serial-rate", "--gateway-dll", "--nice", "--report", "--gateway-url", "--alarm-topic", "--write-import" })
        {
            Assert.Contains(option, usage, StringComparison.Ordinal);
        }
    }
}
