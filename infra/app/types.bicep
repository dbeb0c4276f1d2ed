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
