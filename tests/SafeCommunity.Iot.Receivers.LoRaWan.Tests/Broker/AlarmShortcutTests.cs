using System.Buffers;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Receivers.LoRaWan.Broker;
using SafeCommunity.Iot.Receivers.LoRaWan.Tests.NetworkServers;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Broker;

public sealed class AlarmShortcutTests
{
    private const string Chip = "application/app/device/0101010101010101/event/up";
    private const string Wristband = "application/app/device/0004a30b001c0530/event/up";
    private static readonly ReadOnlySequence<byte> Sos = new([1, 2, 3, 4]);

    [Fact]
    public void TryStart_WaitsWhileAnEarlierMessageOfTheTopicIsOnItsWay()
    {
        var shortcut = new AlarmShortcut();
        shortcut.Queued(Chip);
        shortcut.Queued(Chip);

        Assert.Null(shortcut.TryStart(Chip, Sos, 1));
        Assert.NotNull(shortcut.TryStart(Wristband, Sos, 1));

        shortcut.Delivered(Chip);
        Assert.Null(shortcut.TryStart(Chip, Sos, 1));
        shortcut.Delivered(Chip);
        Assert.NotNull(shortcut.TryStart(Chip, Sos, 1));
        Assert.Equal(2, shortcut.Taken);
    }

    [Fact]
    public void Delivered_MoreThanQueued_NeverCountsBelowNothing()
    {
        // After a reconnect the broker delivers unacknowledged messages again without queueing them anew.
        var shortcut = new AlarmShortcut();
        shortcut.Delivered(Chip);
        shortcut.Queued(Chip);

        Assert.Null(shortcut.TryStart(Chip, Sos, 1));
    }

    [Fact]
    public void TryTakeCopy_RecognisesTheSessionsCopyOnce_ByTopicAndPayload()
    {
        var shortcut = new AlarmShortcut();
        var handoff = shortcut.TryStart(Wristband, Sos, 1);

        Assert.False(shortcut.TryTakeCopy(Wristband, new ReadOnlySequence<byte>([1, 2, 3, 5]), out _));
        Assert.False(shortcut.TryTakeCopy(Chip, Sos, out _));
        Assert.True(shortcut.TryTakeCopy(Wristband, Segments.Split([1, 2, 3, 4], 2), out var copy));
        Assert.Same(handoff, copy);
        Assert.False(shortcut.TryTakeCopy(Wristband, Sos, out _));
    }

    [Fact]
    public async Task Handoff_IsProcessedOnlyWhenEveryUplinkIs_AndNotWhenOneWasNotProcessed()
    {
        var shortcut = new AlarmShortcut();
        var stored = shortcut.TryStart(Chip, Sos, 2)!;
        stored.Complete(UplinkOutcome.Accepted);
        Assert.False(stored.Processed.IsCompleted);
        stored.Complete(UplinkOutcome.Duplicate);
        Assert.True(await stored.Processed);

        var stopping = shortcut.TryStart(Wristband, Sos, 2)!;
        stopping.Complete(UplinkOutcome.NotProcessed);
        stopping.Abandon(1);
        Assert.False(await stopping.Processed);
        Assert.True(stopping.WasAbandoned);
    }

    [Fact]
    public void TryStart_StopsWhenTooManyCopiesAreAwaited_AndResetClearsEverything()
    {
        var shortcut = new AlarmShortcut();
        for (var i = 0; i < AlarmShortcut.MaxAwaitingCopies; i++)
        {
            Assert.NotNull(shortcut.TryStart(Chip, Sos, 1));
        }

        Assert.Null(shortcut.TryStart(Wristband, Sos, 1));

        shortcut.Queued(Wristband);
        shortcut.Reset();
        Assert.False(shortcut.TryTakeCopy(Chip, Sos, out _));
        Assert.NotNull(shortcut.TryStart(Wristband, Sos, 1));
    }
}
