namespace SafeCommunity.Iot.Fuzz.Tests.Fuzzing;

/// <summary>Makes case number N's input into the buffer (deterministically from the random state) and returns its length.</summary>
internal delegate int InputMaker(ref FuzzRandom random, byte[] buffer);

/// <summary>Runs a parser on one input and checks its properties; throws (an assertion) when one does not hold.</summary>
internal delegate void FuzzCheck(ReadOnlySpan<byte> input);

/// <summary>One parser under fuzzing.</summary>
/// <param name="Name">For reports.</param>
/// <param name="Capacity">The largest input made.</param>
/// <param name="MakeInput">The mutator.</param>
/// <param name="Check">The parser and its properties.</param>
/// <param name="AllocationBound">The most bytes one case may allocate for an input of a given length.</param>
internal sealed record FuzzTarget(string Name, int Capacity, InputMaker MakeInput, FuzzCheck Check, Func<int, long> AllocationBound);
