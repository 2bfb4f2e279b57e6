using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SafeCommunity.Iot.Core.Registry;

namespace SafeCommunity.Iot.Storage.Registry;

/// <summary>
/// Imports a registry file end to end: checks it against what is enrolled, stores all of it in one transaction
/// (or nothing, when it has errors), then updates the in-memory <see cref="DeviceRegistry"/>.
/// </summary>
public sealed class RegistryImporter
{
    private readonly RegistryStore _store;
    private readonly DeviceRegistry _registry;
    private readonly ILogger _logger;

    // Two imports at once could each pass validation against the same old registry; one at a time keeps the
    // checks true when the transaction runs.
    private readonly Lock _importLock = new();

    /// <summary>Creates an importer that writes to <paramref name="store"/> and then to <paramref name="registry"/>.</summary>
    public RegistryImporter(RegistryStore store, DeviceRegistry registry, ILogger<RegistryImporter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(registry);
        _store = store;
        _registry = registry;
        _logger = logger ?? NullLogger<RegistryImporter>.Instance;
    }

    /// <summary>Reads, checks and (when valid) imports the file at <paramref name="path"/>.</summary>
    /// <returns>What was imported, or the errors (then nothing was written).</returns>
    public RegistryImportResult ImportFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_importLock)
        {
            var result = RegistryImportFile.Read(path, Existing());
            return Apply(path, result);
        }
    }

    /// <summary>Checks and (when valid) imports a file's UTF-8 bytes.</summary>
    /// <returns>What was imported, or the errors (then nothing was written).</returns>
    public RegistryImportResult ImportJson(ReadOnlyMemory<byte> utf8Json)
    {
        lock (_importLock)
        {
            var result = RegistryImportFile.Parse(utf8Json, Existing());
            return Apply("(request)", result);
        }
    }

    private RegistryImportContext Existing() => RegistryImportContext.From(_store.LoadAll());

    private RegistryImportResult Apply(string source, RegistryImportResult result)
    {
        if (!result.IsValid)
        {
            StorageLog.ImportRejected(_logger, source, result.Errors.Count, result.FormatErrors());
            return result;
        }

        _store.Import(result.Contents);
        _registry.Apply(result.Contents);
        StorageLog.ImportApplied(_logger, source, result.Contents.Communities.Count, result.Contents.Receivers.Count, result.Contents.Devices.Count);
        return result;
    }
}
