// The storage account's Event Grid system topic. Its subscription to the function's webhook is a separate step
// (blob-event-subscription.bicep) because the webhook key exists only once the code runs.

@description('System topic name.')
param name string

@description('Azure region; a system topic lives in its source\'s region.')
param location string

@description('Tags for the resource.')
param tags resourceTags

@description('Storage account whose blob events the topic publishes.')
param storageAccountName string

import { resourceTags } from 'types.bicep'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

@description('System topic name.')
output name string = topic.name
