using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Alerting.Notifications;

namespace QwenLogFunctions.Alerting;

/// <summary>Registers the alert engine, its options and the notification channels.</summary>
public static class AlertingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="AlertOptions"/> ("QwenLogs:Alerts") and <see cref="NotificationOptions"/> ("QwenLogs:Notifications"),
    /// validated at start-up; registers the notification HttpClient (without its default URL logging), <see cref="AlertNotifier"/>
    /// and <see cref="AlertEngine"/>. The caller registers an <see cref="IAlertStore"/> (TableAlertStore in the app).
    /// </summary>
    public static IServiceCollection AddQwenLogAlerting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName)).ValidateOnStart();
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());

        // The default HttpClient logging writes request URLs, and webhook URLs are secrets (Slack's is in the path).
        services.AddHttpClient(WebhookSender.HttpClientName).RemoveAllLoggers();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AlertNotifier(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<NotificationOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<AlertEngine>();
        return services;
    }
}
