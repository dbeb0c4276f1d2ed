// Storage for the Functions host, the logs to analyse, our tables and the deployment package.
// Keys are off: everything, the host included, authenticates with Entra ID.

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags resourceTags

@description('Container the JSONL logs are uploaded to; Ingest/IngestFromEventGrid watch it.')
param logsContainerName string

@description('Container Flex Consumption reads the app package from.')
param deploymentContainerName string

import { resourceTags } from 'types.bicep'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      // No virtual network in this template; AzureServices keeps Event Grid delivery working if someone tightens defaultAction later.
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource logsContainer 'containers' = {
      name: logsContainerName
      properties: {
        publicAccess: 'None'
      }
    }

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }
}

@description('Storage account name.')
output name string = storage.name

@description('Storage account resource id.')
output id string = storage.id

@description('Blob endpoint, ending with a slash.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Queue endpoint, ending with a slash.')
output queueEndpoint string = storage.properties.primaryEndpoints.queue

@description('Table endpoint, ending with a slash.')
output tableEndpoint string = storage.properties.primaryEndpoints.table
