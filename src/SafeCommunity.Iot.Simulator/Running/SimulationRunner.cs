using System.Diagnostics;
using System.Globalization;
using System.IO.Ports;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Protocol.Radio;
using SafeCommunity.Iot.Simulator.Cli;
using SafeCommunity.Iot.Simulator.Engine;
using SafeCommunity.Iot.Simulator.Fleet;
using SafeCommunity.Iot.Simulator.Scenarios;
using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.Simulator.Running;

/// <summary>
/// Runs the simulation against the real transports: paces simulation time to the wall clock (times the speed), hands
/// each frame to the serial receivers that heard it and to the MQTT broker when a LoRaWAN gateway did, sends every
/// serial receiver's status each minute, and says what happens in plain words.
/// </summary>
internal sealed class SimulationRunner : IAsyncDisposable
{
    /// <summary>Exit code: done (the duration passed, or Ctrl+C).</summary>
    public const int Success = 0;

    /// <summary>Exit code: the run could not start (seed file, serial port).</summary>
    public const int Failure = 1;

    /// <summary>Exit code: bad command line.</summary>
    public const int UsageError = 2;

    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstScenarioAt = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ScenarioGap = TimeSpan.FromSeconds(4);

    private readonly SimulatorOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly Lock _writeLock = new();
    private readonly Stopwatch _wall = new();
    private readonly Dictionary<string, SerialLinkTransport> _serial = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _reportedErrors = new(StringComparer.Ordinal);
    private ChirpStackMqttTransport? _mqtt;
    private ChirpStackUplinkBuilder? _chirpStack;
    private long _unwiredReceptions;
    private long _unheard;
    private long _loRaWanSkipped;

    public SimulationRunner(SimulatorOptions options, TextWriter output, TextWriter error)
    {
        _options = options;
        _out = output;
        _error = error;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        SeedDeployment seed;
        try
        {
            seed = SeedDeployment.Load(_options.SeedFile);
        }
        catch (SeedFileException ex)
        {
            return Fail(ex.Message);
        }

        if (!CheckReceivers(seed, out var problem))
        {
            return Fail(problem!);
        }

        CheckKeys(seed);
        ScenarioCatalog.TryCreate(_options.Scenarios, out var scenarios, out _);
        var settings = new SimulationSettings
        {
            RandomSeed = _options.RandomSeed,
            CounterBase = _options.CounterBase ?? SimulationSettings.CounterBaseFromClock(DateTimeOffset.UtcNow),
            PatrolReceiverId = _options.PatrolReceiverId,
        };

        FleetSimulation fleet;
        try
        {
            fleet = new FleetSimulation(seed, settings);
        }
        catch (SeedFileException ex)
        {
            return Fail($"{_options.SeedFile}: {ex.Message}");
        }

        using (fleet)
        {
            fleet.PlanScenarios(scenarios, FirstScenarioAt, ScenarioGap);
            try
            {
                OpenSerialPorts(seed);
            }
            catch (SerialOpenException ex)
            {
                await CloseAsync();
                return Fail(ex.Message);
            }

            if (_options.Mqtt)
            {
                _chirpStack = new ChirpStackUplinkBuilder(_options.RandomSeed);
                _mqtt = new ChirpStackMqttTransport(_options.MqttHost, _options.MqttPort);
                _mqtt.Start();
            }

            Introduce(seed, fleet, settings);
            _wall.Start();
            foreach (var transport in _serial.Values)
            {
                transport.Start();
            }

            using var background = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var chores = Task.Run(() => ChoresAsync(fleet, background.Token), CancellationToken.None);
            await PlayAsync(fleet, cancellationToken);
            await background.CancelAsync();
            await chores;

            Say("stopping: sending what is queued...");
            foreach (var transport in _serial.Values)
            {
                await transport.DrainAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
            }

            if (_mqtt is not null)
            {
                await _mqtt.DrainAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
            }

            Summarize(fleet, final: true);
            await CloseAsync();
        }

        return Success;
    }

    private async Task PlayAsync(FleetSimulation fleet, CancellationToken cancellationToken)
    {
        var end = _options.Duration is { } duration ? duration * _options.Speed : TimeSpan.MaxValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = fleet.NextDue ?? end;
            if (next > end)
            {
                next = end;
            }

            if (next == TimeSpan.MaxValue)
            {
                // Nothing scheduled and no end: nothing left to do but wait for Ctrl+C.
                await WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);
                return;
            }

