using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SafeCommunity.Iot.Fuzz.Tests.Fuzzing;

/// <summary>What a fuzz run did.</summary>
/// <param name="Target">The parser.</param>
/// <param name="Cases">Cases run.</param>
/// <param name="Elapsed">Wall-clock time.</param>
/// <param name="CpuTime">Time the worker thread was on a processor (Linux), which a busy machine does not inflate.</param>
/// <param name="MostAllocated">The most bytes one case allocated.</param>
internal sealed record FuzzResult(string Target, long Cases, TimeSpan Elapsed, TimeSpan? CpuTime, long MostAllocated)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Target}: {Cases:N0} cases in {Elapsed.TotalSeconds:F1} s ({Cases / Math.Max(Elapsed.TotalSeconds, 1e-9):N0}/s)") +
        (CpuTime is { } cpu ? string.Create(CultureInfo.InvariantCulture, $", {cpu.TotalSeconds:F1} s on a processor ({Cases / Math.Max(cpu.TotalSeconds, 1e-9):N0}/s of one core)") : "") +
        string.Create(CultureInfo.InvariantCulture, $", at most {MostAllocated:N0} bytes allocated by one case");
}

/// <summary>
/// Runs a target over its cases on a worker thread and fails with a reproducible report when a case throws,
/// breaks a property, allocates more than its bound, or runs past the per-case budget (a hang: the input is
/// reported while the case is still running). Each case's input depends only on (seed, case number).
/// </summary>
internal static class FuzzRunner
{
    private const int MaxMinimiseAttempts = 20_000;

    /// <summary>How many more times an input over its allocation bound is run before that is reported.</summary>
    internal const int AllocationReruns = 3;

    public static FuzzResult Run(FuzzTarget target, FuzzSettings settings)
    {
        var state = new RunState(target, settings);
        var worker = new Thread(state.Work, 16 * 1024 * 1024) { IsBackground = true, Name = "fuzz " + target.Name };
        var started = Stopwatch.GetTimestamp();
        worker.Start();
        while (!worker.Join(100))
        {
            var caseStarted = Volatile.Read(ref state.CaseStartedAt);
            if (caseStarted != 0 && Stopwatch.GetElapsedTime(caseStarted) > settings.CaseBudget)
            {
                // The worker is stuck in the parser: report what it is chewing on. It is a background thread, so it
                // does not keep the test process alive.
                var caseIndex = Volatile.Read(ref state.CurrentCase);
                var input = state.Buffer.AsSpan(0, Volatile.Read(ref state.CurrentLength)).ToArray();
                throw new FuzzFailureException(Report(target, settings, caseIndex,
                    $"still running after {settings.CaseBudget.TotalSeconds:F0} s (a hang)", input, minimised: null));
            }
        }

        if (state.Failure is { } failure)
        {
            throw failure;
        }

        return new FuzzResult(target.Name, state.CasesRun, Stopwatch.GetElapsedTime(started), state.CpuTime, state.MostAllocated);
    }

