using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/SafeCommunity.Iot.Benchmarks -- --filter '*Geofence*'
BenchmarkSwitcher.FromAssembly(typeof(SafeCommunity.Iot.Benchmarks.Geofences.GeofenceEvaluationBenchmarks).Assembly).Run(args);
