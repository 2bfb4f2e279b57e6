using System.Buffers;
using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using SafeCommunity.Iot.Core.Json;

namespace SafeCommunity.Iot.Storage.Registry;

/// <summary>
/// The registry import file: JSON with the sections <c>communities</c>, <c>receivers</c> and <c>devices</c> (each
/// optional; format and rules in docs/storage.md). The whole file is checked before anything is written, and
/// the answer is either its contents or the list of what is wrong. Never throws on bad input, and never puts a
/// key into an error.
/// </summary>
public static class RegistryImportFile
{
    /// <summary>At most this many errors are listed; the rest are counted in a closing "... and N more errors".</summary>
    public const int MaxReportedErrors = 100;

    /// <summary>Larger files are refused before being read (140,000 devices take about 60 MiB).</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        // Hand-edited files: comments and trailing commas help people and hide nothing.
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Checks an import file's text.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="existing">What is already enrolled (communities rows may refer to, aliases other devices hold); none when null.</param>
    public static RegistryImportResult Parse(string json, RegistryImportContext? existing = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), existing);
    }

    /// <summary>Checks an import file's UTF-8 bytes (a byte-order mark is allowed).</summary>
    /// <param name="utf8Json">The file's bytes.</param>
    /// <param name="existing">What is already enrolled; none when null.</param>
    public static RegistryImportResult Parse(ReadOnlyMemory<byte> utf8Json, RegistryImportContext? existing = null)
    {
        var errors = new ImportErrorList(MaxReportedErrors);
        if (utf8Json.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8Json = utf8Json[Encoding.UTF8.Preamble.Length..];
        }

        // The JSON reader checks UTF-8 only where it must; a bad byte inside a string would surface later as an
        // exception from reading that string, so the whole file is checked first.
        if (FirstInvalidUtf8(utf8Json.Span) is var invalidAt and >= 0)
        {
            errors.Add(new RegistryImportError(null, null, null, string.Create(CultureInfo.InvariantCulture,
                $"the file is not UTF-8 text: invalid byte sequence at byte {invalidAt + 1}")));
            return RegistryImportResult.Failure(errors.ToList());
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException exception)
        {
            errors.Add(new RegistryImportError(null, null, null, DescribeMalformed(exception)));
            return RegistryImportResult.Failure(errors.ToList());
        }

        using (document)
        {
            if (JsonEscapes.FindUnpairedSurrogate(utf8Json.Span) is var escapeAt and >= 0)
            {
                var (line, position) = JsonEscapes.LineAndPosition(utf8Json.Span, escapeAt);
                errors.Add(new RegistryImportError(null, null, null, string.Create(CultureInfo.InvariantCulture,
                    $"malformed JSON at line {line}, position {position}: a \\u escape holds half of a UTF-16 surrogate pair without its other half")));
                return RegistryImportResult.Failure(errors.ToList());
            }

            var contents = new RegistryImportValidator(existing ?? RegistryImportContext.Empty, errors).Validate(document.RootElement);
            return contents is not null ? RegistryImportResult.Success(contents) : RegistryImportResult.Failure(errors.ToList());
        }
    }

    /// <summary>Reads and checks the import file at <paramref name="path"/>; a file that cannot be read is one error.</summary>
    /// <param name="path">The file.</param>
    /// <param name="existing">What is already enrolled; none when null.</param>
    public static RegistryImportResult Read(string path, RegistryImportContext? existing = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            var file = new FileInfo(path);
            if (file.Exists && file.Length > MaxFileBytes)
            {
                return FileError(string.Create(CultureInfo.InvariantCulture,
                    $"the import file '{path}' is {file.Length} bytes; at most {MaxFileBytes} are accepted"));
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SecurityException or
                                              ArgumentException or NotSupportedException)
        {
            return FileError($"cannot read the import file '{path}': {exception.Message}");
        }

        return Parse(bytes, existing);
    }

    private static RegistryImportResult FileError(string reason) =>
        RegistryImportResult.Failure([new RegistryImportError(null, null, null, reason)]);

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return -1;
        }

        var offset = 0;
        while (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    private static string DescribeMalformed(JsonException exception)
    {
        // The reader's own text says what it expected; its position suffix is replaced by a 1-based one, and any
        // run of hex digits long enough to be a key is masked (the reader may quote the text it stopped at).
        var detail = exception.Message;
        var suffix = detail.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (suffix >= 0)
        {
            detail = detail[..suffix];
        }

        detail = ImportText.HideKeys(detail.Trim().TrimEnd('.'));
        var line = (exception.LineNumber ?? 0) + 1;
        var position = (exception.BytePositionInLine ?? 0) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"malformed JSON at line {line}, position {position}: {detail}");
    }
}