            var wait = (next / _options.Speed) - _wall.Elapsed;
            if (wait > TimeSpan.Zero && !await WaitAsync(wait, cancellationToken))
            {
                return;
            }

            foreach (var happened in fleet.AdvanceTo(next))
            {
                Dispatch(happened);
            }

            if (next >= end)
            {
                Say(string.Create(CultureInfo.InvariantCulture, $"--duration {_options.Duration} has passed."));
                return;
            }
        }
    }

    private void Dispatch(SimulationEvent happened)
    {
        switch (happened)
        {
            case Narration narration:
                Say($"{narration.Scenario}: {narration.Text}");
                break;
            case ReceiverFix fix when _serial.TryGetValue(fix.Receiver.Id, out var patrol):
                var now = DateTimeOffset.UtcNow;
                patrol.SendSentence(NmeaSentences.Rmc(now, fix.Position, fix.SpeedMetresPerSecond, fix.CourseDegrees));
                patrol.SendSentence(NmeaSentences.Gga(now, fix.Position, 14, 0.8, 1372));
                break;
            case Transmission transmission:
                Send(transmission);
                break;
            default:
                break;
        }
    }

    private void Send(Transmission transmission)
    {
        if (transmission.Receptions.Count == 0)
        {
            Interlocked.Increment(ref _unheard);
        }

        if (transmission.IsLoRaWan)
        {
            if (_mqtt is not null && _chirpStack?.Build(transmission) is { } message)
            {
                _mqtt.Enqueue(message);
            }
            else if (transmission.Receptions.Count > 0)
            {
                Interlocked.Increment(ref _loRaWanSkipped);
            }
        }
        else
        {
            foreach (var heard in transmission.Receptions)
            {
                if (_serial.TryGetValue(heard.Receiver.Id, out var transport))
                {
                    transport.SendReception(transmission.Bytes, heard.RssiDbm, heard.SnrDb);
                }
                else
                {
                    Interlocked.Increment(ref _unwiredReceptions);
                }
            }
        }

        if (_options.Verbose)
        {
            Say(Describe(transmission));
        }
    }

    private async Task ChoresAsync(FleetSimulation fleet, CancellationToken cancellationToken)
    {
        var nextStatus = StatusInterval;
        var nextSummary = SummaryInterval;
        var mqttState = (bool?)null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await WaitAsync(TimeSpan.FromMilliseconds(250), cancellationToken))
            {
                return;
            }

            if (_wall.Elapsed >= nextStatus)
            {
                nextStatus += StatusInterval;
                foreach (var transport in _serial.Values)
                {
                    transport.SendStatus();
                }
            }

            if (_mqtt is not null && _mqtt.IsConnected != mqttState)
            {
                var connected = _mqtt.IsConnected;
                if (connected)
                {
                    Say($"connected to the MQTT broker at {_mqtt.Endpoint}: LoRaWAN uplinks go out as ChirpStack v4 events on application/{ChirpStackUplinkBuilder.ApplicationId:D}/device/<devEui>/event/up (QoS 1).");
                }
                else if (mqttState is not null || _wall.Elapsed > TimeSpan.FromSeconds(3))
                {
                    Say($"no MQTT broker at {_mqtt.Endpoint} ({_mqtt.LastError ?? "not connected"}); LoRaWAN uplinks wait in a queue, retrying every {ChirpStackMqttTransport.ReconnectDelay.TotalSeconds:F0} s. Is the gateway (its embedded broker) running?");
                }

                if (connected || mqttState is not null || _wall.Elapsed > TimeSpan.FromSeconds(3))
                {
                    mqttState = connected;
                }
            }

            foreach (var transport in _serial.Values)
            {
                var error = transport.LastError;
                if (error is not null && _reportedErrors.GetValueOrDefault(transport.ReceiverId) != error)
                {
                    _reportedErrors[transport.ReceiverId] = error;
                    Say($"writing to {transport.ReceiverId}'s port failed: {error} (records are dropped while it fails)");
                }
            }

            if (_wall.Elapsed >= nextSummary)
            {
                nextSummary += SummaryInterval;
                Summarize(fleet, final: false);
            }
        }
    }

    private void Summarize(FleetSimulation fleet, bool final)
    {
        var parts = new List<string>();
        if (_mqtt is not null)
        {
            var extra = _mqtt.NoSubscribers > 0 ? string.Create(CultureInfo.InvariantCulture, $", {_mqtt.NoSubscribers} with no subscriber") : "";
            var dropped = _mqtt.Dropped > 0 ? string.Create(CultureInfo.InvariantCulture, $", {_mqtt.Dropped} dropped") : "";
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"LoRaWAN {_mqtt.Published} uplinks published ({_mqtt.Waiting} waiting{extra}{dropped})"));
        }

        foreach (var transport in _serial.Values)
        {
            var gnss = transport.GnssPresent ? string.Create(CultureInfo.InvariantCulture, $" + {transport.Sentences} GNSS sentences") : "";
            var dropped = transport.RecordsDropped > 0 ? string.Create(CultureInfo.InvariantCulture, $", {transport.RecordsDropped} dropped") : "";
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{transport.ReceiverId} {transport.Receptions} receptions{gnss}{dropped}"));
        }

        var unwired = Interlocked.Read(ref _unwiredReceptions);
        if (unwired > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{unwired} receptions at base stations with no port"));
        }

        var head = final ? "in all" : "so far";
        Say(string.Create(CultureInfo.InvariantCulture, $"{head}: {fleet.FramesSent} frames from {fleet.Devices.Count} devices — {string.Join("; ", parts)}."));
    }

    private void Introduce(SeedDeployment seed, FleetSimulation fleet, SimulationSettings settings)
    {
        var chips = seed.Devices.Count(d => d.Kind == DeviceKind.EbikeChip);
        Say(string.Create(CultureInfo.InvariantCulture,
            $"{_options.SeedFile}: {seed.Communities.Count} communities, {seed.Receivers.Count} receivers, {seed.Devices.Count} devices ({chips} e-bike chips, {seed.Devices.Count - chips} wristbands); frames signed with the demo keys, counters from {settings.CounterBase}, random seed {settings.RandomSeed}."));
        foreach (var transport in _serial.Values)
        {
            var binding = _options.BaseStations.Concat(_options.Patrol is null ? [] : [_options.Patrol]).First(b => b.ReceiverId == transport.ReceiverId);
            Say(string.Create(CultureInfo.InvariantCulture, $"serial receiver {transport.ReceiverId} (hardware id {transport.HardwareId}) writes link records to {binding.Path}."));
        }

        if (_options.Mqtt)
        {
            Say($"LoRaWAN devices go to the MQTT broker at {_options.MqttHost}:{_options.MqttPort.ToString(CultureInfo.InvariantCulture)}.");
        }
        else
        {
            Say("--no-mqtt: LoRaWAN devices' frames are not sent anywhere.");
        }

        var pace = (settings.MinInterval / _options.Speed, settings.MaxInterval / _options.Speed);
        var plan = string.Join(", ", fleet.Plan.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Scenario.Name} at {Clock(s.Start / _options.Speed)}")));
        Say(string.Create(CultureInfo.InvariantCulture,
            $"speed {_options.Speed}: each device sends every {pace.Item1.TotalSeconds:0.#}-{pace.Item2.TotalSeconds:0.#} s; scenarios: {plan}; {(_options.Duration is { } d ? "stops after " + d.ToString("c", CultureInfo.InvariantCulture) : "runs until Ctrl+C")}."));
    }

    private bool CheckReceivers(SeedDeployment seed, out string? problem)
    {
        foreach (var binding in _options.BaseStations)
        {
            var receiver = seed.Receivers.FirstOrDefault(r => r.Id == binding.ReceiverId);
            if (receiver is null || receiver.Kind != ReceiverKind.FixedBaseStation)
            {
                var stations = string.Join(", ", seed.Receivers.Where(r => r.Kind == ReceiverKind.FixedBaseStation).Select(r => r.Id));
                problem = receiver is null
                    ? $"--serial: the seed file has no receiver '{binding.ReceiverId}'; its base stations are {stations}"
                    : $"--serial: '{binding.ReceiverId}' is a {receiver.Kind.Name()}, not a fixed base station; its base stations are {stations}";
                return false;
            }
        }

        if (_options.Patrol is { } patrol)
        {
            var receiver = seed.Receivers.FirstOrDefault(r => r.Id == patrol.ReceiverId);
            if (receiver is null || receiver.Kind != ReceiverKind.Mobile)
            {
                var mobiles = string.Join(", ", seed.Receivers.Where(r => r.Kind == ReceiverKind.Mobile).Select(r => r.Id).Take(6));
                problem = $"--patrol-serial: '{patrol.ReceiverId}' is not a mobile receiver of the seed file (some are {mobiles})";
                return false;
            }
        }

        problem = null;
        return true;
    }

    private void CheckKeys(SeedDeployment seed)
    {
        var other = seed.Devices.Where(d => !string.Equals(d.KeyHex, DemoKeys.HexFor(d.Id), StringComparison.OrdinalIgnoreCase)).ToList();
        if (other.Count > 0)
        {
            Say(string.Create(CultureInfo.InvariantCulture,
                $"warning: {other.Count} devices (e.g. {other[0].Label}) are enrolled with keys that are not their demo keys; the gateway will reject their frames (BadMic)."));
        }
    }

    private void OpenSerialPorts(SeedDeployment seed)
    {
        var bindings = _options.BaseStations.Select(b => (Binding: b, Gnss: false)).ToList();
        if (_options.Patrol is not null)
        {
            bindings.Add((_options.Patrol, true));
        }

        foreach (var (binding, gnss) in bindings)
        {
            var receiver = seed.Receivers.First(r => r.Id == binding.ReceiverId);
            if (receiver.HardwareId is null)
            {
                Say($"warning: {receiver.Id} has no hardwareId in the seed file; its status records say 0.");
            }

            var stream = SerialPorts.Open(binding.Path);
            _serial[receiver.Id] = new SerialLinkTransport(stream, receiver.Id, receiver.HardwareId ?? 0, gnss);
        }
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    private async Task CloseAsync()
    {
        foreach (var transport in _serial.Values)
        {
            await transport.DisposeAsync();
        }

        _serial.Clear();
        if (_mqtt is not null)
        {
            await _mqtt.DisposeAsync();
            _mqtt = null;
        }
    }

    private static string Describe(Transmission t)
    {
        var frame = t.Frame;
        var what = frame.Type switch
        {
            FrameType.Beacon => "beacon",
            FrameType.PositionReport => "position report",
            FrameType.AlarmEvent => "alarm " + frame.Event,
            _ => frame.Type.ToString(),
        };
        var position = frame.Position is { } fix ? string.Create(CultureInfo.InvariantCulture, $" at {fix.Latitude:F6},{fix.Longitude:F6}") : "";
        var heard = t.Receptions.Count == 0
            ? "nobody heard it"
            : string.Join(", ", t.Receptions.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Receiver.Id} {r.RssiDbm} dBm")));
        return string.Create(CultureInfo.InvariantCulture, $"{t.Device.Label} {what} #{frame.Counter} [{frame.Flags}]{position} -> {heard}");
    }

    private static async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Clock(TimeSpan span) => span.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    private int Fail(string message)
    {
        lock (_writeLock)
        {
            _error.WriteLine("safecomm-simulator: " + message);
        }

        return Failure;
    }

    private void Say(string text)
    {
        var stamp = DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        lock (_writeLock)
        {
            _out.WriteLine($"{stamp} [simulator] {text}");
        }
    }
}

