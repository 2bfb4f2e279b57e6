using System.Runtime.Versioning;
using SafeCommunity.Iot.Receivers.Serial.Ports.Linux;
using SafeCommunity.Iot.Receivers.Serial.Tests.Support;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Ports;

/// <summary>The event-driven reader over real pseudo-terminals (socat): what arrives, what it writes, how it ends.</summary>
[SupportedOSPlatform("linux")]
public sealed class LinuxSerialStreamTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly LinuxSerialStreamFactory _ports = new();

    [Fact]
    public async Task ReadAsync_BytesWrittenOneAtATimeAndInA256KiBurst_ArriveAllInOrder()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var line = _ports.Open(pty.GatewayPath, 115200);
        using var device = PtyDevice.Open(pty.DevicePath);

        for (var b = 0; b < 64; b++)
        {
            await device.WriteAsync(new[] { (byte)b });
        }

        var burst = Enumerable.Range(0, 256 * 1024).Select(i => (byte)(i * 7)).ToArray();
        var writing = device.WriteAsync(burst);
        var received = await ReadExactlyAsync(line, 64 + burst.Length);
        await writing;

        Assert.Equal(Enumerable.Range(0, 64).Select(b => (byte)b), received[..64]);
        Assert.Equal(burst, received[64..]);
    }

    [Fact]
    public async Task WriteAsync_ReachesTheOtherEnd()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var line = _ports.Open(pty.GatewayPath, 115200);
        using var device = PtyDevice.Open(pty.DevicePath);

        await line.WriteAsync("AT+VER=?\r\n"u8.ToArray());
        await line.FlushAsync();

        Assert.Equal("AT+VER=?\r\n"u8.ToArray(), await ReadExactlyAsync(device.Stream, 10));
    }

    [Fact]
    public async Task ReadAsync_OtherEndGoesAway_FailsWithAnIOException()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var line = _ports.Open(pty.GatewayPath, 115200);
        var reading = line.ReadAsync(new byte[16]).AsTask();

        await pty.UnplugAsync();

        await Assert.ThrowsAsync<IOException>(() => reading.WaitAsync(Wait));
    }

    [Fact]
    public async Task Dispose_WithAReadWaiting_EndsTheReadAndTheReaderThread()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        var line = (LinuxSerialStream)_ports.Open(pty.GatewayPath, 115200);
        var reading = line.ReadAsync(new byte[16]).AsTask();
        Assert.True(line.IsReading);

        await line.DisposeAsync();

        Assert.Equal(0, await reading.WaitAsync(Wait));
        Assert.False(line.IsReading);
        // The port is free again: another program (or the gateway after a reconnect) opens it.
        await using var again = _ports.Open(pty.GatewayPath, 115200);
    }

    [Fact]
    public async Task Open_ThePortTwice_RefusesTheSecondAsInUse()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var line = _ports.Open(pty.GatewayPath, 115200);

        var error = Assert.Throws<IOException>(() => _ports.Open(pty.GatewayPath, 115200));

        Assert.Contains("another program has it open", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/null", 115200, "(is it a serial device?)")]
    [InlineData("/nonexistent/ttyUSB9", 115200, "could not open /nonexistent/ttyUSB9: No such file or directory")]
    [InlineData("/dev/null", 250000, "250000 bit/s is not a standard serial speed")]
    public void Open_NotASerialLine_SaysWhy(string path, int baudRate, string expected)
    {
        var error = Assert.Throws<IOException>(() => _ports.Open(path, baudRate));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(Wait);
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }
}
