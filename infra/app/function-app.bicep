// Flex Consumption plan and the .NET 10 isolated-worker function app, with every app setting the code reads.
// The names in siteConfig.appSettings stay literal strings: tests/QwenLogFunctions.Functions.Tests/Infra checks
// them against AppSettingNames.All.

@description('Function app name; also the host name prefix.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags resourceTags

@description('azd service name in azure.yaml; azd finds the app by this tag.')
param azdServiceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Storage account name (host storage, logs, tables, package).')
param storageAccountName string

@description('Container holding the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Most instances the app may scale out to (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('QwenLogs__* settings.')
param qwenLogs qwenLogsSettings

@description('QwenLogs__MaxBatchesInFlight: table transactions ingestion keeps in flight at once.')
@minValue(1)
@maxValue(64)
param maxBatchesInFlight int = 8

@description('QwenLogs__Dialect: input dialect of every shard, or auto to detect it per shard.')
@allowed([ 'auto', 'article', 'litellm', 'otlp', 'openai-batch' ])
param logDialect string = 'auto'

@description('QwenLogs__DetectDuplicateShards: count a shard whose bytes equal an already-ingested shard\'s once (true) or under every name (false).')
param detectDuplicateShards bool = true

@description('Alert notification targets (webhook URLs and the DingTalk signing secret); the type is secure.')
param notifications notificationSettings

import { notificationSettings, qwenLogsSettings, resourceTags } from 'types.bicep'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux: Flex Consumption has no Windows workers.
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // Flex Consumption takes runtime and version from functionAppConfig; FUNCTIONS_WORKER_RUNTIME and
      // FUNCTIONS_EXTENSION_VERSION are rejected there, so they are deliberately absent.
      appSettings: [
        // Identity-based host storage: the AzureWebJobsStorage connection resolved from its __ family.
        { name: 'AzureWebJobsStorage__blobServiceUri', value: storage.properties.primaryEndpoints.blob }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: storage.properties.primaryEndpoints.queue }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: storage.properties.primaryEndpoints.table }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // Flex Consumption cannot run the polling blob trigger: the Event Grid variant is the one enabled in Azure.
        // Underscores, not dots: Linux turns dots in setting names into underscores, and the WebJobs host reads
        // AzureWebJobs_<name>_Disabled as well as AzureWebJobs.<name>.Disabled.
        { name: 'AzureWebJobs_Ingest_Disabled', value: 'true' }
        { name: 'AzureWebJobs_IngestFromEventGrid_Disabled', value: 'false' }
        { name: 'QwenLogs__LogsContainer', value: qwenLogs.logsContainer }
        { name: 'QwenLogs__AggregateSchedule', value: qwenLogs.aggregateSchedule }
        { name: 'QwenLogs__ReconcileSchedule', value: qwenLogs.reconcileSchedule }
        { name: 'QwenLogs__ReconcileMaxBlobsPerRun', value: string(qwenLogs.reconcileMaxBlobsPerRun) }
        { name: 'QwenLogs__TablePrefix', value: qwenLogs.tablePrefix }
        { name: 'QwenLogs__RetentionDays', value: string(qwenLogs.retentionDays) }
        { name: 'QwenLogs__MaxReportRangeDays', value: string(qwenLogs.maxReportRangeDays) }
        { name: 'QwenLogs__MaxBatchesInFlight', value: string(maxBatchesInFlight) }
        { name: 'QwenLogs__Dialect', value: logDialect }
        { name: 'QwenLogs__DetectDuplicateShards', value: string(detectDuplicateShards) }
        { name: 'QwenLogs__GpuPrices', value: qwenLogs.gpuPrices }
        { name: 'QwenLogs__Currency', value: qwenLogs.currency }
        { name: 'QwenLogs__GpuAlwaysOn', value: string(qwenLogs.gpuAlwaysOn) }
        { name: 'QwenLogs__LineTimestamp', value: qwenLogs.lineTimestamp }
        { name: 'QwenLogs__RowSampleRate', value: qwenLogs.rowSampleRate }
        { name: 'QwenLogs__RowKeepSlowerThanMs', value: string(qwenLogs.rowKeepSlowerThanMs) }
        { name: 'QwenLogs__Alerts__ConsecutiveEmptyResponses', value: string(qwenLogs.alerts.consecutiveEmptyResponses) }
        { name: 'QwenLogs__Alerts__LatencyP95Ms', value: string(qwenLogs.alerts.latencyP95Ms) }
        { name: 'QwenLogs__Alerts__FirstTokenP95Ms', value: string(qwenLogs.alerts.firstTokenP95Ms) }
        { name: 'QwenLogs__Alerts__MinDecodeTps', value: qwenLogs.alerts.minDecodeTps }
        { name: 'QwenLogs__Alerts__MaxFlagRate', value: qwenLogs.alerts.maxFlagRate }
        { name: 'QwenLogs__Alerts__MaxMalformedJsonRate', value: qwenLogs.alerts.maxMalformedJsonRate }
        { name: 'QwenLogs__Alerts__MaxRejectedLineRate', value: qwenLogs.alerts.maxRejectedLineRate }
        { name: 'QwenLogs__Alerts__MaxErrorLevelRate', value: qwenLogs.alerts.maxErrorLevelRate }
        { name: 'QwenLogs__Alerts__NoRequestsHours', value: string(qwenLogs.alerts.noRequestsHours) }
        { name: 'QwenLogs__Alerts__MinRequestsForRates', value: string(qwenLogs.alerts.minRequestsForRates) }
        { name: 'QwenLogs__Notifications__WebhookUrl', value: notifications.webhookUrl }
        { name: 'QwenLogs__Notifications__SlackWebhookUrl', value: notifications.slackWebhookUrl }
        { name: 'QwenLogs__Notifications__TeamsWebhookUrl', value: notifications.teamsWebhookUrl }
        { name: 'QwenLogs__Notifications__WeComWebhookUrl', value: notifications.weComWebhookUrl }
        { name: 'QwenLogs__Notifications__DingTalkWebhookUrl', value: notifications.dingTalkWebhookUrl }
        { name: 'QwenLogs__Notifications__DingTalkSecret', value: notifications.dingTalkSecret }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // No publishing passwords: azd and the Azure CLI deploy with Entra tokens.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

@description('Function app name.')
output name string = site.name

@description('Default host name, e.g. func-abc.azurewebsites.net.')
output defaultHostName string = site.properties.defaultHostName
