using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.History.Archive;
using SafeCommunity.Iot.History.Hosting;
using SafeCommunity.Iot.Telemetry.Hosting;

namespace SafeCommunity.Iot.History.Tests.Hosting;

public sealed class AddHistoryTests
{
    [Theory]
    [InlineData(null, null, null, "no InfluxDB is configured (Telemetry:Url)")]
    [InlineData("false", "http://influxdb:8086", null, "telemetry is off (Telemetry:Enabled is false), so InfluxDB holds nothing to read")]
    [InlineData(null, "http://influxdb:8086", "false", "reading InfluxDB back is off (Telemetry:ReadHistory is false)")]
    public void AddHistory_NothingToRead_TheArchiveSaysWhy(string? enabled, string? url, string? readHistory, string reason)
    {
        using var services = Services(("Telemetry:Enabled", enabled), ("Telemetry:Url", url), ("Telemetry:ReadHistory", readHistory), ("Telemetry:Bucket", "telemetry"), ("Telemetry:Org", "anlong"));

        var archive = services.GetRequiredService<ITelemetryArchive>();

        Assert.IsType<UnavailableArchive>(archive);
        Assert.Equal(reason, archive.Description);
    }

    [Fact]
    public void AddHistory_ServerConfigured_ReadsItWithInfluxQl_AndNamesItWithoutCredentials()
    {
        using var services = Services(("Telemetry:Url", "http://reader:s3cret@influxdb:8086"), ("Telemetry:Api", "V1"), ("Telemetry:Database", "safecomm"));

        var archive = services.GetRequiredService<ITelemetryArchive>();

        Assert.IsType<InfluxQlArchive>(archive);
        Assert.Equal("InfluxDB at http://influxdb:8086, database safecomm", archive.Description);
    }

    [Fact]
    public void AddHistory_FontFileThatDoesNotExist_FailsValidationNamingTheSetting()
    {
        using var services = Services(("History:FontFile", "/nonexistent/cjk.ttc"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HistoryOptions>>().Value);

        Assert.StartsWith("History:FontFile must be an existing TrueType font file", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static ServiceProvider Services(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Where(s => s.Value is not null).Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddOptions<TelemetryOptions>().Bind(builder.Configuration.GetSection(TelemetryOptions.SectionName));
        builder.AddHistory();
        return builder.Services.BuildServiceProvider();
    }
}
