using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace QwenLogFunctions.Functions.Functions;

/// <summary>Registers alert evaluation as a step of every aggregation run.</summary>
public static class AlertEvaluationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AlertingAggregationListener"/> as an <see cref="IAggregationListener"/>. Needs the storage services
    /// (AddQwenLogStorage: ShardStatusService, the table alert store) and the engine (AddQwenLogAlerting).
    /// </summary>
    public static IServiceCollection AddAlertEvaluationAfterAggregation(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAggregationListener, AlertingAggregationListener>());
        return services;
    }
}
