using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SafeCommunity.Iot.Api.Hosting;

/// <summary>
/// Checks <see cref="ApiOptions"/> at start, and that no plain-text endpoint listens beyond loopback (bearer tokens
/// and people's positions must not cross a network in clear text) unless <see cref="ApiOptions.AllowPlaintextOnNetwork"/> says so.
/// </summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    private readonly IConfiguration _configuration;

    public ApiOptionsValidator(IConfiguration configuration) => _configuration = configuration;

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        if (options.HeartbeatInterval < TimeSpan.FromSeconds(1) || options.HeartbeatInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add("Api:HeartbeatInterval must be between 00:00:01 and 00:10:00.");
        }

        if (options.SubscriberBufferCapacity is < 16 or > 1_000_000)
        {
            failures.Add("Api:SubscriberBufferCapacity must be 16..1000000 events.");
        }

        if (options.SlowSubscriberGrace < TimeSpan.FromMilliseconds(100) || options.SlowSubscriberGrace > TimeSpan.FromMinutes(10))
        {
            failures.Add("Api:SlowSubscriberGrace must be between 00:00:00.1 and 00:10:00.");
        }

        if (options.KeepAlivePingDelay < TimeSpan.FromSeconds(1) || options.KeepAlivePingTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add("Api:KeepAlivePingDelay and Api:KeepAlivePingTimeout must be at least 00:00:01.");
        }

        if (options.ReadAuditWindow < TimeSpan.Zero || options.ReadAuditWindow > TimeSpan.FromSeconds(5))
        {
            failures.Add("Api:ReadAuditWindow must be between 00:00:00 and 00:00:05.");
        }

        if (options.MaxMessageBytes is < 64 * 1024 or > 256 * 1024 * 1024)
        {
            failures.Add("Api:MaxMessageBytes must be 65536..268435456.");
        }

        if (string.IsNullOrWhiteSpace(options.AdminTokenFile))
        {
            failures.Add("Api:AdminTokenFile must name a file.");
        }

        if (options.MaxAuthenticationFailuresPerMinute is < 1 or > 100_000)
        {
            failures.Add("Api:MaxAuthenticationFailuresPerMinute must be 1..100000.");
        }

        if (!options.AllowPlaintextOnNetwork)
        {
            failures.AddRange(PlaintextNetworkEndpoints().Select(url =>
                $"The endpoint {url} would carry tokens and positions in clear text beyond this machine: use https with a certificate (Kestrel:Endpoints:<name>:Certificate), listen on 127.0.0.1, or set Api:AllowPlaintextOnNetwork."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> PlaintextNetworkEndpoints()
    {
        var urls = _configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"])
            .Concat((_configuration["urls"] ?? _configuration["ASPNETCORE_URLS"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var url in urls)
        {
            if (string.IsNullOrWhiteSpace(url) || !url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // Kestrel's wildcard hosts (*, +, 0.0.0.0, [::]) are not URIs a parser accepts; they are all "everywhere".
            var host = url["http://".Length..].Split('/')[0];
            var bracket = host.LastIndexOf(']');
            var colon = host.LastIndexOf(':');
            if (colon > bracket)
            {
                host = host[..colon];
            }

            host = host.Trim('[', ']');
            var loopback = host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
            if (!loopback)
            {
                yield return url;
            }
        }
    }
}