/// <summary>The simulator's end of a serial line cannot be opened; the message says what to do.</summary>
public sealed class SerialOpenException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SerialOpenException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SerialOpenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SerialOpenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Opens the simulator's end of a serial line.</summary>
public static class SerialPorts
{
    /// <summary>
    /// Opens <paramref name="path"/> as a serial port (raw 8N1, which also keeps a pseudo-terminal from turning LF into
    /// CR LF), with a write timeout so a line nobody reads never hangs the transport.
    /// </summary>
    /// <exception cref="SerialOpenException">It does not exist or cannot be opened.</exception>
    public static Stream Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new SerialOpenException(
                $"the serial line {path} does not exist. Make a pty pair first, e.g. socat -d -d pty,raw,echo=0,link=/tmp/sc/gw-base pty,raw,echo=0,link={path}");
        }

        var port = new SerialPort(path, 115200, Parity.None, 8, StopBits.One) { Handshake = Handshake.None, WriteTimeout = 2000 };
        try
        {
            port.Open();
            return new OwnedPortStream(port);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw new SerialOpenException($"cannot open the serial line {path}: {ex.Message}", ex);
        }
    }

    /// <summary>The port's stream, owning the port; flushing does not wait for the UART (tcdrain) to empty.</summary>
    private sealed class OwnedPortStream(SerialPort port) : Stream
    {
        private readonly Stream _inner = port.BaseStream;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.WriteAsync(buffer, offset, count, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try
                {
                    port.Dispose();
                }
                catch (IOException)
                {
                }
            }

            base.Dispose(disposing);
        }
    }
}
