using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;

namespace QwenLogFunctions.TestUtility;

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port that records every request and answers with a configurable
/// response: the far end of webhooks and exporters in tests, so nothing leaves the machine.
/// </summary>
public sealed class LoopbackHttpListener : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<Request, Response> _respond;
    private readonly ConcurrentQueue<Request> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _loop;

    private LoopbackHttpListener(HttpListener listener, int port, Func<Request, Response> respond)
    {
        _listener = listener;
        _respond = respond;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>A request as received.</summary>
    /// <param name="Method">HTTP method.</param>
    /// <param name="PathAndQuery">Raw path and query, e.g. "/robot/send?access_token=x&amp;sign=...".</param>
    /// <param name="Headers">Request headers (first value of each).</param>
    /// <param name="Body">Body as UTF-8 text (gzip undone).</param>
    public sealed record Request(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        /// <summary>The path without the query.</summary>
        public string Path => PathAndQuery.Split('?', 2)[0];

        /// <summary>A query parameter, URL-decoded; null when absent.</summary>
        public string? Query(string name)
        {
            var parts = PathAndQuery.Split('?', 2);
            if (parts.Length < 2)
            {
                return null;
            }

            foreach (var pair in parts[1].Split('&'))
            {
                var kv = pair.Split('=', 2);
                if (kv[0] == name)
                {
                    return kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
                }
            }

            return null;
        }
    }

    /// <summary>The answer to give.</summary>
    /// <param name="StatusCode">HTTP status.</param>
    /// <param name="Body">Body text.</param>
    /// <param name="ContentType">Content type of the body.</param>
    public sealed record Response(int StatusCode, string Body = "", string ContentType = "application/json");

    /// <summary>Base address, "http://127.0.0.1:PORT/".</summary>
    public Uri BaseUri { get; }

    /// <summary>Requests received so far, in arrival order.</summary>
    public IReadOnlyList<Request> Requests => [.. _requests];

    /// <summary>Starts a listener answering with <paramref name="respond"/> (default: 200 with an empty body).</summary>
    public static LoopbackHttpListener Start(Func<Request, Response>? respond = null)
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort.Next();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new LoopbackHttpListener(listener, port, respond ?? (_ => new Response(200)));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between FreePort and Start: try another.
                ((IDisposable)listener).Dispose();
            }
        }
    }

    /// <summary>A URL on this listener.</summary>
    public Uri Url(string pathAndQuery) => new(BaseUri, pathAndQuery);

    /// <summary>Waits until a request matching <paramref name="predicate"/> has arrived and returns it.</summary>
    public async Task<Request> WaitForAsync(Func<Request, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var match = _requests.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            try
            {
                await _arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"No matching request within {timeout}; received: {string.Join(", ", _requests.Select(r => r.Method + " " + r.Path))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _arrived.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                var request = await ReadAsync(context.Request);
                _requests.Enqueue(request);
                _arrived.Release();
                var response = _respond(request);
                var bytes = Encoding.UTF8.GetBytes(response.Body);
                context.Response.StatusCode = response.StatusCode;
                context.Response.ContentType = response.ContentType;
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException)
            {
                // The client went away; keep serving others.
            }
        }
    }

    private static async Task<Request> ReadAsync(HttpListenerRequest request)
    {
        Stream body = request.InputStream;
        if (string.Equals(request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        using var reader = new StreamReader(body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string? name in request.Headers.AllKeys)
        {
            if (name is not null)
            {
                headers[name] = request.Headers[name] ?? string.Empty;
            }
        }

        return new Request(request.HttpMethod, request.RawUrl ?? "/", headers, text);
    }
}
