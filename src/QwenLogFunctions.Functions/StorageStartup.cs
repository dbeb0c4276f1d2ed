using Microsoft.Extensions.Hosting;
using QwenLogFunctions.Storage;

namespace QwenLogFunctions.Functions;

/// <summary>Creates the logs container and the pipeline's tables when the worker starts (idempotent; see <see cref="StorageInitializer"/>).</summary>
internal sealed class StorageStartup : IHostedService
{
    private readonly StorageInitializer _initializer;

    public StorageStartup(StorageInitializer initializer) => _initializer = initializer;

    public Task StartAsync(CancellationToken cancellationToken) => _initializer.TryEnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
