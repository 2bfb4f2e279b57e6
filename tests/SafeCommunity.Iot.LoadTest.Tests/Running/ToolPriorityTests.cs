using System.Globalization;
using SafeCommunity.Iot.LoadTest.Running;

namespace SafeCommunity.Iot.LoadTest.Tests.Running;

/// <summary>
/// <c>--nice</c> must lower every thread of the tool, not only its main one: Linux keeps a nice value per thread, and
/// the publishers run on pool threads. (The test process runs one step lower afterwards, which changes nothing here.)
/// </summary>
public sealed class ToolPriorityTests
{
    [Fact]
    public void Lower_SetsTheNiceValueOfEveryThread_AndOfThreadsStartedAfterwards()
    {
        var target = Math.Min(19, NiceOf("/proc/self/stat") + 1);

        Assert.Equal(0, ToolPriority.Lower(target));

        Assert.All(Directory.EnumerateDirectories("/proc/self/task"), task => Assert.True(
            NiceOf(Path.Combine(task, "stat")) >= target, $"thread {Path.GetFileName(task)} kept its priority"));
        var later = 0;
        var thread = new Thread(() => later = NiceOf("/proc/thread-self/stat"));
        thread.Start();
        thread.Join();
        Assert.True(later >= target, "a thread started afterwards inherits the lower priority");
    }

    /// <summary>Field 19 of <c>stat</c>, counted after the command name in parentheses (it may hold spaces).</summary>
    private static int NiceOf(string statPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(statPath);
        }
        catch (IOException)
        {
            return int.MaxValue; // the thread ended meanwhile
        }

        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }
}
