using Microsoft.Extensions.Options;

namespace SafeCommunity.Iot.History.Hosting;

/// <summary>Checks <see cref="HistoryOptions"/> at start.</summary>
internal sealed class HistoryOptionsValidator : IValidateOptions<HistoryOptions>
{
    public ValidateOptionsResult Validate(string? name, HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.FontFile is { } font && (string.IsNullOrWhiteSpace(font) || !File.Exists(font)))
        {
            return ValidateOptionsResult.Fail(
                $"{HistoryOptions.SectionName}:FontFile must be an existing TrueType font file (.ttf or .ttc) with Chinese glyphs, or left out to use Debian's fonts-wqy-zenhei; it is '{font}'.");
        }

        return ValidateOptionsResult.Success;
    }
}
