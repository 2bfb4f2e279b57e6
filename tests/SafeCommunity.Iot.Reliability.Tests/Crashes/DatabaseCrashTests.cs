using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Reliability.Tests.Support;
using Xunit.Abstractions;
using SafeCommunity.Iot.TestSupport;

namespace SafeCommunity.Iot.Reliability.Tests.Crashes;

/// <summary>
/// The embedded store after the gateway process was killed with SIGKILL, then damaged as a power cut or a failing disk
/// would leave it, and the real gateway started on it. A torn tail of the write-ahead log (a transaction half written)
/// is cut by SQLite's own recovery, which the gateway reports; a damaged database file stops the gateway with one
/// clear line and exit code 3 (docs/storage.md, "After a crash"). SQLite's files only: not run on PostgreSQL.
/// </summary>
[Trait(TestStore.SqliteFilesTrait, "true")]
public sealed class DatabaseCrashTests(ITestOutputHelper output) : BrokerBackedTest(output)
{
    private const int WalHeaderSize = 32;
    private const int FrameHeaderSize = 24;

    private static readonly string[] Tears =
        ["inside the last commit frame's page", "right after the last commit frame's header", "inside the last transaction's first frame", "a flipped byte in the last commit frame"];

    [Fact]
    public async Task TornWriteAheadLogTail_AtFourPlaces_GatewayStartsOnTheCommittedPrefixSaysWhatItCutAndCarriesOn()
    {
        var (crashed, stored) = await CrashUnderTrafficAsync();
        var log = await File.ReadAllBytesAsync(Path.Combine(crashed, "gateway.db-wal"));
        var (pageSize, frames) = FramesOf(log);
        var commits = frames.Select((f, i) => (f, i)).Where(x => x.f.IsCommit).Select(x => x.i).ToList();
        Assert.True(commits.Count >= 2, "the log holds at least two transactions");
        var last = frames[commits[^1]];
        var lastTransactionStart = frames[commits[^2] + 1];

        foreach (var tear in Tears)
        {
            var damaged = log.ToArray();
            var length = tear switch
            {
                "inside the last commit frame's page" => last.Offset + FrameHeaderSize + (pageSize / 2),
                "right after the last commit frame's header" => last.Offset + FrameHeaderSize,
                "inside the last transaction's first frame" => lastTransactionStart.Offset + 100,
                _ => log.Length,
            };
            if (tear == "a flipped byte in the last commit frame")
            {
                damaged[(int)last.Offset + FrameHeaderSize + 7] ^= 0x40;
            }

            using var rig = CopyOfTheStore(crashed, "gateway.db-wal", damaged[..(int)length]);
            await rig.StartAsync();
            var gatewayLog = rig.Current.Log;
            Assert.Contains("was not closed when the gateway last stopped", gatewayLog, StringComparison.Ordinal);
            Assert.Contains("cut a torn tail of", gatewayLog, StringComparison.Ordinal);
            Output.WriteLine($"{tear}: {gatewayLog.Split('\n').First(l => l.Contains("cut a torn tail", StringComparison.Ordinal)).Trim()}");

            // What survives is the stream as it was committed before the torn transaction: a prefix, without a gap.
            var survived = await rig.ReplayAsync(0);
            Assert.True(survived.Count <= stored.Count);
            Assert.Equal(stored.Take(survived.Count).Select(Summary), survived.Select(Summary));

            // And the gateway carries on from there: the next alarm takes the next number.
            var spare = WristbandTraffic.Uplink(WristbandTraffic.FirstWristband + 30, 1, sos: true, 25.1, 105.47);
            await using (var networkServer = new NetworkServerPublisher(Broker.Port))
            {
                await networkServer.PublishAsync(spare, CancellationToken.None);
            }

            await Waiting.UntilAsync(async () => (await rig.ReplayAsync(survived.Count)).Count == 1, TimeSpan.FromSeconds(30), "the next alarm", () => rig.Current.Log);
            var next = (await rig.ReplayAsync(survived.Count)).Single();
            Assert.Equal(survived.Count + 1, next.Sequence);
            Assert.Equal(spare.DeviceId, next.Alarm.DeviceId);
            rig.Kill();
        }
    }

    [Fact]
    public async Task DamagedDatabaseFile_GatewayStopsWithOneClearLineAndExitCode3()
    {
        var (crashed, _) = await CrashUnderTrafficAsync();

        // Fold the log into the file (what a clean stop does), so the damage below is the file's alone.
        var database = Path.Combine(crashed, "gateway.db");
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }

