using System.Net;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>
/// Reads the gateway's <c>/healthz</c> until it answers 200. Right after start-up it may still answer 503: the host
/// listens before the pipeline has read the stored state and before the telemetry spool is open.
/// </summary>
public static class Healthz
{
    /// <summary>The first 200 answer's body, or the last answer's status and body when <paramref name="timeout"/> passes first.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> WhenOkAsync(HttpClient client, Uri url, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(client);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(50);
        }
    }
}
