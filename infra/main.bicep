// QwenLogFunctions on Azure: Flex Consumption function app, storage without keys, Application Insights on Log
// Analytics, one user-assigned identity with data-plane roles, and Event Grid for blob-created events.
// `azd up` provisions this, deploys the code, then infra/hooks/postdeploy.sh adds the Event Grid subscription.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; seeds resource names and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region for every resource (it must offer the Flex Consumption plan).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@description('Function app name; empty for a generated, globally unique one.')
param functionAppName string = ''

@description('Storage account name; empty for a generated, globally unique one.')
param storageAccountName string = ''

@description('Most instances the app may scale out to (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per Flex Consumption instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logAnalyticsRetentionDays int = 30

@description('Daily Log Analytics ingestion cap in GB; -1 for no cap.')
param logAnalyticsDailyQuotaGb int = -1

@description('Principal that uploads logs and gets Storage Blob Data Contributor (azd passes the signed-in user); empty for none.')
param uploaderPrincipalId string = ''

@description('Create the Event Grid subscription in this deployment. Only after the code is deployed: it reads the blob extension key.')
param blobEventSubscriptionEnabled bool = false

@description('QwenLogs__LogsContainer: container the JSONL logs are uploaded to.')
param logsContainerName string = 'qwen-logs'

@description('QwenLogs__AggregateSchedule: NCRONTAB schedule of the Aggregate timer.')
param aggregateSchedule string = '0 5 * * * *'

@description('QwenLogs__ReconcileSchedule: NCRONTAB schedule of the Reconcile timer (catches up on blobs the trigger missed).')
param reconcileSchedule string = '0 */5 * * * *'

@description('QwenLogs__ReconcileMaxBlobsPerRun: most blobs one Reconcile run ingests.')
@minValue(1)
@maxValue(10000)
param reconcileMaxBlobsPerRun int = 50

@description('QwenLogs__TablePrefix: prefix of every table name.')
param tablePrefix string = 'qwen'

@description('QwenLogs__RetentionDays: days request rows and rejects are kept.')
param retentionDays int = 30

@description('QwenLogs__MaxReportRangeDays: longest range GET /api/report accepts, in days.')
param maxReportRangeDays int = 93

@description('QwenLogs__GpuPrices: price per GPU-hour, DEVICE=PRICE items separated by ";" (*=PRICE for other devices); empty for no cost figures.')
param gpuPrices string = ''

@description('QwenLogs__Currency: currency code of the GPU prices (e.g. USD, CNY).')
param currency string = ''

@description('QwenLogs__GpuAlwaysOn: GPUs are paid for every hour of a report range, not only hours with requests.')
param gpuAlwaysOn bool = false

@description('QwenLogs__LineTimestamp: what a line timestamp marks for GPU busy time.')
@allowed(['End', 'Start'])
param lineTimestamp string = 'End'

@description('QwenLogs__RowSampleRate: share (0-1] of unremarkable request rows kept at ingestion (invariant-culture number).')
param rowSampleRate string = '1'

@description('QwenLogs__RowKeepSlowerThanMs: requests slower than this (ms) are always kept as rows; 0 for off.')
param rowKeepSlowerThanMs int = 0

@description('QwenLogs__MaxBatchesInFlight: table transactions ingestion keeps in flight at once.')
@minValue(1)
@maxValue(64)
param maxBatchesInFlight int = 8

@description('QwenLogs__Dialect: input dialect of every shard, or auto to detect it per shard from its first lines.')
@allowed([ 'auto', 'article', 'litellm', 'otlp', 'openai-batch' ])
param logDialect string = 'auto'

@description('QwenLogs__DetectDuplicateShards: count a shard whose bytes equal an already-ingested shard\'s once (true) or under every name (false).')
param detectDuplicateShards bool = true

@description('QwenLogs__Alerts__ConsecutiveEmptyResponses.')
param alertConsecutiveEmptyResponses int = 5

@description('QwenLogs__Alerts__LatencyP95Ms.')
param alertLatencyP95Ms int = 10000

@description('QwenLogs__Alerts__FirstTokenP95Ms.')
param alertFirstTokenP95Ms int = 2000

@description('QwenLogs__Alerts__MinDecodeTps (tokens/s, invariant-culture number).')
param alertMinDecodeTps string = '100'

@description('QwenLogs__Alerts__MaxFlagRate (fraction).')
param alertMaxFlagRate string = '0.05'

@description('QwenLogs__Alerts__MaxMalformedJsonRate (fraction).')
param alertMaxMalformedJsonRate string = '0.02'

@description('QwenLogs__Alerts__MaxRejectedLineRate (fraction).')
param alertMaxRejectedLineRate string = '0.01'

@description('QwenLogs__Alerts__MaxErrorLevelRate (fraction).')
param alertMaxErrorLevelRate string = '0.05'

@description('QwenLogs__Alerts__NoRequestsHours.')
param alertNoRequestsHours int = 2

@description('QwenLogs__Alerts__MinRequestsForRates.')
param alertMinRequestsForRates int = 20

@description('QwenLogs__Notifications__WebhookUrl: generic JSON webhook; empty to skip.')
@secure()
param notificationWebhookUrl string = ''

@description('QwenLogs__Notifications__SlackWebhookUrl; empty to skip.')
@secure()
param slackWebhookUrl string = ''

@description('QwenLogs__Notifications__TeamsWebhookUrl; empty to skip.')
@secure()
param teamsWebhookUrl string = ''

@description('QwenLogs__Notifications__WeComWebhookUrl; empty to skip.')
@secure()
param weComWebhookUrl string = ''

@description('QwenLogs__Notifications__DingTalkWebhookUrl; empty to skip.')
@secure()
param dingTalkWebhookUrl string = ''

@description('QwenLogs__Notifications__DingTalkSecret: DingTalk robot signing secret; empty if the robot does not sign.')
@secure()
param dingTalkSecret string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
// Names are computed here, not read from module outputs, so What-If can predict every resource id.
var appName = !empty(functionAppName) ? functionAppName : 'func-${resourceToken}'
var identityName = 'id-${resourceToken}'
var storageName = !empty(storageAccountName) ? storageAccountName : 'st${resourceToken}'
var applicationInsightsName = 'appi-${resourceToken}'
var systemTopicName = 'evgt-${resourceToken}'
var deploymentContainerName = 'app-package-${take(resourceToken, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageName
    location: location
    tags: tags
    logsContainerName: logsContainerName
    deploymentContainerName: deploymentContainerName
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
    retentionInDays: logAnalyticsRetentionDays
    dailyQuotaGb: logAnalyticsDailyQuotaGb
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storageName
    applicationInsightsName: applicationInsightsName
    identityName: identityName
    uploaderPrincipalId: uploaderPrincipalId
  }
  dependsOn: [
    identity
    storage
    monitoring
  ]
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: appName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    azdServiceName: 'functions'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageName
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    maxBatchesInFlight: maxBatchesInFlight
    logDialect: logDialect
    detectDuplicateShards: detectDuplicateShards
    qwenLogs: {
      logsContainer: logsContainerName
      aggregateSchedule: aggregateSchedule
      reconcileSchedule: reconcileSchedule
      reconcileMaxBlobsPerRun: reconcileMaxBlobsPerRun
      tablePrefix: tablePrefix
      retentionDays: retentionDays
      maxReportRangeDays: maxReportRangeDays
      gpuPrices: gpuPrices
      currency: currency
      gpuAlwaysOn: gpuAlwaysOn
      lineTimestamp: lineTimestamp
      rowSampleRate: rowSampleRate
      rowKeepSlowerThanMs: rowKeepSlowerThanMs
      alerts: {
        consecutiveEmptyResponses: alertConsecutiveEmptyResponses
        latencyP95Ms: alertLatencyP95Ms
        firstTokenP95Ms: alertFirstTokenP95Ms
        minDecodeTps: alertMinDecodeTps
        maxFlagRate: alertMaxFlagRate
        maxMalformedJsonRate: alertMaxMalformedJsonRate
        maxRejectedLineRate: alertMaxRejectedLineRate
        maxErrorLevelRate: alertMaxErrorLevelRate
        noRequestsHours: alertNoRequestsHours
        minRequestsForRates: alertMinRequestsForRates
      }
    }
    notifications: {
      webhookUrl: notificationWebhookUrl
      slackWebhookUrl: slackWebhookUrl
      teamsWebhookUrl: teamsWebhookUrl
      weComWebhookUrl: weComWebhookUrl
      dingTalkWebhookUrl: dingTalkWebhookUrl
      dingTalkSecret: dingTalkSecret
    }
  }
  // The app starts as soon as it exists; without its roles the host cannot reach storage and fails its first start.
  dependsOn: [
    storage
    rbac
  ]
}

