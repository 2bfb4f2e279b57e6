using System.Diagnostics.CodeAnalysis;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Storage.Registry;

/// <summary>A validated import file: either its whole contents, or the errors that keep any of it from being imported.</summary>
public sealed class RegistryImportResult
{
    private RegistryImportResult(RegistryContents? contents, IReadOnlyList<RegistryImportError> errors)
    {
        Contents = contents;
        Errors = errors;
    }

    /// <summary>The file's contents when it is valid; null otherwise.</summary>
    public RegistryContents? Contents { get; }

    /// <summary>
    /// The errors, in file order, at most <see cref="RegistryImportFile.MaxReportedErrors"/> of them, followed by
    /// one "... and N more errors" entry when there were more. Empty when the file is valid.
    /// </summary>
    public IReadOnlyList<RegistryImportError> Errors { get; }

    /// <summary>Whether the file can be imported.</summary>
    [MemberNotNullWhen(true, nameof(Contents))]
    public bool IsValid => Contents is not null;

    /// <summary>A valid file's contents.</summary>
    public static RegistryImportResult Success(RegistryContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        return new RegistryImportResult(contents, []);
    }

    /// <summary>An invalid file's errors (at least one).</summary>
    public static RegistryImportResult Failure(IReadOnlyList<RegistryImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count, nameof(errors));
        return new RegistryImportResult(null, errors);
    }

    /// <summary>The errors, one per line.</summary>
    public string FormatErrors() => string.Join(Environment.NewLine, Errors);
}
