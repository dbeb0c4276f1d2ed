namespace QwenLogFunctions.Core.Configuration;

/// <summary>
/// Every app setting the product reads, by its environment-variable name (":" in configuration keys is "__" here).
/// infra/ must give each a value, and a test checks both directions. Defaults live with the options classes.
/// </summary>
public static class AppSettingNames
{
    /// <summary>Storage for the host, the blob trigger and our tables: a connection string locally, identity-based (__serviceUri...) in Azure.</summary>
    public const string Storage = "AzureWebJobsStorage";

    /// <summary>Blob container watched by Ingest (default qwen-logs).</summary>
    public const string LogsContainer = "QwenLogs__LogsContainer";

    /// <summary>NCRONTAB schedule of the Aggregate timer (default "0 5 * * * *": five minutes past every hour).</summary>
    public const string AggregateSchedule = "QwenLogs__AggregateSchedule";

    /// <summary>NCRONTAB schedule of the Reconcile timer (default "0 */5 * * * *": every 5 minutes).</summary>
    public const string ReconcileSchedule = "QwenLogs__ReconcileSchedule";

    /// <summary>Most blobs one Reconcile run ingests (default 50).</summary>
    public const string ReconcileMaxBlobsPerRun = "QwenLogs__ReconcileMaxBlobsPerRun";

    /// <summary>Prefix of every table name (default "qwen").</summary>
    public const string TablePrefix = "QwenLogs__TablePrefix";

    /// <summary>Days request rows and rejects are kept (default 30).</summary>
    public const string RetentionDays = "QwenLogs__RetentionDays";

    /// <summary>Longest range GET /api/report accepts, in days (default 93).</summary>
    public const string MaxReportRangeDays = "QwenLogs__MaxReportRangeDays";

    /// <summary>
    /// Table transactions (each up to 100 rows of one partition) ingestion keeps in flight at once, 1–64 (default 8).
    /// Optional: Azurite gains little from more, Azure spreads partitions over servers and gains more.
    /// </summary>
    public const string MaxBatchesInFlight = "QwenLogs__MaxBatchesInFlight";

    /// <summary>
    /// Input dialect of every shard: auto (default: detected per shard from its first lines), article, litellm, otlp or
    /// openai-batch.
    /// </summary>
    public const string Dialect = "QwenLogs__Dialect";

    /// <summary>
    /// A shard whose bytes equal an already-ingested shard's is recorded as its duplicate and counts nothing (default
    /// true); false counts every name. The CLI's ingest --allow-duplicate-shards is the same switch.
    /// </summary>
    public const string DetectDuplicateShards = "QwenLogs__DetectDuplicateShards";

    /// <summary>GPU price per GPU-hour by device: "DEVICE=PRICE" items separated by ';', "*=PRICE" for other devices (empty: no cost figures).</summary>
    public const string GpuPrices = "QwenLogs__GpuPrices";

    /// <summary>Currency code of the GPU prices (e.g. USD, CNY); empty for none.</summary>
    public const string Currency = "QwenLogs__Currency";

    /// <summary>true: GPUs are paid for every hour of a report's range, not only hours with requests (default false).</summary>
    public const string GpuAlwaysOn = "QwenLogs__GpuAlwaysOn";

    /// <summary>What a line's timestamp marks for GPU busy time: End (response written, default) or Start (request arrived).</summary>
    public const string LineTimestamp = "QwenLogs__LineTimestamp";

    /// <summary>Share (0–1] of unremarkable request rows kept at ingestion (default 1: all); flagged, ERROR and slow rows are always kept.</summary>
    public const string RowSampleRate = "QwenLogs__RowSampleRate";

    /// <summary>Requests slower than this total latency (ms) are always kept as rows; 0 turns the rule off (default 0).</summary>
    public const string RowKeepSlowerThanMs = "QwenLogs__RowKeepSlowerThanMs";

    /// <summary>Alert: consecutive empty responses that fire (default 5, the article's rule).</summary>
    public const string AlertConsecutiveEmptyResponses = "QwenLogs__Alerts__ConsecutiveEmptyResponses";

    /// <summary>Alert: hourly P95 total latency ceiling in ms (default 10000).</summary>
    public const string AlertLatencyP95Ms = "QwenLogs__Alerts__LatencyP95Ms";

