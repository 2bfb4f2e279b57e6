using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using SafeCommunity.Iot.Receivers.Serial.LoRaP2P;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Support;

/// <summary>
/// A RAK3172 with RUI3 AT firmware, played on the device end of a pseudo-terminal: answers every command with
/// <c>OK</c> (after <c>AT+NWM=0</c> it "restarts" and prints the work mode), or with a scripted error, and emits
/// the lines the test asks for. Keeps every command it was sent.
/// </summary>
internal sealed class FakeRak3172 : IAsyncDisposable
{
    private readonly PtyDevice _device;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _scriptedReplies = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private bool _mute;

    private FakeRak3172(PtyDevice device)
    {
        _device = device;
        _loop = Task.Run(() => ServeAsync(_stop.Token));
    }

    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>While true the module hears commands but answers nothing (hung, or powered down).</summary>
    public bool Mute
    {
        get => Volatile.Read(ref _mute);
        set => Volatile.Write(ref _mute, value);
    }

    public static FakeRak3172 Start(string devicePath) => new(PtyDevice.Open(devicePath));

    /// <summary>The next time <paramref name="command"/> comes, answer <paramref name="reply"/> instead of OK.</summary>
    public void ReplyOnce(string command, string reply) =>
        _scriptedReplies.GetOrAdd(command, _ => new ConcurrentQueue<string>()).Enqueue(reply);

    public async Task EmitAsync(params string[] lines)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _device.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(lines.Select(l => l + "\r\n"))));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task WaitForCommandsAsync(int count, TimeSpan timeout) =>
        ReceiverHost.WaitUntilAsync(() => Commands.Count >= count, timeout, $"{count} commands (got: {string.Join(" | ", Commands)})");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or TimeoutException or ObjectDisposedException)
        {
        }

        _device.Dispose();
        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        var lines = new LineBuffer();
        var buffer = new byte[256];
        while (!cancellationToken.IsCancellationRequested)
        {
            var read = await _device.Stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            var offset = 0;
            while (offset < read)
            {
                var command = lines.Read(buffer.AsSpan(offset, read - offset), out var consumed);
                offset += consumed;
                if (command is not null)
                {
                    Commands.Enqueue(command);
                    await AnswerAsync(command);
                }
            }
        }
    }

    private Task AnswerAsync(string command)
    {
        if (Mute)
        {
            return Task.CompletedTask;
        }

        if (_scriptedReplies.TryGetValue(command, out var replies) && replies.TryDequeue(out var reply))
        {
            return EmitAsync("", reply);
        }

        Debug.Assert(command.StartsWith("AT", StringComparison.Ordinal), "Only AT commands are expected.");
        return command == "AT+NWM=0"
            ? EmitAsync("", "OK", "RAKwireless RAK3172-E Example", "------------------------------------------------------", "Current Work Mode: LoRa P2P.")
            : EmitAsync("", "OK");
    }
}
