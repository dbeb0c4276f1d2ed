// Log Analytics workspace and workspace-based Application Insights. Local (instrumentation key) auth is off:
// the app sends telemetry with its managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).

@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags resourceTags

@description('Days Log Analytics keeps data (30 is included in the ingestion price).')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Daily ingestion cap in GB; -1 means no cap. A cap bounds cost but drops telemetry once reached.')
param dailyQuotaGb int

import { resourceTags } from 'types.bicep'

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    workspaceCapping: {
      dailyQuotaGb: dailyQuotaGb
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
  }
}

@description('Application Insights component name.')
output applicationInsightsName string = applicationInsights.name

@description('Application Insights resource id.')
output applicationInsightsId string = applicationInsights.id

@description('Application Insights connection string (not a secret once local auth is off: it only says where to send).')
output connectionString string = applicationInsights.properties.ConnectionString