        var pageSize = BinaryPrimitives.ReadUInt16BigEndian((await File.ReadAllBytesAsync(database)).AsSpan(16, 2));
        var deviceStateRoot = RootPageOf(database, "device_state");
        var damages = new (string What, long Offset, int Length, string Reason)[]
        {
            ("the file header", 0, 100, "file is not a database"),
            ("the device states' root page", (deviceStateRoot - 1) * pageSize, pageSize, $"page {deviceStateRoot}"),
        };
        foreach (var (what, offset, length, reason) in damages)
        {
            var copy = File.ReadAllBytes(database);
            Random.Shared.NextBytes(copy.AsSpan((int)offset, length));
            using var rig = CopyOfTheStore(crashed, "gateway.db", copy);
            using var gateway = rig.Launch();
            await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));
            var line = gateway.Log.Split('\n').FirstOrDefault(l => l.Contains(" is damaged (", StringComparison.Ordinal))?.Trim();
            Output.WriteLine($"{what}: exit code {gateway.ExitCode}; {line}");
            Assert.Equal(3, gateway.ExitCode);
            Assert.NotNull(line);
            Assert.Contains($"The database {Path.Combine(rig.DataDirectory, "gateway.db")} is damaged", line, StringComparison.Ordinal);
            Assert.Contains(reason, line, StringComparison.Ordinal);
            Assert.Contains("restore the last backup", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", gateway.Log, StringComparison.Ordinal);
        }
    }

    /// <summary>The gateway takes traffic with SOS presses, the test reads the alarm stream, then the gateway is killed; returns a copy of its data directory.</summary>
    private async Task<(string DataDirectory, List<AlarmEvent> Stored)> CrashUnderTrafficAsync()
    {
        var script = WristbandTraffic.Script(10, 20, new Random(7));
        // No checkpoint before the kill (the longest interval allowed): the write-ahead log must still hold the
        // transactions whose tail the tests tear, not be folded into the file a second after they were committed.
        using var rig = new GatewayRig(Path.Combine(Work.Path, "original"), Broker.Port, "--Storage:CheckpointInterval=00:01:00");
        await rig.StartAsync();
        await using (var networkServer = new NetworkServerPublisher(Broker.Port))
        {
            await networkServer.PublishPacedAsync(script);
        }

        await Waiting.UntilAsync(() => rig.AllAtAsync(WristbandTraffic.LastOfEach(script).Values), TimeSpan.FromSeconds(60), "the traffic to be processed", () => rig.Current.Log);
        var stored = await rig.ReplayAsync(0);
        Assert.Equal(script.Count(u => u.IsSos), stored.Count);
        rig.Kill();

        var copy = Path.Combine(Work.Path, "crashed");
        CopyDirectory(rig.DataDirectory, copy);
        return (copy, stored);
    }

    /// <summary>A rig on a fresh copy of <paramref name="crashed"/> whose file <paramref name="file"/> holds <paramref name="content"/> instead.</summary>
    private GatewayRig CopyOfTheStore(string crashed, string file, byte[] content)
    {
        // A session of its own at the broker: what an earlier case left unacknowledged must not reach this one.
        var name = $"case-{Guid.NewGuid():N}";
        var rig = new GatewayRig(Path.Combine(Work.Path, name), Broker.Port, $"--Receivers:LoRaWan:ClientId={name}");
        CopyDirectory(crashed, rig.DataDirectory);
        File.WriteAllBytes(Path.Combine(rig.DataDirectory, file), content);
        return rig;
    }

    /// <summary>The frames of the log's current cycle: where each starts and whether it ends a transaction (https://www.sqlite.org/fileformat.html#wal_file_format).</summary>
    private static (int PageSize, List<(long Offset, bool IsCommit)> Frames) FramesOf(byte[] log)
    {
        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(log.AsSpan(8));
        var salts = log.AsSpan(16, 8).ToArray();
        var frames = new List<(long, bool)>();
        for (var offset = WalHeaderSize; offset + FrameHeaderSize + pageSize <= log.Length; offset += FrameHeaderSize + pageSize)
        {
            if (!log.AsSpan(offset + 8, 8).SequenceEqual(salts))
            {
                break;
            }

            frames.Add((offset, BinaryPrimitives.ReadUInt32BigEndian(log.AsSpan(offset + 4)) != 0));
        }

        return (pageSize, frames);
    }

    private static long RootPageOf(string database, string table)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rootpage FROM sqlite_schema WHERE name = $name";
        command.Parameters.AddWithValue("$name", table);
        return (long)command.ExecuteScalar()!;
    }

    private static string Summary(AlarmEvent e) => $"{e.Sequence} {e.Type} alarm {e.Alarm.Id} device {e.Alarm.DeviceId} count {e.Alarm.Count}";

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
