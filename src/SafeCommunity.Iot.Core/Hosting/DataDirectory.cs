namespace SafeCommunity.Iot.Core.Hosting;

/// <summary>
/// The folder the gateway keeps its files in (<c>Storage:DataDirectory</c>, resolved against the content root): the
/// store names it, and every part that keeps files of its own (the telemetry spool) puts them beside the database.
/// </summary>
/// <param name="Path">The folder's full path.</param>
public sealed record DataDirectory(string Path);
