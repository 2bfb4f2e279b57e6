using System.Globalization;

namespace SafeCommunity.Iot.Storage.Registry;

/// <summary>Collects import errors, keeping the first few and counting the rest.</summary>
internal sealed class ImportErrorList
{
    private readonly List<RegistryImportError> _kept = [];
    private readonly int _limit;

    public ImportErrorList(int limit) => _limit = limit;

    /// <summary>How many errors were found, kept or not.</summary>
    public int Count { get; private set; }

    public void Add(RegistryImportError error)
    {
        Count++;
        if (_kept.Count < _limit)
        {
            _kept.Add(error);
        }
    }

    /// <summary>The kept errors, and a closing "... and N more errors" when some were not kept.</summary>
    public IReadOnlyList<RegistryImportError> ToList()
    {
        var list = new List<RegistryImportError>(_kept);
        var more = Count - _kept.Count;
        if (more > 0)
        {
            list.Add(new RegistryImportError(null, null, null,
                string.Create(CultureInfo.InvariantCulture, $"... and {more} more {(more == 1 ? "error" : "errors")}")));
        }

        return list;
    }
}
