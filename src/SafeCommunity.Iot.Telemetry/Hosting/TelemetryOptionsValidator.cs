using System.Globalization;
using Microsoft.Extensions.Options;

namespace SafeCommunity.Iot.Telemetry.Hosting;

/// <summary>Checks <see cref="TelemetryOptions"/> at start, with messages that name the setting and say what is allowed.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    private const string Section = TelemetryOptions.SectionName;
    private const long MinSegmentBytes = 64 << 10;

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        ValidateServer(options, failures);
        ValidateSpool(options, failures);
        ValidateSending(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateServer(TelemetryOptions options, List<string> failures)
    {
        if (options.Url is { } url && !string.IsNullOrWhiteSpace(url) &&
            (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{Section}:Url must be an http:// or https:// address (for example http://influxdb:8086), or left out to keep files only; it is '{url}'.");
        }

        if (!Enum.IsDefined(options.Api))
        {
            failures.Add($"{Section}:Api must be V2 or V1.");
        }

        if (!options.HasServer)
        {
            return;
        }

        if (options.Api == InfluxApi.V2)
        {
            if (string.IsNullOrWhiteSpace(options.Bucket))
            {
                failures.Add($"{Section}:Bucket must name the bucket to write to (the v2 API; for InfluxDB 1.8+ use database/retention-policy).");
            }

            if (string.IsNullOrWhiteSpace(options.Org))
            {
                failures.Add($"{Section}:Org must name the organisation (the v2 API; any value for InfluxDB 1.8+, which ignores it).");
            }
        }
        else if (options.Api == InfluxApi.V1)
        {
            if (string.IsNullOrWhiteSpace(options.Database))
            {
                failures.Add($"{Section}:Database must name the database to write to (the 1.x API).");
            }

            if (!string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.Username))
            {
                failures.Add($"{Section}:Password is set but {Section}:Username is not.");
            }
        }
    }

    private static void ValidateSpool(TelemetryOptions options, List<string> failures)
    {
        if (options.SpoolDirectory is { } directory && directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{Section}:SpoolDirectory contains characters that are not allowed in a path.");
        }

        if (options.SegmentBytes < MinSegmentBytes)
        {
            failures.Add(Invariant($"{Section}:SegmentBytes must be at least {MinSegmentBytes} (64 KiB); it is {options.SegmentBytes}."));
        }

        if (options.MaxSpoolBytes < 4 * Math.Max(options.SegmentBytes, MinSegmentBytes))
        {
            failures.Add(Invariant(
                $"{Section}:MaxSpoolBytes must hold at least 4 segments of {Section}:SegmentBytes ({options.SegmentBytes}); it is {options.MaxSpoolBytes}."));
        }

        if (options.SyncInterval < TimeSpan.Zero || options.SyncInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add(Invariant($"{Section}:SyncInterval must be between 00:00:00 (every append) and 00:01:00; it is {options.SyncInterval}."));
        }

        if (options.QueueCapacity is < 16 or > 10_000_000)
        {
            failures.Add(Invariant($"{Section}:QueueCapacity must be 16..10000000; it is {options.QueueCapacity}."));
        }

        if (options.MaxDeadLetterBytes < 0)
        {
            failures.Add(Invariant($"{Section}:MaxDeadLetterBytes must not be negative; it is {options.MaxDeadLetterBytes}."));
        }

        if (options.GatewayId is { } gateway && string.IsNullOrWhiteSpace(gateway))
        {
            failures.Add($"{Section}:GatewayId must be a name, or left out to use the machine name.");
        }

        if (options.HealthInterval < TimeSpan.FromMilliseconds(10))
        {
            failures.Add(Invariant($"{Section}:HealthInterval must be at least 00:00:00.010; it is {options.HealthInterval}."));
        }
    }

    private static void ValidateSending(TelemetryOptions options, List<string> failures)
    {
        if (options.BatchSize is < 1 or > 100_000)
        {
            failures.Add(Invariant($"{Section}:BatchSize must be 1..100000 points; it is {options.BatchSize}."));
        }

        if (options.FlushInterval < TimeSpan.Zero || options.FlushInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add(Invariant($"{Section}:FlushInterval must be between 00:00:00 and 00:10:00; it is {options.FlushInterval}."));
        }

        if (options.RequestTimeout < TimeSpan.FromMilliseconds(100))
        {
            failures.Add(Invariant($"{Section}:RequestTimeout must be at least 00:00:00.100; it is {options.RequestTimeout}."));
        }

        if (options.RetryMinDelay < TimeSpan.FromMilliseconds(1) || options.RetryMaxDelay < options.RetryMinDelay)
        {
            failures.Add(Invariant(
                $"{Section}:RetryMinDelay must be at least 1 ms and {Section}:RetryMaxDelay at least as long; they are {options.RetryMinDelay} and {options.RetryMaxDelay}."));
        }

        if (options.HistoryReadTimeout < TimeSpan.FromMilliseconds(100) || options.HistoryReadTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add(Invariant($"{Section}:HistoryReadTimeout must be between 00:00:00.100 and 00:05:00; it is {options.HistoryReadTimeout}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
