using System.Globalization;

namespace SafeCommunity.Iot.Benchmarks.Pipeline;

/// <summary>The pipeline benchmark's command line.</summary>
internal sealed record PipelineSettings
{
    public int Devices { get; init; } = 140_000;

    public int Fences { get; init; } = 10_000;

    public int Frames { get; init; } = 1_000_000;

    public double DuplicateShare { get; init; } = 0.2;

    public double AlarmShare { get; init; } = 0.001;

    public int Shards { get; init; }

    public int ReceiverTasks { get; init; } = 2;

    /// <summary>Receptions per second to hand over, evenly paced; 0 = as fast as the pipeline takes them.</summary>
    public int Rate { get; init; }

    public string? DataDirectory { get; init; }

    /// <summary>Gateway settings to override (<c>--set Storage:Synchronous=Normal</c>), as configuration keys and values.</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    public static bool TryParse(string[] args, out PipelineSettings settings, out string? error)
    {
        var parsed = new PipelineSettings();
        settings = parsed;
        error = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                error = $"{args[i]} needs a value";
                return false;
            }

            var value = args[i + 1];
            var ok = args[i] switch
            {
                "--devices" => Int(value, 1, 10_000_000, v => parsed = parsed with { Devices = v }),
                "--fences" => Int(value, 0, 1_000_000, v => parsed = parsed with { Fences = v }),
                "--frames" => Int(value, 1, 100_000_000, v => parsed = parsed with { Frames = v }),
                "--duplicates" => Share(value, v => parsed = parsed with { DuplicateShare = v }),
                "--alarms" => Share(value, v => parsed = parsed with { AlarmShare = v }),
                "--shards" => Int(value, 0, 64, v => parsed = parsed with { Shards = v }),
                "--rate" => Int(value, 0, 10_000_000, v => parsed = parsed with { Rate = v }),
                "--receiver-tasks" => Int(value, 1, 64, v => parsed = parsed with { ReceiverTasks = v }),
                "--data" => Text(value, v => parsed = parsed with { DataDirectory = v }),
                "--set" => Setting(value, (k, v) => parsed = parsed with { Overrides = new Dictionary<string, string?>(parsed.Overrides) { [k] = v } }),
                _ => false,
            };
            if (!ok)
            {
                error = $"{args[i]} '{value}' is not an option or not a valid value for it";
                return false;
            }
        }

        settings = parsed;
        return true;
    }

    private static bool Int(string text, int min, int max, Action<int> set)
    {
        if (!int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            return false;
        }

        set(value);
        return true;
    }

    private static bool Share(string text, Action<double> set)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 1)
        {
            return false;
        }

        set(value);
        return true;
    }

    private static bool Setting(string text, Action<string, string> set)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return false;
        }

        set(text[..equals], text[(equals + 1)..]);
        return true;
    }

    private static bool Text(string text, Action<string> set)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        set(text);
        return true;
    }
}
