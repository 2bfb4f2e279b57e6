using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.Geofencing;
using SafeCommunity.Iot.Geofences.Catalog;
using SafeCommunity.Iot.Geofences.Indexing;
using SafeCommunity.Iot.Storage.Hosting;

namespace SafeCommunity.Iot.Geofences.Tests.Catalog;

public sealed class GeofenceHostingTests : IDisposable
{
    private readonly CatalogFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task StartAsync_ImportOnStartSeedFile_TheIndexEveryoneGetsIsFilledBeforeServicesStart()
    {
        using var host = BuildHost(new() { ["Geofences:ImportOnStart"] = CatalogFixture.SeedFile });
        var seenAtStart = host.Services.GetRequiredService<IndexProbe>();

        await host.StartAsync();
        try
        {
            var index = host.Services.GetRequiredService<GeofenceIndex>();
            Assert.Equal(10, index.Count);
            Assert.Same(index, host.Services.GetRequiredService<GeofenceCatalog>().Index);
            Assert.Equal(10, seenAtStart.CountAtStart);
            Assert.Equal(10, host.Services.GetRequiredService<IGeofenceStore>().LoadAll().Count);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task StartAsync_RegisteredBeforeTheStorageAndThePipeline_ImportsIntoAFreshDatabaseAndTheIndexEveryoneGets()
    {
        using var host = BuildHost(new() { ["Geofences:ImportOnStart"] = CatalogFixture.SeedFile }, geofencesFirst: true);
        var seenAtStart = host.Services.GetRequiredService<IndexProbe>();

        await host.StartAsync();
        try
        {
            Assert.Equal(10, seenAtStart.CountAtStart);
            Assert.Same(host.Services.GetRequiredService<GeofenceCatalog>().Index, host.Services.GetRequiredService<GeofenceIndex>());
            Assert.Equal(10, host.Services.GetRequiredService<IGeofenceStore>().LoadAll().Count);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task StartAsync_AfterRestartWithoutImport_FencesComeFromTheStore()
    {
        using (var first = BuildHost(new() { ["Geofences:ImportOnStart"] = CatalogFixture.SeedFile }))
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        using var second = BuildHost([]);
        await second.StartAsync();
        try
        {
            Assert.Equal(10, second.Services.GetRequiredService<GeofenceIndex>().Count);
            Assert.Equal(10, second.Services.GetRequiredService<IndexProbe>().CountAtStart);
        }
        finally
        {
            await second.StopAsync();
        }
    }

    [Fact]
    public async Task StartAsync_ImportOnStartBadFile_FailsListingTheErrorsAndWritesNothing()
    {
        var path = _fixture.File("bad.geojson");
        await File.WriteAllTextAsync(path, CatalogSamples.OneValidTwoBad);
        using var host = BuildHost(new() { ["Geofences:ImportOnStart"] = "bad.geojson" });

        var exception = await Assert.ThrowsAsync<GeofenceImportException>(() => host.StartAsync());

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("pond: properties.mode: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains("features[2]: properties.id: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(exception.Errors, e => e.Feature == "pond");
        Assert.Empty(host.Services.GetRequiredService<IGeofenceStore>().LoadAll());
        Assert.Equal(0, host.Services.GetRequiredService<GeofenceIndex>().Count);
    }

    [Fact]
    public async Task StartAsync_ImportOnStartMissingFile_FailsNamingThePath()
    {
        using var host = BuildHost(new() { ["Geofences:ImportOnStart"] = "no-such.geojson" });

        var exception = await Assert.ThrowsAsync<GeofenceImportException>(() => host.StartAsync());

        Assert.Contains(_fixture.File("no-such.geojson"), exception.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(exception.InnerException);
    }

    [Theory]
    [InlineData("Geofences:ConfirmFixes", "0", "Geofences:ConfirmFixes must be between 1 and 100")]
    [InlineData("Geofences:ConfirmAfter", "00:00:00", "Geofences:ConfirmAfter must be between")]
    [InlineData("Geofences:HysteresisMetres", "-1", "Geofences:HysteresisMetres must be between 0 and 1000")]
    [InlineData("Geofences:MaxAccuracyMetres", "NaN", "Geofences:MaxAccuracyMetres must be between")]
    [InlineData("Geofences:ImportOnStart", " ", "Geofences:ImportOnStart must be a file path")]
    public async Task StartAsync_InvalidOption_FailsNamingTheSetting(string key, string value, string expected)
    {
        using var host = BuildHost(new() { [key] = value });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_FromConfiguration_AreTheIndexSettings()
    {
        using var host = BuildHost(new()
        {
            ["Geofences:ConfirmFixes"] = "3",
            ["Geofences:ConfirmAfter"] = "00:02:00",
            ["Geofences:HysteresisMetres"] = "15",
            ["Geofences:MaxAccuracyMetres"] = "400",
        });

        var index = host.Services.GetRequiredService<GeofenceIndex>();

        Assert.Equal(new DebounceSettings(3, TimeSpan.FromMinutes(2), 15), index.Options.Debounce);
        Assert.Equal(400, index.Options.MaxAccuracyMetres);
    }

    [Fact]
    public void Options_Defaults_AreTheIndexDefaults()
    {
        var options = new GeofenceOptions();

        Assert.Null(options.ImportOnStart);
        Assert.Equal(new GeofenceIndexOptions(), options.ToIndexOptions());
        Assert.Equal(DebounceSettings.Default, options.ToIndexOptions().Debounce);
        Assert.Equal(250, options.MaxAccuracyMetres);
    }

    [Fact]
    public void AddGeofences_CalledTwice_RegistersOnce()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = _fixture.Path });
        builder.AddGatewayStorage();
        builder.AddGeofences();
        builder.AddGeofences();

        Assert.Single(builder.Services, d => d.ServiceType == typeof(GeofenceCatalog));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(GeofenceIndex));
    }

    private IHost BuildHost(Dictionary<string, string?> settings, bool geofencesFirst = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = _fixture.Path,
        });
        builder.Configuration.AddInMemoryCollection(settings);

        // As the pipeline's registration does: an empty default that must not win, and a service that reads the
        // index when it starts (after every StartingAsync).
        if (geofencesFirst)
        {
            builder.AddGeofences();
            builder.Services.TryAddSingleton(_ => new GeofenceIndex());
            builder.AddGatewayStorage();
        }
        else
        {
            builder.AddGatewayStorage();
            builder.Services.TryAddSingleton(_ => new GeofenceIndex());
            builder.AddGeofences();
        }

        builder.Services.AddSingleton<IndexProbe>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<IndexProbe>());
        return builder.Build();
    }

    /// <summary>A service that takes the index as the pipeline does, and notes how many fences it held at StartAsync.</summary>
    private sealed class IndexProbe(GeofenceIndex index) : IHostedService
    {
        public int CountAtStart { get; private set; } = -1;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            CountAtStart = index.Count;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
