using System.Globalization;

namespace SafeCommunity.Iot.LoadTest.Running;

/// <summary>Progress lines while the run goes on, stamped with the time of day.</summary>
internal sealed class Progress(TextWriter output)
{
    /// <summary>Writes one line.</summary>
    public void Say(string text) =>
        output.WriteLine($"{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} [loadtest] {text}");
}
