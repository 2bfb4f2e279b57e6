using Microsoft.Extensions.Options;

namespace SafeCommunity.Iot.Board.Hosting;

/// <summary>Checks <see cref="BoardOptions"/> at start.</summary>
internal sealed class BoardOptionsValidator : IValidateOptions<BoardOptions>
{
    private static readonly string[] Placeholders = ["{z}", "{x}", "{y}"];

    public ValidateOptionsResult Validate(string? name, BoardOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.TileUrl) && !IsTileTemplate(options.TileUrl))
        {
            failures.Add("Board:TileUrl must be an http or https URL with {z}, {x} and {y} (http://tiles.lan/{z}/{x}/{y}.png).");
        }

        failures.AddRange(OriginProblems(options.Peers, "Board:Peers", "another instance's HTTP endpoint, http://gw-b.lan:5080"));
        failures.AddRange(OriginProblems(options.AllowedOrigins, "Board:AllowedOrigins", "another instance's board origin, http://gw-a.lan:5080"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// <paramref name="value"/> as an origin (<c>http://gw-b.lan:5080</c>, no path, query or user), or null. The page
    /// calls <c>/api/v1/...</c> of an origin, and CORS and the content security policy speak of origins only.
    /// </summary>
    public static string? AsOrigin(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.Host.Length > 0
        && uri.AbsolutePath == "/"
        && uri.Query.Length == 0
        && uri.Fragment.Length == 0
        && uri.UserInfo.Length == 0
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;

    private static IEnumerable<string> OriginProblems(IList<string> values, string setting, string example)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            if (AsOrigin(values[i]) is not { } origin)
            {
                yield return $"{setting}:{i} '{values[i]}' must be an http or https origin without a path ({example}).";
            }
            else if (!seen.Add(origin))
            {
                yield return $"{setting}:{i} '{values[i]}' is given twice.";
            }
        }
    }

    private static bool IsTileTemplate(string tileUrl)
    {
        var placeholders = Placeholders.All(p => tileUrl.Contains(p, StringComparison.Ordinal));
        var withoutPlaceholders = tileUrl.Replace("{z}", "0", StringComparison.Ordinal)
            .Replace("{x}", "0", StringComparison.Ordinal).Replace("{y}", "0", StringComparison.Ordinal);
        return placeholders && Uri.TryCreate(withoutPlaceholders, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https";
    }
}
