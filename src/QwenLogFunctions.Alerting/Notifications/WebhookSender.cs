using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace QwenLogFunctions.Alerting.Notifications;

/// <summary>Posts JSON to a webhook with retries and exponential backoff, and judges the answer.</summary>
internal sealed class WebhookSender(IHttpClientFactory httpClientFactory, IOptions<NotificationOptions> options, ILogger logger)
{
    /// <summary>Name of the HttpClient registered for notifications (its default request logging is removed: URLs carry secrets).</summary>
    public const string HttpClientName = "QwenLogs.Notifications";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        // Chinese stays readable in the payload; every channel accepts UTF-8 JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly NotificationOptions _options = options.Value;

    /// <summary>Posts <paramref name="payload"/>; throws <see cref="NotificationException"/> when every attempt failed.</summary>
    public async Task PostAsync(string channel, Func<Uri> url, JsonNode payload, Func<string, string?> checkBody, CancellationToken cancellationToken)
    {
        string json = payload.ToJsonString(JsonOptions);
        var client = httpClientFactory.CreateClient(HttpClientName);
        string? lastError = null;
        string endpoint = "(unknown)";
        for (int attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            bool retryable = true;
            try
            {
                // Built per attempt: DingTalk's signature carries a timestamp.
                var target = url();
                endpoint = WebhookUrls.Redact(target);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.RequestTimeout);
                using var content = new StringContent(json, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(target, content, timeout.Token);
                string body = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    lastError = checkBody(body);
                    if (lastError is null)
                    {
                        return;
                    }
                }
                else
                {
                    lastError = $"HTTP {(int)response.StatusCode}: {WebhookResponses.Shorten(body)}";
                    // A refused payload or a revoked URL will not change within this evaluation; the next one retries.
                    retryable = (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
                }
            }
            catch (HttpRequestException ex)
            {
                lastError = ex.HttpRequestError == HttpRequestError.Unknown ? "HTTP request failed" : $"HTTP request failed: {ex.HttpRequestError}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastError = "timed out";
            }

            NotificationLog.AttemptFailed(logger, channel, endpoint, attempt, _options.MaxAttempts, lastError);
            if (!retryable)
            {
                break;
            }

            if (attempt < _options.MaxAttempts)
            {
                await Task.Delay(_options.InitialRetryDelay * Math.Pow(2, attempt - 1), cancellationToken);
            }
        }

        throw new NotificationException($"{channel}: {lastError}");
    }
}