    /// <summary>A failure report: the seed and case to replay it, the input and a minimised input in hex.</summary>
    internal static string Report(FuzzTarget target, FuzzSettings settings, long caseIndex, string what, byte[] input, byte[]? minimised)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{target.Name}: case {caseIndex} of seed {settings.Seed} {what}.");
        text.AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"replay: FUZZ_SEED={settings.Seed} FUZZ_CASE={caseIndex} dotnet test tests/SafeCommunity.Iot.Fuzz.Tests");
        text.AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"input ({input.Length} bytes): {Convert.ToHexString(input)}");
        if (minimised is not null)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"minimised ({minimised.Length} bytes): {Convert.ToHexString(minimised)}");
        }

        return text.ToString();
    }

    /// <summary>Removes ever smaller chunks of <paramref name="input"/> while <paramref name="stillFails"/> holds.</summary>
    internal static byte[] Minimise(byte[] input, Func<byte[], bool> stillFails)
    {
        var current = input;
        var attempts = 0;
        for (var chunk = Math.Max(1, current.Length / 2); chunk >= 1 && attempts < MaxMinimiseAttempts; chunk /= 2)
        {
            var removed = true;
            while (removed && attempts < MaxMinimiseAttempts)
            {
                removed = false;
                for (var at = 0; at + chunk <= current.Length && attempts < MaxMinimiseAttempts; attempts++)
                {
                    var candidate = new byte[current.Length - chunk];
                    current.AsSpan(0, at).CopyTo(candidate);
                    current.AsSpan(at + chunk).CopyTo(candidate.AsSpan(at));
                    if (stillFails(candidate))
                    {
                        current = candidate;
                        removed = true;
                    }
                    else
                    {
                        at += chunk;
                    }
                }
            }
        }

        return current;
    }

    private static Exception? Threw(FuzzCheck check, byte[] input)
    {
        try
        {
            check(input);
            return null;
        }
#pragma warning disable CA1031 // Whatever a parser throws on bad input is the finding.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return exception;
        }
    }

    private static long Allocated(FuzzCheck check, byte[] input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = Threw(check, input);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private sealed class RunState(FuzzTarget target, FuzzSettings settings)
    {
        public readonly byte[] Buffer = new byte[target.Capacity];
        public long CaseStartedAt;
        public long CurrentCase;
        public int CurrentLength;

        public long CasesRun { get; private set; }

        public long MostAllocated { get; private set; }

        public FuzzFailureException? Failure { get; private set; }

        public TimeSpan? CpuTime { get; private set; }

        public void Work()
        {
            var cpuAtStart = ThreadCpuTime();
            try
            {
                RunCases();
            }
            finally
            {
                CpuTime = ThreadCpuTime() - cpuAtStart;
            }
        }

        /// <summary>The calling thread's time on a processor, from Linux's schedstat (nanoseconds); null elsewhere.</summary>
        private static TimeSpan? ThreadCpuTime()
        {
            try
            {
                var fields = File.ReadAllText("/proc/thread-self/schedstat").Split(' ');
                return TimeSpan.FromTicks(long.Parse(fields[0], CultureInfo.InvariantCulture) / 100);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
            {
                return null;
            }
        }

        private void RunCases()
        {
            var first = settings.OnlyCase ?? 0;
            var end = settings.OnlyCase is { } only ? only + 1 : settings.Cases;
            for (var caseIndex = first; caseIndex < end; caseIndex++)
            {
                var random = new FuzzRandom(settings.Seed, caseIndex);
                var length = target.MakeInput(ref random, Buffer);
                Volatile.Write(ref CurrentCase, caseIndex);
                Volatile.Write(ref CurrentLength, length);
                Volatile.Write(ref CaseStartedAt, Stopwatch.GetTimestamp());

                var before = GC.GetAllocatedBytesForCurrentThread();
                var error = Threw(target.Check, Buffer, length);
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                var took = Stopwatch.GetElapsedTime(Volatile.Read(ref CaseStartedAt));
                Volatile.Write(ref CaseStartedAt, 0);
                CasesRun++;

                if (error is not null)
                {
                    var input = Buffer.AsSpan(0, length).ToArray();
                    var kind = error.GetType();
                    var minimised = Minimise(input, candidate => FuzzRunner.Threw(target.Check, candidate)?.GetType() == kind);
                    Failure = new FuzzFailureException(Report(target, settings, caseIndex, "threw " + error, input, minimised), error);
                    return;
                }

                if (took > settings.CaseBudget)
                {
                    Failure = new FuzzFailureException(Report(target, settings, caseIndex,
                        string.Create(CultureInfo.InvariantCulture, $"took {took.TotalSeconds:F1} s, more than its budget"), Buffer.AsSpan(0, length).ToArray(), minimised: null));
                    return;
                }

                // The count is per thread, but the runtime may allocate on this thread for its own reasons: a first
                // call builds lazy statics, and caches it holds weakly are rebuilt after a collection that another
                // test's thread caused. A parser's own allocation repeats on every run of the same input, so only an
                // input over the bound on every one of its runs is a finding.
                for (var rerun = 0; rerun < AllocationReruns && allocated > target.AllocationBound(length); rerun++)
                {
                    allocated = Allocated(target.Check, Buffer.AsSpan(0, length).ToArray());
                }

                if (allocated > target.AllocationBound(length))
                {
                    var input = Buffer.AsSpan(0, length).ToArray();
                    var minimised = Minimise(input, candidate => Allocated(target.Check, candidate) > target.AllocationBound(candidate.Length));
                    Failure = new FuzzFailureException(Report(target, settings, caseIndex,
                        string.Create(CultureInfo.InvariantCulture, $"allocated {allocated:N0} bytes, more than {target.AllocationBound(length):N0} for {length} input bytes"),
                        input, minimised));
                    return;
                }

                MostAllocated = Math.Max(MostAllocated, allocated);
            }
        }

        private static Exception? Threw(FuzzCheck check, byte[] buffer, int length)
        {
            try
            {
                check(buffer.AsSpan(0, length));
                return null;
            }
#pragma warning disable CA1031 // Whatever a parser throws on bad input is the finding.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                return exception;
            }
        }
    }
}

/// <summary>A fuzz finding, with everything needed to replay it in its message.</summary>
internal sealed class FuzzFailureException : Exception
{
    public FuzzFailureException(string message)
        : base(message)
    {
    }

    public FuzzFailureException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
