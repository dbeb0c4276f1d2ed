using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Pipeline.Ingestion;

namespace QwenLogFunctions.Functions.Triggers;

/// <summary>
/// Timer (schedule from QwenLogs__ReconcileSchedule, default every 5 minutes; run it now with
/// POST /admin/functions/Reconcile): ingests every uploaded shard whose current version the ledger does not record as
/// done, so a blob the trigger missed is never left behind. The work is <see cref="Reconciliation"/>.
/// </summary>
public sealed class ReconcileFunction
{
    private readonly Reconciliation _reconcile;

    /// <summary>Creates the function.</summary>
    public ReconcileFunction(Reconciliation reconcile) => _reconcile = reconcile;

    /// <summary>One Reconcile run.</summary>
    [Function(nameof(Reconcile))]
    public Task Reconcile([TimerTrigger("%QwenLogs:ReconcileSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        _reconcile.ReconcileAsync(cancellationToken);
}
