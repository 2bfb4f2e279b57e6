namespace SafeCommunity.Iot.Api.Tests.Alarms;

/// <summary>
/// Stream tests that count on a subscriber keeping up (a small buffer, a thousand streams) run one after another, so
/// that one does not starve the other of CPU and cut a reader off that would keep up on its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AlarmStreamCollection
{
    public const string Name = "alarm streams";
}
