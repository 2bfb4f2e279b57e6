using SafeCommunity.Iot.LoadTest.Measuring;

namespace SafeCommunity.Iot.LoadTest.Tests.Measuring;

public class ProcFsTests
{
    [Fact]
    public void ParseCpuSeconds_AddsUserAndSystemTicks_EvenWithSpacesInTheName()
    {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        const string Stat = "4242 (dotnet host) S 1 4242 4242 0 -1 4194560 51234 0 12 0 1500 250 0 0 20 0 30 0 987654 3000000000 60000 18446744073709551615";

        Assert.Equal(17.5, ProcFs.ParseCpuSeconds(Stat));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 (dotnet) S 1 2")]
    [InlineData("4242 dotnet S 1 4242 4242 0 -1 4194560 51234 0 12 0 1500 250")]
    public void ParseCpuSeconds_TextItCannotRead_IsNull(string stat)
    {
        Assert.Null(ProcFs.ParseCpuSeconds(stat));
    }

    [Fact]
    public void ParseRssBytes_ReadsVmRssInKilobytes()
    {
        const string Status = "Name:\tdotnet\nVmPeak:\t 3000000 kB\nVmRSS:\t  204800 kB\nRssAnon:\t  150000 kB\n";

        Assert.Equal(204_800L * 1024, ProcFs.ParseRssBytes(Status));
        Assert.Null(ProcFs.ParseRssBytes("Name:\tzombie\n"));
    }

    [Fact]
    public void ParseLoadAverage_ReadsTheOneMinuteFigure()
    {
        Assert.Equal(3.42, ProcFs.ParseLoadAverage("3.42 2.10 1.05 3/812 99999\n"));
        Assert.Null(ProcFs.ParseLoadAverage(""));
    }

    [Fact]
    public void Read_ThisProcess_GivesCpuAndMemory()
    {
        var self = ProcFs.Read(Environment.ProcessId);

        Assert.NotNull(self);
        Assert.True(self.Value.RssBytes > 1024 * 1024);
        Assert.True(self.Value.CpuSeconds > 0);
    }
}
