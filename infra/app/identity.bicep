// The one identity the function app runs as: storage, Application Insights and the deployment package all use it.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags resourceTags

import { resourceTags } from 'types.bicep'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Client (application) id, used by AzureWebJobsStorage__clientId and the App Insights authentication string.')
output clientId string = identity.properties.clientId

@description('Principal (object) id, used by role assignments.')
output principalId string = identity.properties.principalId
