using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Api.Diagnostics;
using SafeCommunity.Iot.Api.Hosting;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Api.Access;

/// <summary>
/// A new gateway has no token, and tokens are made by administrators: when no administrator token is in force at
/// start, one is created and written to a file only the gateway's user can read. The log says where, never what.
/// </summary>
internal sealed class AdminTokenBootstrap : IHostedService
{
    private readonly TokenService _tokens;
    private readonly GatewayDatabase _database;
    private readonly ApiOptions _options;
    private readonly ILogger<AdminTokenBootstrap> _logger;

    public AdminTokenBootstrap(TokenService tokens, GatewayDatabase database, IOptions<ApiOptions> options, ILogger<AdminTokenBootstrap> logger)
    {
        _tokens = tokens;
        _database = database;
        _options = options.Value;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_tokens.HasValidAdmin)
        {
            return Task.CompletedTask;
        }

        var path = Path.GetFullPath(Path.Combine(_database.DataDirectory, _options.AdminTokenFile));
        var (_, bearer) = _tokens.Create("administrator", AccessRole.Admin, [], null, null, "gateway");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, file))
        {
            writer.WriteLine(bearer);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only when the file is new; an old file keeps its mode otherwise.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        ApiLog.AdminTokenWritten(_logger, path);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
