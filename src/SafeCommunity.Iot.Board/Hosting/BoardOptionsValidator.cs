using Microsoft.Extensions.Options;

namespace SafeCommunity.Iot.Board.Hosting;

/// <summary>Checks <see cref="BoardOptions"/> at start.</summary>
internal sealed class BoardOptionsValidator : IValidateOptions<BoardOptions>
{
    private static readonly string[] Placeholders = ["{z}", "{x}", "{y}"];

    public ValidateOptionsResult Validate(string? name, BoardOptions options)
    {
        if (string.IsNullOrEmpty(options.TileUrl))
        {
            return ValidateOptionsResult.Success;
        }

        var placeholders = Placeholders.All(p => options.TileUrl.Contains(p, StringComparison.Ordinal));
        var withoutPlaceholders = options.TileUrl.Replace("{z}", "0", StringComparison.Ordinal)
            .Replace("{x}", "0", StringComparison.Ordinal).Replace("{y}", "0", StringComparison.Ordinal);
        var url = Uri.TryCreate(withoutPlaceholders, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https";
        return placeholders && url
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Board:TileUrl must be an http or https URL with {z}, {x} and {y} (http://tiles.lan/{z}/{x}/{y}.png).");
    }
}
