using System.Globalization;

namespace SafeCommunity.Iot.Fuzz.Tests.Fuzzing;

/// <summary>
/// How much to fuzz, from the environment, so the CI-sized run and the documented longer runs are the same tests:
/// <c>FUZZ_CASES</c> (cases per parser; default: each parser's CI count), <c>FUZZ_SEED</c> (default 20261129),
/// <c>FUZZ_CASE</c> (run only this one case, to replay a reported failure) and <c>FUZZ_CASE_BUDGET_MS</c>
/// (the wall-clock time one case may take before it is reported as a hang; default 30000, far above any stall of a busy machine).
/// </summary>
internal sealed record FuzzSettings(long Cases, int Seed, long? OnlyCase, TimeSpan CaseBudget)
{
    public const int DefaultSeed = 20261129;

    public static FuzzSettings FromEnvironment(long ciCases) => new(
        Read("FUZZ_CASES") ?? ciCases,
        (int)(Read("FUZZ_SEED") ?? DefaultSeed),
        Read("FUZZ_CASE"),
        TimeSpan.FromMilliseconds(Read("FUZZ_CASE_BUDGET_MS") ?? 30_000));

    private static long? Read(string name) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
