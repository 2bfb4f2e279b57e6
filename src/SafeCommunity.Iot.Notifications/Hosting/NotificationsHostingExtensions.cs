using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafeCommunity.Iot.Core.State;
using SafeCommunity.Iot.Notifications.Channels;
using SafeCommunity.Iot.Notifications.Delivery;
using SafeCommunity.Iot.Notifications.Planning;

namespace SafeCommunity.Iot.Notifications.Hosting;

/// <summary>Adds notifications to a host.</summary>
public static class NotificationsHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="NotificationOptions"/> (section <c>Notifications</c>, checked at start), registers
    /// the <see cref="SubscriptionBook"/>, the planner, the webhook, SMS gateway and SMTP senders and the delivery
    /// service, gives the store the planner (<see cref="IAlarmEventPlanner"/>) so that each batch's notifications are
    /// stored in its transaction, and wraps the registered <see cref="IStateAndAlarmWriter"/> to wake the delivery. Call after the storage (it needs the store's writer and
    /// <see cref="Core.Notifications.INotificationStore"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">No <see cref="IStateAndAlarmWriter"/> is registered yet.</exception>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<NotificationOptions>()
            .Bind(builder.Configuration.GetSection(NotificationOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The attempt's own timeout is the dispatcher's (SendTimeout, on the gateway's clock); the client's stays off.
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<SubscriptionBook>();
        services.AddSingleton<NotificationPlanner>();
        services.AddSingleton<IAlarmEventPlanner>(provider => provider.GetRequiredService<NotificationPlanner>());
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<INotificationSender, WebhookSender>();
        services.AddSingleton<INotificationSender, SmsGatewaySender>();
        services.AddSingleton<INotificationSender, SmtpSender>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<NotificationDeliveryService>();
        WrapWriter(services);
        return builder;
    }

    private static void WrapWriter(IServiceCollection services)
    {
        var store = services.LastOrDefault(d => d.ServiceType == typeof(IStateAndAlarmWriter))
            ?? throw new InvalidOperationException("AddNotifications needs the store's IStateAndAlarmWriter: add the storage first.");
        services.Remove(store);
        services.AddSingleton<IStateAndAlarmWriter>(provider => new NotifyingStateAndAlarmWriter(
            Resolve(store, provider),
            provider.GetRequiredService<DeliverySignal>()));
    }

    private static IStateAndAlarmWriter Resolve(ServiceDescriptor descriptor, IServiceProvider provider) =>
        (IStateAndAlarmWriter)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.GetServiceOrCreateInstance(provider, descriptor.ImplementationType!));
}
