using System.Globalization;
using System.Text.Json;

namespace SafeCommunity.Iot.Storage.Registry;

/// <summary>
/// One row (JSON object) of an import section, read field by field. Every problem becomes an error that names
/// the section, the row and its id; a field that is wrong reads as null so that checking goes on.
/// </summary>
internal sealed class ImportRow
{
    private readonly JsonElement _element;
    private readonly ImportErrorList _errors;

    private ImportRow(string section, int index, JsonElement element, ImportErrorList errors)
    {
        Section = section;
        Index = index;
        _element = element;
        _errors = errors;
        RowId = ReadableId(element);
    }

    public string Section { get; }

    public int Index { get; }

    /// <summary>The row's id as errors show it, when readable.</summary>
    public string? RowId { get; }

    /// <summary>Whether any error was reported for this row.</summary>
    public bool HasErrors { get; private set; }

    /// <summary>
    /// The row at <paramref name="index"/>, or null (with an error) when it is not an object or has properties that
    /// are unknown or repeated: a misspelt optional field would otherwise be dropped without a word.
    /// </summary>
    public static ImportRow? Open(string section, int index, JsonElement element, IReadOnlySet<string> knownProperties, ImportErrorList errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new RegistryImportError(section, index, null, "each row must be a JSON object"));
            return null;
        }

        var row = new ImportRow(section, index, element, errors);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!knownProperties.Contains(property.Name))
            {
                row.Error($"unknown property '{ImportText.Show(property.Name)}' (expected {string.Join(", ", knownProperties)})");
            }
            else if (!seen.Add(property.Name))
            {
                row.Error($"property '{property.Name}' appears more than once");
            }
        }

        return row;
    }

    public void Error(string reason)
    {
        HasErrors = true;
        _errors.Add(new RegistryImportError(Section, Index, RowId, reason));
    }

    /// <summary>A string field; null when absent, JSON null, or not a non-blank string (then with an error).</summary>
    public string? String(string name, bool required, int maxLength = ImportText.MaxTextLength)
    {
        if (!TryGet(name, required, "a string", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error($"{name} must be a string");
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            Error($"{name} must not be empty");
            return null;
        }

        if (text.Length > maxLength)
        {
            Error(string.Create(CultureInfo.InvariantCulture, $"{name} must be at most {maxLength} characters"));
            return null;
        }

        return text;
    }

    /// <summary>An id field (<see cref="ImportText.IdRule"/>).</summary>
    public string? Id(string name, bool required)
    {
        if (!TryGet(name, required, "an id", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !ImportText.IsId(value.GetString()!))
        {
            Error($"{name} must be {ImportText.IdRule}");
            return null;
        }

        return value.GetString();
    }

    /// <summary>A finite number field.</summary>
    public double? Number(string name, bool required)
    {
        if (!TryGet(name, required, "a number", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Error($"{name} must be a number");
            return null;
        }

        return number;
    }

    /// <summary>A whole-number field within <paramref name="minimum"/>..<paramref name="maximum"/>.</summary>
    public long? Integer(string name, bool required, long minimum, long maximum, string? range = null)
    {
        if (!TryGet(name, required, "a whole number", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < minimum || number > maximum)
        {
            Error(range is null
                ? string.Create(CultureInfo.InvariantCulture, $"{name} must be a whole number from {minimum} to {maximum}")
                : $"{name} must be a whole number {range}");
            return null;
        }

        return number;
    }

    /// <summary>Whether the field is present and not JSON null.</summary>
    public bool Has(string name) =>
        _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private bool TryGet(string name, bool required, string what, out JsonElement value)
    {
        if (_element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Error($"{name} is required ({what})");
        }

        return false;
    }

    private static string? ReadableId(JsonElement element)
    {
        if (!element.TryGetProperty("id", out var id))
        {
            return null;
        }

        return id.ValueKind switch
        {
            JsonValueKind.String => ImportText.Show(id.GetString()!),
            JsonValueKind.Number => ImportText.Show(id.GetRawText()),
            _ => null,
        };
    }
}
