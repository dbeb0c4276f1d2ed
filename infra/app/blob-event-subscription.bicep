// Step two of a deployment: subscribe the function's blob extension webhook to BlobCreated events in the logs
// container. It reads the blobs_extension system key, which the Functions host creates only after the code is
// deployed and has started, so it cannot run in the first provisioning pass. azd runs it from the postdeploy hook
// (infra/hooks/postdeploy.sh); without azd, deploy main.bicep again with blobEventSubscriptionEnabled=true.

@description('Function app name.')
param functionAppName string

@description('Event Grid system topic on the storage account.')
param systemTopicName string

@description('Container whose new blobs are analysed.')
param logsContainerName string

@description('The blob-triggered function with Source = EventGrid.')
param functionName string = 'IngestFromEventGrid'

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

// Microsoft.Web/sites/host has no type definitions, so the key is read with listKeys on its id.
var blobsExtensionKey = listKeys('${site.id}/host/default', '2024-04-01').systemKeys.blobs_extension

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'qwen-logs-blob-created'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        // One blob per delivery: each log file is one ingest, retried on its own.
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${logsContainerName}/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}