    /// <summary>Alert: hourly P95 first-token latency ceiling in ms (default 2000).</summary>
    public const string AlertFirstTokenP95Ms = "QwenLogs__Alerts__FirstTokenP95Ms";

    /// <summary>Alert: decode speed floor in tokens/s (default 100, the article's RTX 3060 baseline).</summary>
    public const string AlertMinDecodeTps = "QwenLogs__Alerts__MinDecodeTps";

    /// <summary>Alert: largest acceptable share of requests carrying any one flag (default 0.05).</summary>
    public const string AlertMaxFlagRate = "QwenLogs__Alerts__MaxFlagRate";

    /// <summary>Alert: largest acceptable malformed-JSON share among json_mode requests (default 0.02).</summary>
    public const string AlertMaxMalformedJsonRate = "QwenLogs__Alerts__MaxMalformedJsonRate";

    /// <summary>Alert: largest acceptable share of rejected lines (default 0.01).</summary>
    public const string AlertMaxRejectedLineRate = "QwenLogs__Alerts__MaxRejectedLineRate";

    /// <summary>Alert: largest acceptable share of ERROR-level lines (default 0.05).</summary>
    public const string AlertMaxErrorLevelRate = "QwenLogs__Alerts__MaxErrorLevelRate";

    /// <summary>Alert: hours without any request before "no traffic" fires (default 2).</summary>
    public const string AlertNoRequestsHours = "QwenLogs__Alerts__NoRequestsHours";

    /// <summary>Alert: fewest requests in an hour before rate rules apply (default 20), so one odd request does not page anyone.</summary>
    public const string AlertMinRequestsForRates = "QwenLogs__Alerts__MinRequestsForRates";

    /// <summary>Notification: generic JSON webhook URL.</summary>
    public const string NotifyWebhookUrl = "QwenLogs__Notifications__WebhookUrl";

    /// <summary>Notification: Slack incoming webhook URL.</summary>
    public const string NotifySlackWebhookUrl = "QwenLogs__Notifications__SlackWebhookUrl";

    /// <summary>Notification: Microsoft Teams workflow webhook URL.</summary>
    public const string NotifyTeamsWebhookUrl = "QwenLogs__Notifications__TeamsWebhookUrl";

    /// <summary>Notification: WeCom (企业微信) group robot webhook URL.</summary>
    public const string NotifyWeComWebhookUrl = "QwenLogs__Notifications__WeComWebhookUrl";

    /// <summary>Notification: DingTalk (钉钉) robot webhook URL.</summary>
    public const string NotifyDingTalkWebhookUrl = "QwenLogs__Notifications__DingTalkWebhookUrl";

    /// <summary>Notification: DingTalk robot signing secret (SEC...).</summary>
    public const string NotifyDingTalkSecret = "QwenLogs__Notifications__DingTalkSecret";

    /// <summary>Application Insights connection string; telemetry is exported only when set.</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>"Authorization=AAD;ClientId=..." : export telemetry with the managed identity (Application Insights local auth is off in Azure).</summary>
    public const string ApplicationInsightsAuthenticationString = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>All settings above.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Storage, LogsContainer, AggregateSchedule, ReconcileSchedule, ReconcileMaxBlobsPerRun, TablePrefix, RetentionDays, MaxReportRangeDays, MaxBatchesInFlight, Dialect, DetectDuplicateShards,
        GpuPrices, Currency, GpuAlwaysOn, LineTimestamp, RowSampleRate, RowKeepSlowerThanMs,
        AlertConsecutiveEmptyResponses, AlertLatencyP95Ms, AlertFirstTokenP95Ms, AlertMinDecodeTps, AlertMaxFlagRate,
        AlertMaxMalformedJsonRate, AlertMaxRejectedLineRate, AlertMaxErrorLevelRate, AlertNoRequestsHours, AlertMinRequestsForRates,
        NotifyWebhookUrl, NotifySlackWebhookUrl, NotifyTeamsWebhookUrl, NotifyWeComWebhookUrl, NotifyDingTalkWebhookUrl, NotifyDingTalkSecret,
        ApplicationInsightsConnectionString, ApplicationInsightsAuthenticationString,
    ];
}
