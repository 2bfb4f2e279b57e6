using BenchmarkDotNet.Running;
using SafeCommunity.Iot.Benchmarks.Pipeline;
using SafeCommunity.Iot.Benchmarks.Telemetry;

// dotnet run -c Release --project bench/SafeCommunity.Iot.Benchmarks -- --filter '*Geofence*'
// dotnet run -c Release --project bench/SafeCommunity.Iot.Benchmarks -- telemetry-spool --url http://127.0.0.1:8428
// dotnet run -c Release --project bench/SafeCommunity.Iot.Benchmarks -- pipeline --devices 140000 --fences 10000 --frames 1000000
if (args.Length > 0 && args[0] == "pipeline")
{
    return await PipelineBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "telemetry-spool")
{
    return await SpoolBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(SafeCommunity.Iot.Benchmarks.Geofences.GeofenceEvaluationBenchmarks).Assembly).Run(args);
return 0;
