using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Telemetry.Hosting;

namespace SafeCommunity.Iot.Telemetry.Tests.Hosting;

public sealed class AddTelemetryTests
{
    private static HostApplicationBuilder Builder(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddHostedService<PlaceholderService>();
        return builder;
    }

    private static ValidateOptionsResult Validate(params (string Key, string? Value)[] settings)
    {
        var builder = Builder(settings);
        builder.AddTelemetry();
        using var services = builder.Services.BuildServiceProvider();
        var options = services.GetRequiredService<IOptionsMonitor<TelemetryOptions>>();
        try
        {
            _ = options.CurrentValue;
            return ValidateOptionsResult.Success;
        }
        catch (OptionsValidationException exception)
        {
            return ValidateOptionsResult.Fail(exception.Failures);
        }
    }

    [Fact]
    public void AddTelemetry_Defaults_AreValidAndKeepFilesOnly()
    {
        Assert.True(Validate().Succeeded);
        var options = new TelemetryOptions();
        Assert.False(options.HasServer);
        Assert.Equal(1L << 30, options.MaxSpoolBytes);
        Assert.Equal(Path.Combine("/srv/data", "telemetry"), options.ResolveSpoolDirectory("/srv/data", "/opt/gateway"));
        Assert.Equal("/opt/gateway/spool", new TelemetryOptions { SpoolDirectory = "spool" }.ResolveSpoolDirectory("/srv/data", "/opt/gateway"));
    }

    [Theory]
    [InlineData("Telemetry:Url", "influxdb:8086", "Telemetry:Url must be an http:// or https:// address")]
    [InlineData("Telemetry:MaxSpoolBytes", "1000", "Telemetry:MaxSpoolBytes must hold at least 4 segments")]
    [InlineData("Telemetry:BatchSize", "0", "Telemetry:BatchSize must be 1..100000")]
    [InlineData("Telemetry:RetryMaxDelay", "00:00:00.001", "Telemetry:RetryMinDelay must be at least 1 ms and Telemetry:RetryMaxDelay at least as long")]
    [InlineData("Telemetry:HistoryReadTimeout", "00:00:00.050", "Telemetry:HistoryReadTimeout must be between 00:00:00.100 and 00:05:00")]
    public void AddTelemetry_BadSetting_FailsWithAMessageNamingIt(string key, string value, string message)
    {
        var result = Validate((key, value));

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void AddTelemetry_ServerWithoutItsTarget_NamesWhatIsMissingForEachApi()
    {
        var v2 = Validate(("Telemetry:Url", "http://influxdb:8086"));
        var v1 = Validate(("Telemetry:Url", "http://influxdb:8086"), ("Telemetry:Api", "V1"), ("Telemetry:Password", "secret"));

        Assert.Contains(v2.Failures!, f => f.StartsWith("Telemetry:Bucket must name the bucket", StringComparison.Ordinal));
        Assert.Contains(v2.Failures!, f => f.StartsWith("Telemetry:Org must name the organisation", StringComparison.Ordinal));
        Assert.Contains(v1.Failures!, f => f.StartsWith("Telemetry:Database must name the database", StringComparison.Ordinal));
        Assert.Contains(v1.Failures!, f => f.StartsWith("Telemetry:Password is set but Telemetry:Username is not", StringComparison.Ordinal));
        Assert.DoesNotContain(v1.Failures!, f => f.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void AddTelemetry_RegistersTheObserverAndTheSpoolWriter()
    {
        var builder = Builder();
        builder.AddTelemetry();

        Assert.Contains(builder.Services, s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(TelemetrySpoolService));
        Assert.Contains(builder.Services, s => s.ServiceType == typeof(IUplinkObserver));
    }

    [Fact]
    public void AddTelemetry_Disabled_RegistersNoServices()
    {
        var builder = Builder(("Telemetry:Enabled", "false"));
        builder.AddTelemetry();

        Assert.DoesNotContain(builder.Services, s => s.ServiceType == typeof(IUplinkObserver));
        Assert.Single(builder.Services, s => s.ServiceType == typeof(IHostedService));
    }

    private sealed class PlaceholderService : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }
}
