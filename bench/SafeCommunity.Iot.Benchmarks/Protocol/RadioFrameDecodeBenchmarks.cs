using BenchmarkDotNet.Attributes;
using SafeCommunity.Iot.Benchmarks.Uplinks;
using SafeCommunity.Iot.Ingestion.Verification;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Protocol.Security;

namespace SafeCommunity.Iot.Benchmarks.Protocol;

/// <summary>
/// The hot decode path per valid frame (DESIGN.md §5: no allocation): <see cref="RadioFrameReader.Read"/>, the
/// MIC check with the device's prepared CMAC, and both with the look-ups a pipeline shard does in between
/// (registry, <see cref="DeviceKeyCache"/>). Each operation is one frame of the <see cref="UplinkFleet"/>; an
/// invocation decodes all of them in turn.
/// </summary>
[MemoryDiagnoser]
public class RadioFrameDecodeBenchmarks : IDisposable
{
    private const int FrameCount = 1_024;

    private UplinkFleet _fleet = null!;
    private DeviceKeyCache _keys = null!;
    private AesCmac[] _cmacs = null!;

    /// <summary>Builds the fleet and prepares every device's key in the cache, as a running shard has.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _fleet = UplinkFleet.Create(FrameCount);
        _keys = new DeviceKeyCache(capacity: 16_384);
        _cmacs = [.. _fleet.Devices.Select(_keys.Get)];
        if (ReadVerifyWithCachedKey() != FrameCount)
        {
            throw new InvalidOperationException("Every frame of the fleet must decode and verify.");
        }
    }

    /// <summary>Releases the cached keys.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _keys.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Structure and field checks (PROTOCOL.md §1.8 checks 1-15).</summary>
    [Benchmark(OperationsPerInvoke = FrameCount)]
    public uint Read()
    {
        uint sum = 0;
        foreach (var bytes in _fleet.Frames)
        {
            RadioFrameReader.Read(bytes, out var frame);
            sum += frame.Counter;
        }

        return sum;
    }

    /// <summary>The AES-CMAC check alone, with the device's prepared CMAC.</summary>
    [Benchmark(OperationsPerInvoke = FrameCount)]
    public int VerifyMic()
    {
        var valid = 0;
        var frames = _fleet.Frames;
        for (var i = 0; i < frames.Length; i++)
        {
            valid += RadioFrameReader.VerifyMic(frames[i], _cmacs[i]) == RadioFrameError.None ? 1 : 0;
        }

        return valid;
    }

    /// <summary>What a shard does per frame: read, find the device, take its CMAC from the key cache, check the MIC.</summary>
    [Benchmark(OperationsPerInvoke = FrameCount)]
    public int ReadVerifyWithCachedKey()
    {
        var valid = 0;
        foreach (var bytes in _fleet.Frames)
        {
            if (RadioFrameReader.Read(bytes, out var frame) == RadioFrameError.None &&
                _fleet.Registry.TryGetDevice(frame.DeviceId, out var device) &&
                RadioFrameReader.VerifyMic(bytes, _keys.Get(device)) == RadioFrameError.None)
            {
                valid++;
            }
        }

        return valid;
    }
}
