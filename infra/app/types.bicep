// Types shared by main.bicep and its modules.

@export()
@description('Tags applied to every resource.')
type resourceTags = {
  *: string
}

@export()
@description('Non-secret QwenLogs__* settings; see src/QwenLogFunctions.Core/Configuration/AppSettingNames.cs for their meaning.')
type qwenLogsSettings = {
  logsContainer: string
  aggregateSchedule: string
  reconcileSchedule: string
  reconcileMaxBlobsPerRun: int
  tablePrefix: string
  retentionDays: int
  maxReportRangeDays: int
  @description('QwenLogs__GpuPrices: DEVICE=PRICE items separated by ";" (*=PRICE for other devices); empty for no cost figures.')
  gpuPrices: string
  @description('QwenLogs__Currency: currency code of the GPU prices.')
  currency: string
  @description('QwenLogs__GpuAlwaysOn: GPUs are paid for every hour of a report range.')
  gpuAlwaysOn: bool
  @description('QwenLogs__LineTimestamp: End or Start, what a line timestamp marks.')
  lineTimestamp: ('End' | 'Start')
  @description('QwenLogs__RowSampleRate: share (0-1] of unremarkable request rows kept, invariant-culture number.')
  rowSampleRate: string
  @description('QwenLogs__RowKeepSlowerThanMs: requests slower than this are always kept as rows; 0 for off.')
  rowKeepSlowerThanMs: int
  alerts: {
    consecutiveEmptyResponses: int
    latencyP95Ms: int
    firstTokenP95Ms: int
    minDecodeTps: string
    maxFlagRate: string
    maxMalformedJsonRate: string
    maxRejectedLineRate: string
    maxErrorLevelRate: string
    noRequestsHours: int
    minRequestsForRates: int
  }
}

@export()
@secure()
@description('Alert notification targets. Webhook URLs carry their own credentials, so the whole object is passed as a secure parameter.')
type notificationSettings = {
  webhookUrl: string
  slackWebhookUrl: string
  teamsWebhookUrl: string
  weComWebhookUrl: string
  dingTalkWebhookUrl: string
  dingTalkSecret: string
}
