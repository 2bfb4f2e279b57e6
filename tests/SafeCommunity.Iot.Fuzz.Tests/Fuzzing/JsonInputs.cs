namespace SafeCommunity.Iot.Fuzz.Tests.Fuzzing;

/// <summary>
/// Inputs for JSON parsers: a seed or one of its structural variants (<see cref="JsonVariants"/>), then none to
/// three byte mutations, so both well-formed documents of the wrong shape and broken text reach the parser.
/// </summary>
internal sealed class JsonInputs
{
    private const int VariantCount = 3000;

    private readonly IReadOnlyList<byte[]> _pool;
    private readonly ByteMutator _mutator;

    public JsonInputs(IReadOnlyList<byte[]> seeds, int capacity, int seed)
    {
        _pool = [.. seeds, .. JsonVariants.Make(seeds, VariantCount, seed)];
        _mutator = new ByteMutator(_pool, capacity);
    }

    public int Next(ref FuzzRandom random, byte[] buffer) =>
        _mutator.MutateCopy(ref random, random.Pick(_pool), buffer, random.Next(4));
}
