using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using SafeCommunity.Iot.Cli.Output;

namespace SafeCommunity.Iot.Cli.Cli;

/// <summary>
/// Options and arguments with their own readers, so that every bad value is a usage error that names the option
/// and says what would be right.
/// </summary>
internal static class Values
{
    /// <summary>A device id: a whole number (570425345) or hexadecimal with 0x (0x22000001).</summary>
    public static Argument<uint> DeviceArgument(string description = "The device's id (decimal, or hexadecimal with 0x)") => new("device")
    {
        Description = description,
        CustomParser = r => ParseDevice(r, r.Tokens[0].Value, "device"),
    };

    /// <summary>An alarm id, a positive whole number.</summary>
    public static Argument<long> AlarmArgument() => new("id")
    {
        Description = "The alarm's id",
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                return id;
            }

            r.AddError($"alarm id '{text}' is not a positive whole number");
            return 0;
        },
    };

    /// <summary>A repeatable device id option (<c>--device 1 --device 2</c>).</summary>
    public static Option<uint[]> DeviceList(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DEVICE",
        CustomParser = r => [.. r.Tokens.Select(t => ParseDevice(r, t.Value, name))],
    };

    /// <summary>A repeatable string option (<c>--community wufu --community tiangu</c>; commas also separate).</summary>
    public static Option<string[]> StringList(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
    };

    /// <summary>A repeatable enum option by the contract's short names (<c>--kind sos --kind fall</c>).</summary>
    public static Option<T[]> EnumList<T>(string name, string description)
        where T : struct, Enum
    {
        var option = new Option<T[]>(name)
        {
            Description = $"{description}: {string.Join(", ", ProtoNames<T>.Choices)}",
            HelpName = Upper(name),
            CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(v => ParseEnum<T>(r, v, name))],
        };
        option.CompletionSources.Clear();
        option.CompletionSources.Add(_ => ProtoNames<T>.Choices.Select(c => new System.CommandLine.Completions.CompletionItem(c)));
        return option;
    }

    /// <summary>One enum value by the contract's short names.</summary>
    public static Option<T?> EnumValue<T>(string name, string description)
        where T : struct, Enum
    {
        var option = new Option<T?>(name)
        {
            Description = $"{description}: {string.Join(", ", ProtoNames<T>.Choices)}",
            HelpName = Upper(name),
            CustomParser = r => ParseEnum<T>(r, r.Tokens[0].Value, name),
        };
        option.CompletionSources.Clear();
        option.CompletionSources.Add(_ => ProtoNames<T>.Choices.Select(c => new System.CommandLine.Completions.CompletionItem(c)));
        return option;
    }

    /// <summary>One enum value as a positional argument.</summary>
    public static Argument<T> EnumArgument<T>(string name, string description)
        where T : struct, Enum
    {
        var argument = new Argument<T>(name)
        {
            Description = $"{description}: {string.Join(", ", ProtoNames<T>.Choices)}",
            HelpName = name,
            CustomParser = r => ParseEnum<T>(r, r.Tokens[0].Value, name),
        };
        argument.CompletionSources.Clear();
        argument.CompletionSources.Add(_ => ProtoNames<T>.Choices.Select(c => new System.CommandLine.Completions.CompletionItem(c)));
        return argument;
    }

    /// <summary>A duration such as 90s, 15m, 2h, 7d.</summary>
    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            if (Durations.TryParse(text, out var duration))
            {
                return duration;
            }

            r.AddError(Durations.Explain(name, text));
            return null;
        },
    };

    /// <summary>A moment: ISO 8601, or a duration counted from now in <paramref name="direction"/>.</summary>
    public static Option<DateTimeOffset?> PointInTime(string name, string description, CliContext context, PointsInTime.Direction direction) => new(name)
    {
        Description = description,
        HelpName = "ISO8601|DURATION",
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            if (PointsInTime.TryParse(text, context.Time, direction, out var moment))
            {
                return moment;
            }

            r.AddError(PointsInTime.Explain(name, text, direction));
            return null;
        },
    };

    /// <summary>A calendar day, <c>YYYY-MM-DD</c>.</summary>
    public static Option<DateOnly?> Day(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM-DD",
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            r.AddError($"{name} '{text}' is not a day; write it as YYYY-MM-DD (2026-11-30)");
            return null;
        },
    };

    /// <summary>A whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static Option<int?> Whole(string name, string description, int minimum, int maximum) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
            {
                return value;
            }

            r.AddError($"{name} '{text}' is not a whole number from {minimum} to {maximum}");
            return null;
        },
    };

    /// <summary>A sequence number for <c>--after</c> (0 replays everything stored).</summary>
    public static Option<long?> Sequence(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "SEQUENCE",
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            r.AddError($"{name} '{text}' is not a sequence number (0 or more)");
            return null;
        },
    };

    /// <summary>A flag.</summary>
    public static Option<bool> Flag(string name, string description, params string[] aliases) => new(name, aliases) { Description = description };

    /// <summary>The <c>--json</c> flag.</summary>
    public static Option<bool> Json(string what = "one JSON object per line") =>
        Flag("--json", $"Print {what} (the proto3 JSON mapping of the contract's messages)");

    /// <summary>A device id read from text.</summary>
    public static bool TryDevice(string text, out uint device)
    {
        text = text.Trim();
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out device)
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out device);
    }

    private static uint ParseDevice(ArgumentResult result, string text, string name)
    {
        if (TryDevice(text, out var device) && device != 0)
        {
            return device;
        }

        result.AddError($"{name} '{text}' is not a device id: give a whole number such as 570425345, or hexadecimal such as 0x22000001");
        return 0;
    }

    private static T ParseEnum<T>(ArgumentResult result, string text, string name)
        where T : struct, Enum
    {
        if (ProtoNames<T>.TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"{name} '{text}' is not one of {string.Join(", ", ProtoNames<T>.Choices)}");
        return default;
    }

    private static string Upper(string name) => name.TrimStart('-').ToUpperInvariant();
}