module eventGrid 'app/event-grid.bicep' = {
  name: 'event-grid'
  scope: rg
  params: {
    name: systemTopicName
    location: location
    tags: tags
    storageAccountName: storageName
  }
  dependsOn: [
    storage
  ]
}

module blobEventSubscription 'app/blob-event-subscription.bicep' = if (blobEventSubscriptionEnabled) {
  name: 'blob-event-subscription'
  scope: rg
  params: {
    functionAppName: appName
    systemTopicName: systemTopicName
    logsContainerName: logsContainerName
  }
  dependsOn: [
    functionApp
    eventGrid
  ]
}

@description('Region; azd reads it.')
output AZURE_LOCATION string = location

@description('Tenant; azd reads it.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group; the postdeploy hook and the docs use it.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Function app name.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Base URL of the HTTP functions.')
output SERVICE_FUNCTIONS_URI string = 'https://${functionApp.outputs.defaultHostName}'

@description('Storage account the logs are uploaded to.')
output AZURE_STORAGE_ACCOUNT_NAME string = storageName

@description('Container the logs are uploaded to.')
output QWEN_LOGS_CONTAINER string = logsContainerName

@description('Event Grid system topic the postdeploy hook subscribes the function to.')
output EVENT_GRID_SYSTEM_TOPIC_NAME string = systemTopicName
