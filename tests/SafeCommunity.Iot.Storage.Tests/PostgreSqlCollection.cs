using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Storage.Tests;

/// <summary>
/// The test classes that run the store tests on PostgreSQL: they share one throwaway server, started before the first
/// of them and stopped after the last; each test gets a fresh database on it (<see cref="TempDirectory"/>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlFixture>
{
    public const string Name = "PostgreSQL";
}

/// <summary>The collection's server.</summary>
public sealed class PostgreSqlFixture : IDisposable
{
    public PostgreSqlServer Server { get; } = PostgreSqlServer.Start();

    public void Dispose() => Server.Dispose();
}
