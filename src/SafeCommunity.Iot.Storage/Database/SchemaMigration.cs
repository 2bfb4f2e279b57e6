namespace SafeCommunity.Iot.Storage.Database;

/// <summary>One step of the schema's history: applied once, in its own transaction, in version order.</summary>
/// <param name="Version">The <c>PRAGMA user_version</c> the database has after this step.</param>
/// <param name="Description">What the step does, for the log.</param>
/// <param name="Sql">The statements. Never edit a released step: add a new one.</param>
internal sealed record SchemaMigration(int Version, string Description, string Sql);
