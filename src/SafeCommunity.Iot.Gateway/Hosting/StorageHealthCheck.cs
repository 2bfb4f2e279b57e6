using Microsoft.Extensions.Diagnostics.HealthChecks;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Gateway.Hosting;

/// <summary>Healthy when the gateway database (SQLite or PostgreSQL) answers a query.</summary>
internal sealed class StorageHealthCheck : IHealthCheck
{
    private readonly GatewayDatabase _database;

    public StorageHealthCheck(GatewayDatabase database) => _database = database;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = _database.OpenConnection();
            await using var command = connection.CreateCommand();

            // Cheap on any size of database, unlike an integrity check; it proves the store opens and reads a table.
            command.CommandText = "SELECT count(*) FROM (SELECT 1 FROM communities LIMIT 1) AS one";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("The gateway database answers.", new Dictionary<string, object>
            {
                ["provider"] = _database.Provider.ToString(),
                ["path"] = _database.DatabasePath,
            });
        }
#pragma warning disable CA1031 // Any failure to reach the database is what this check reports.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The gateway database does not answer.", exception);
        }
    }
}
