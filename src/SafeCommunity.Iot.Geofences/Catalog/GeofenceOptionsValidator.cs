using System.Globalization;
using Microsoft.Extensions.Options;

namespace SafeCommunity.Iot.Geofences.Catalog;

/// <summary>Checks <see cref="GeofenceOptions"/> at start, with messages that name the setting and say what is allowed.</summary>
internal sealed class GeofenceOptionsValidator : IValidateOptions<GeofenceOptions>
{
    private const double MaxAccuracyLimitMetres = 50_000;

    public ValidateOptionsResult Validate(string? name, GeofenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Section = GeofenceOptions.SectionName;

        if (options.ImportOnStart is { } import && string.IsNullOrWhiteSpace(import))
        {
            failures.Add($"{Section}:ImportOnStart must be a file path, or left out.");
        }

        if (!double.IsFinite(options.MaxAccuracyMetres) || options.MaxAccuracyMetres is < 0 or > MaxAccuracyLimitMetres)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:MaxAccuracyMetres must be between 0 and {MaxAccuracyLimitMetres:0} (for example 250); it is {options.MaxAccuracyMetres}."));
        }

        if (options.ConfirmFixes is < 1 or > DebounceSettings.MaxConfirmFixes)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:ConfirmFixes must be between 1 and {DebounceSettings.MaxConfirmFixes} (for example 2); it is {options.ConfirmFixes}."));
        }

        if (options.ConfirmAfter < TimeSpan.FromSeconds(1) || options.ConfirmAfter > DebounceSettings.MaxConfirmAfter)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:ConfirmAfter must be between 00:00:01 and 1.00:00:00 (for example 00:01:00); it is {options.ConfirmAfter}."));
        }

        if (!double.IsFinite(options.HysteresisMetres) || options.HysteresisMetres is < 0 or > DebounceSettings.MaxHysteresisMetres)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:HysteresisMetres must be between 0 and {DebounceSettings.MaxHysteresisMetres:0} (for example 10); it is {options.HysteresisMetres}."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
