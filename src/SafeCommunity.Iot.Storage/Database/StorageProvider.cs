namespace SafeCommunity.Iot.Storage.Database;

/// <summary>Which database engine holds the gateway's store (<c>Storage:Provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>One SQLite file in WAL mode beside the gateway (the default): no server to run.</summary>
    Sqlite = 0,

    /// <summary>A PostgreSQL database named by <c>Storage:ConnectionString</c>, which several gateways can share.</summary>
    PostgreSql = 1,
}
