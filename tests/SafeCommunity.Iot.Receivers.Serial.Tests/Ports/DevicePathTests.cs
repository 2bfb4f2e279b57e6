using SafeCommunity.Iot.Receivers.Serial.Ports;
using SafeCommunity.Iot.Receivers.Serial.Tests.Support;

namespace SafeCommunity.Iot.Receivers.Serial.Tests.Ports;

public sealed class DevicePathTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("sc-devpath-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Resolve_LinkToExistingFile_IsTheFinalTarget()
    {
        var target = Path.Combine(_directory.FullName, "ttyUSB0");
        File.WriteAllText(target, "");
        var first = Path.Combine(_directory.FullName, "by-path");
        var second = Path.Combine(_directory.FullName, "by-id");
        File.CreateSymbolicLink(first, target);
        File.CreateSymbolicLink(second, first);

        Assert.Equal(target, DevicePath.Resolve(second));
        Assert.Equal(target, DevicePath.Resolve(target));
    }

    [Fact]
    public void Resolve_DanglingLinkOrMissingPath_IsNull()
    {
        var link = Path.Combine(_directory.FullName, "usb-gone-if00");
        File.CreateSymbolicLink(link, Path.Combine(_directory.FullName, "ttyUSB9"));

        Assert.Null(DevicePath.Resolve(link));
        Assert.Null(DevicePath.Resolve(Path.Combine(_directory.FullName, "nothing")));
        Assert.Null(DevicePath.Resolve(""));
    }

    [Fact]
    public async Task Resolve_SocatLink_IsThePseudoTerminal()
    {
        await using var pty = await SocatPtyPair.StartAsync();

        Assert.StartsWith("/dev/pts/", DevicePath.Resolve(pty.GatewayPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingDevice_ThrowsAnExceptionTheSessionHandles()
    {
        var factory = new SerialPortStreamFactory();

        var error = Record.Exception(() => factory.Open(Path.Combine(_directory.FullName, "ttyUSB9"), 115200));

        Assert.True(error is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException, error?.GetType().FullName);
    }

    [Fact]
    public async Task Open_PseudoTerminalByPath_ReadsWhatTheOtherEndWrites()
    {
        await using var pty = await SocatPtyPair.StartAsync();
        await using var stream = new SerialPortStreamFactory().Open(pty.GatewayPath, 115200);
        using var device = PtyDevice.Open(pty.DevicePath);

        await device.WriteAsync(new byte[] { 1, 2, 3 });
        var buffer = new byte[16];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var read = 0;
        while (read < 3)
        {
            read += await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
        }

        Assert.Equal(new byte[] { 1, 2, 3 }, buffer[..3]);
    }
}
