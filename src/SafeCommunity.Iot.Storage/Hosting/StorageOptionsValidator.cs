using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.Hosting;

/// <summary>Checks <see cref="StorageOptions"/> at start, with messages that name the setting and say what is allowed.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private static readonly TimeSpan MinimumPruneInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinimumAuditRetention = TimeSpan.FromDays(180);
    private static readonly TimeSpan MaximumPruneInterval = TimeSpan.FromDays(1);
    private static readonly TimeSpan MinimumCheckpointInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaximumCheckpointInterval = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Section = StorageOptions.SectionName;

        if (!StorageOptions.TryParseProvider(options.Provider, out var provider))
        {
            failures.Add($"{Section}:Provider must be Sqlite or PostgreSql; it is '{options.Provider}'.");
        }
        else if (provider == StorageProvider.PostgreSql)
        {
            ValidateConnectionString(options.ConnectionString, failures);
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{Section}:DataDirectory must name a folder (for example ./data).");
        }
        else if (options.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{Section}:DataDirectory contains characters that are not allowed in a path.");
        }

        if (string.IsNullOrWhiteSpace(options.DatabaseFileName))
        {
            failures.Add($"{Section}:DatabaseFileName must name a file (for example gateway.db).");
        }
        else if (options.DatabaseFileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 ||
                 options.DatabaseFileName is "." or "..")
        {
            failures.Add($"{Section}:DatabaseFileName must be a plain file name without folders; put the folder in {Section}:DataDirectory.");
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            failures.Add($"{Section}:Synchronous must be Full or Normal.");
        }

        if (options.TrailRetention <= TimeSpan.Zero)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:TrailRetention must be positive (for example 7.00:00:00 for a week); it is {options.TrailRetention}."));
        }

        if (options.AuditRetention < MinimumAuditRetention)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:AuditRetention must be at least {MinimumAuditRetention.TotalDays:0} days (network logs are kept for no less than six months); it is {options.AuditRetention}."));
        }

        if (options.TrailPruneInterval < MinimumPruneInterval || options.TrailPruneInterval > MaximumPruneInterval)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:TrailPruneInterval must be between {MinimumPruneInterval} and {MaximumPruneInterval} (for example 00:10:00); it is {options.TrailPruneInterval}."));
        }

        if (options.CheckpointInterval < MinimumCheckpointInterval || options.CheckpointInterval > MaximumCheckpointInterval)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Section}:CheckpointInterval must be between {MinimumCheckpointInterval} and {MaximumCheckpointInterval} (for example 00:00:01); it is {options.CheckpointInterval}."));
        }

        if (options.ImportOnStart is { } import && string.IsNullOrWhiteSpace(import))
        {
            failures.Add($"{Section}:ImportOnStart must be a file path, or left out.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The messages never quote the connection string: it may hold a password.
    private static void ValidateConnectionString(string? connectionString, List<string> failures)
    {
        const string Setting = StorageOptions.SectionName + ":ConnectionString";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"{Setting} is required with the PostgreSql provider (for example Host=db;Database=safecomm;Username=gateway;Password=...).");
            return;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                failures.Add($"{Setting} must name the server (Host=...).");
            }
        }
        catch (ArgumentException)
        {
            failures.Add($"{Setting} is not a valid PostgreSQL connection string (Npgsql's Key=Value;... form, with keys such as Host, Port, Database, Username, Password).");
        }
    }
}
