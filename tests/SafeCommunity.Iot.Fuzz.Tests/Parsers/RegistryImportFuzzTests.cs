using System.Text.RegularExpressions;
using SafeCommunity.Iot.Fuzz.Tests.Fuzzing;
using SafeCommunity.Iot.Storage.Registry;
using Xunit.Abstractions;

namespace SafeCommunity.Iot.Fuzz.Tests.Parsers;

/// <summary>
/// Registry import files (communities, receivers, devices with their keys): contents or a bounded list of errors,
/// never an exception, and never a key in an error.
/// </summary>
public sealed partial class RegistryImportFuzzTests(ITestOutputHelper output)
{
    private const long CiCases = 1_000_000;
    private const int Capacity = 96 * 1024;

    private long _valid;

    [Fact]
    public void Parse_AnyFile_IsContentsOrBoundedErrorsWithoutKeys()
    {
        var settings = FuzzSettings.FromEnvironment(CiCases);
        var inputs = new JsonInputs(Corpus.Files("import"), Capacity, settings.Seed);
        var target = new FuzzTarget("RegistryImportFile", Capacity, inputs.Next, Check, AllocationBound: length => 131_072 + (64L * length));

        var result = FuzzRunner.Run(target, settings);

        output.WriteLine(result.ToString());
        output.WriteLine($"valid files: {_valid:N0}");
        Assert.True(_valid > result.Cases / 200, "the mutations never leave a valid file");
    }

    private void Check(ReadOnlySpan<byte> input)
    {
        var result = RegistryImportFile.Parse(input.ToArray());
        if (result.IsValid)
        {
            _valid++;
            Assert.Empty(result.Errors);
            return;
        }

        Assert.InRange(result.Errors.Count, 1, RegistryImportFile.MaxReportedErrors + 1);
        foreach (var error in result.Errors)
        {
            Assert.False(KeyLike().IsMatch(error.ToString()), "an error shows a key: " + error);
        }
    }

    [GeneratedRegex("[0-9a-fA-F]{32}")]
    private static partial Regex KeyLike();
}
