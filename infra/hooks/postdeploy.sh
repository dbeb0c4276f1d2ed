#!/bin/sh
# azd postdeploy hook: the second deployment step. Waits until the deployed Functions host has created the blob
# extension's system key, then deploys infra/app/blob-event-subscription.bicep, which reads that key itself
# (listKeys), so the key never passes through this script or azd's environment.
# Needs the Azure CLI signed in to the same subscription (`az login`); azd's sign-in is separate.
set -eu

: "${AZURE_RESOURCE_GROUP:?run through azd (azd up / azd deploy) so the provisioning outputs are set}"
: "${AZURE_FUNCTION_APP_NAME:?missing provisioning output}"
: "${EVENT_GRID_SYSTEM_TOPIC_NAME:?missing provisioning output}"
: "${QWEN_LOGS_CONTAINER:?missing provisioning output}"
: "${SERVICE_FUNCTIONS_URI:?missing provisioning output}"

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is required to create the Event Grid subscription" >&2
  exit 1
fi

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)

# Flex Consumption scales to zero; a request starts an instance, and the host writes its keys on start.
attempt=0
while :; do
  curl --silent --output /dev/null --max-time 30 "$SERVICE_FUNCTIONS_URI/" || true
  key_present=$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension != null" --output json 2>/dev/null || echo false)
  [ "$key_present" = "true" ] && break
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "postdeploy: the blobs_extension key did not appear within 5 minutes; is IngestFromEventGrid deployed?" >&2
    exit 1
  fi
  sleep 10
done

az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name blob-event-subscription \
  --template-file "$here/../app/blob-event-subscription.bicep" \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" \
               systemTopicName="$EVENT_GRID_SYSTEM_TOPIC_NAME" \
               logsContainerName="$QWEN_LOGS_CONTAINER" \
  --output none

echo "postdeploy: blobs created in '$QWEN_LOGS_CONTAINER' now reach IngestFromEventGrid through Event Grid."
