using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;
using SafeCommunity.Iot.Telemetry.Hosting;

namespace SafeCommunity.Iot.Gateway.Hosting;

/// <summary>
/// Which gateway this is (section <c>Gateway</c>): <c>Gateway:Id</c>, by default the machine name in lower case. It is
/// on <c>/healthz</c> and on the metrics (the OpenTelemetry resource's <c>service.instance.id</c>, Prometheus'
/// <c>target_info</c>), it is the telemetry points' <c>gateway</c> tag unless <c>Telemetry:GatewayId</c> says otherwise,
/// and, once set, it names the gateway's MQTT session (<c>safecomm-gateway-{id}</c>) unless
/// <c>Receivers:LoRaWan:ClientId</c> does: several gateways on one broker must not share a session, or each
/// connection takes the others' over.
/// </summary>
public sealed partial class GatewayIdentity
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Gateway";

    /// <summary>The MQTT client id of a gateway with an <see cref="Id"/> set and no client id of its own.</summary>
    public const string ClientIdPrefix = LoRaWanOptions.DefaultClientId + "-";

    /// <summary>The gateway's id (letters, digits, '.', '_', '-'; at most 64); null for the machine name.</summary>
    public string? Id { get; set; }

    /// <summary>The id in force.</summary>
    public string EffectiveId => string.IsNullOrWhiteSpace(Id) ? Environment.MachineName.ToLowerInvariant() : Id;

    /// <summary>Binds and validates the section at start, and derives the settings named after the gateway.</summary>
    internal static void Add(IServiceCollection services)
    {
        services.AddOptions<GatewayIdentity>().BindConfiguration(SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayIdentity>, Validator>();
        services.AddOptions<LoRaWanOptions>().PostConfigure<IConfiguration, IOptions<GatewayIdentity>>((options, configuration, identity) =>
        {
            if (configuration[$"{LoRaWanOptions.SectionName}:ClientId"] is null && !string.IsNullOrWhiteSpace(identity.Value.Id))
            {
                options.ClientId = ClientIdPrefix + identity.Value.Id;
            }
        });
        services.AddOptions<TelemetryOptions>().PostConfigure<IOptions<GatewayIdentity>>((options, identity) =>
            options.GatewayId ??= identity.Value.EffectiveId);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    private sealed class Validator : IValidateOptions<GatewayIdentity>
    {
        public ValidateOptionsResult Validate(string? name, GatewayIdentity options) =>
            options.Id is null || IdPattern().IsMatch(options.Id)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{SectionName}:Id must be 1..64 letters, digits, '.', '_' or '-', starting with a letter or digit (for example wufu-1); it names the gateway's MQTT session and its metrics.");
    }
}
