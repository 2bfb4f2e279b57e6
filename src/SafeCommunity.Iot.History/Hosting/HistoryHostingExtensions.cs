using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.History.Archive;
using SafeCommunity.Iot.History.CaseFiles;
using SafeCommunity.Iot.History.Documents;
using SafeCommunity.Iot.History.Reports;
using SafeCommunity.Iot.History.Trails;
using SafeCommunity.Iot.Telemetry.Hosting;

namespace SafeCommunity.Iot.History.Hosting;

/// <summary>Registers the history.</summary>
public static class HistoryHostingExtensions
{
    /// <summary>
    /// Adds long trails (<see cref="TrailHistory"/>), the InfluxDB reader they use (<see cref="ITelemetryArchive"/>, on the
    /// server of section <c>Telemetry</c>) and case files (<see cref="CaseFileBuilder"/>, <see cref="CaseFileDocuments"/>;
    /// section <c>History</c>, validated at start) and community reports (<see cref="CommunityReportBuilder"/>). Needs
    /// the store, the geofences and the telemetry options.
    /// </summary>
    public static IHostApplicationBuilder AddHistory(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<HistoryOptions>().Bind(builder.Configuration.GetSection(HistoryOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HistoryOptions>, HistoryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => Archive(provider.GetRequiredService<IOptions<TelemetryOptions>>().Value));
        services.AddSingleton<TrailHistory>();
        services.AddSingleton<CaseFileBuilder>();
        services.AddSingleton<CaseFileDocuments>();
        services.AddSingleton<CommunityReportBuilder>();
        return builder;
    }

    private static ITelemetryArchive Archive(TelemetryOptions telemetry) => telemetry switch
    {
        { Enabled: false } => new UnavailableArchive("telemetry is off (Telemetry:Enabled is false), so InfluxDB holds nothing to read"),
        { HasServer: false } => new UnavailableArchive("no InfluxDB is configured (Telemetry:Url)"),
        { ReadHistory: false } => new UnavailableArchive("reading InfluxDB back is off (Telemetry:ReadHistory is false)"),
        _ => new InfluxQlArchive(InfluxQlEndpoint.From(telemetry)),
    };
}
