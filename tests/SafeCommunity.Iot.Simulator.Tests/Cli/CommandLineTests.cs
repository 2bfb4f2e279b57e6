using SafeCommunity.Iot.Simulator.Cli;

namespace SafeCommunity.Iot.Simulator.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void TryParse_TheDemoCommandLine()
    {
        string[] args =
        [
            "--seed-file", "seed.json", "--serial", "/tmp/x/sim-base", "--serial=wufu-gate-south=/tmp/x/sim-south",
            "--patrol-serial", "/tmp/x/sim-patrol", "--mqtt-host", "127.0.0.1", "--mqtt-port", "1884",
            "--scenario", "stolen-bike,sos", "--speed", "2.5", "--duration", "00:01:30", "--random-seed", "-3", "--verbose",
        ];

        Assert.True(CommandLine.TryParse(args, out var options, out var error), error);

        Assert.Equal("seed.json", options.SeedFile);
        Assert.Equal([new SerialBinding("wufu-gate-north", "/tmp/x/sim-base"), new SerialBinding("wufu-gate-south", "/tmp/x/sim-south")], options.BaseStations);
        Assert.Equal(new SerialBinding("wufu-patrol-moto-1", "/tmp/x/sim-patrol"), options.Patrol);
        Assert.Equal(1884, options.MqttPort);
        Assert.Equal(["stolen-bike", "sos"], options.Scenarios);
        Assert.Equal(2.5, options.Speed);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Duration);
        Assert.Equal(-3, options.RandomSeed);
        Assert.True(options.Verbose);
        Assert.True(options.Mqtt);
        Assert.Null(options.CounterBase);
    }

    [Fact]
    public void TryParse_Defaults()
    {
        Assert.True(CommandLine.TryParse(["--seed-file", "s.json"], out var options, out _));

        Assert.Equal(["all"], options.Scenarios);
        Assert.Equal(1.0, options.Speed);
        Assert.Null(options.Duration);
        Assert.Equal("127.0.0.1", options.MqttHost);
        Assert.Equal(1883, options.MqttPort);
        Assert.Empty(options.BaseStations);
    }

    [Theory]
    [InlineData(new[] { "--serial", "/tmp/a" }, "--seed-file is required")]
    [InlineData(new[] { "--seed-file" }, "--seed-file needs a value")]
    [InlineData(new[] { "--seed-file", "s", "--speed", "fast" }, "--speed 'fast'")]
    [InlineData(new[] { "--seed-file", "s", "--speed", "0" }, "--speed '0'")]
    [InlineData(new[] { "--seed-file", "s", "--mqtt-port", "70000" }, "--mqtt-port '70000'")]
    [InlineData(new[] { "--seed-file", "s", "--duration", "soon" }, "--duration 'soon'")]
    [InlineData(new[] { "--seed-file", "s", "--duration", "-5s" }, "--duration '-5s'")]
    [InlineData(new[] { "--seed-file", "s", "--scenario", "sos,alien" }, "--scenario 'alien' is not a scenario")]
    [InlineData(new[] { "--seed-file", "s", "--frobnicate" }, "unknown option '--frobnicate'")]
    [InlineData(new[] { "--seed-file", "s", "stray" }, "unexpected argument 'stray'")]
    [InlineData(new[] { "--seed-file", "s", "--serial", "/a", "--serial", "/b" }, "name the receiver")]
    [InlineData(new[] { "--seed-file", "s", "--serial", "/a", "--patrol-serial", "/a" }, "same path")]
    [InlineData(new[] { "--seed-file", "s", "--no-mqtt" }, "nothing to send to")]
    [InlineData(new[] { "--seed-file", "s", "--verbose=yes" }, "--verbose takes no value")]
    [InlineData(new[] { "--seed-file", "s", "--serial", "--speed", "2" }, "--serial needs a value")]
    public void TryParse_BadArguments_SayWhatIsWrong(string[] args, string expected)
    {
        Assert.False(CommandLine.TryParse(args, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:10:00", 600)]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("45", 45)]
    [InlineData("1.5m", 90)]
    public void TryDuration_Formats(string text, double seconds)
    {
        Assert.True(CommandLine.TryDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Fact]
    public void Help_NeedsNothingElse()
    {
        Assert.True(CommandLine.TryParse(["--help"], out var options, out _));
        Assert.True(options.Help);
        Assert.Contains("--seed-file", SimulatorOptions.Usage, StringComparison.Ordinal);
    }
}
