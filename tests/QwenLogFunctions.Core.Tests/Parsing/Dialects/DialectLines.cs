using System.Text;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Core.Tests.Parsing.Dialects;

/// <summary>Hand-written lines in each dialect, after the public schema definitions cited in samples/README.md.</summary>
internal static class DialectLines
{
    /// <summary>A LiteLLM StandardLoggingPayload (litellm/types/utils.py) with the fields that matter and a few that do not.</summary>
    public static string LiteLlm(
        string id = "chatcmpl-1",
        string status = "success",
        bool stream = false,
        double start = 1735689234.120,
        double end = 1735689235.270,
        double? completionStart = null,
        string promptTokens = "28",
        string messages = """[{"role":"system","content":"You are helpful."},{"role":"user","content":"你好"}]""",
        string response = """{"id":"x","object":"chat.completion","created":1735689235,"model":"Qwen/Qwen2.5-7B-Instruct","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"你好！"}}],"usage":{"prompt_tokens":28,"completion_tokens":67,"total_tokens":95}}""",
        string modelParameters = """{"temperature":0.7}""",
        string modelGroup = "\"qwen2.5-7b-instruct\"") =>
        string.Concat("{\"id\":\"", (id), "\",\"trace_id\":\"t-1\",\"call_type\":\"acompletion\",\"stream\":", ((stream ? "true" : "false")), ",\"response_cost\":0.0,\"status\":\"", (status), "\",\"custom_llm_provider\":\"hosted_vllm\",\"total_tokens\":95,\"prompt_tokens\":", (promptTokens), ",\"completion_tokens\":67,\"startTime\":", (F(start)), ",\"endTime\":", (F(end)), ",\"completionStartTime\":", (F(completionStart ?? end)), ",\"response_time\":1.15,\"model\":\"hosted_vllm/Qwen/Qwen2.5-7B-Instruct\",\"model_id\":\"m1\",\"model_group\":", (modelGroup), ",\"api_base\":\"http://10.0.0.5:8000/v1\",\"metadata\":{\"user_api_key_hash\":null},\"cache_hit\":false,\"cache_key\":null,\"saved_cache_cost\":0.0,\"request_tags\":[],\"end_user\":null,\"requester_ip_address\":\"\",\"messages\":", (messages), ",\"response\":", (response), ",\"error_str\":null,\"model_parameters\":", (modelParameters), ",\"hidden_params\":{\"model_id\":\"m1\",\"cache_key\":null,\"api_base\":\"http://10.0.0.5:8000/v1\",\"response_cost\":null,\"additional_headers\":{}}}");

    /// <summary>An OpenAI Batch API output line (also vLLM run_batch's BatchRequestOutput).</summary>
    public static string Batch(string customId = "request-1", int status = 200, string content = "\"你好！\"", string usage = """{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}""", long created = 1735689600, string finish = "stop") =>
        string.Concat("{\"id\":\"batch_req_1\",\"custom_id\":\"", (customId), "\",\"response\":{\"status_code\":", (status), ",\"request_id\":\"r1\",\"body\":{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":", (created), ",\"model\":\"qwen2.5-7b-instruct\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":", (content), "},\"logprobs\":null,\"finish_reason\":\"", (finish), "\"}],\"usage\":", (usage), "}},\"error\":null}");

    /// <summary>An OTLP/JSON ExportTraceServiceRequest holding the given spans.</summary>
    public static string Otlp(params string[] spans) =>
        string.Concat("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"vllm\"}},{\"key\":\"host.name\",\"value\":{\"stringValue\":\"gpu-1\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"vllm.llm_engine\"},\"spans\":[", (string.Join(",", spans)), "]}]}]}");

    /// <summary>A span as vLLM's tracing writes it (vllm/tracing.py SpanAttributes), times in seconds, no content.</summary>
    public static string VllmSpan(string id = "cmpl-1", long startSeconds = 1735689600, string prompt = "\"28\"", string e2e = "1.15", string ttft = "0.32") =>
        string.Concat("{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"llm_request\",\"kind\":2,\"startTimeUnixNano\":\"", (startSeconds), "100000000\",\"endTimeUnixNano\":\"", (startSeconds + 2), "000000000\",\"attributes\":[{\"key\":\"gen_ai.response.model\",\"value\":{\"stringValue\":\"Qwen/Qwen2.5-7B-Instruct\"}},{\"key\":\"gen_ai.request.id\",\"value\":{\"stringValue\":\"", (id), "\"}},{\"key\":\"gen_ai.usage.prompt_tokens\",\"value\":{\"intValue\":", (prompt), "}},{\"key\":\"gen_ai.usage.completion_tokens\",\"value\":{\"intValue\":\"67\"}},{\"key\":\"gen_ai.latency.time_in_queue\",\"value\":{\"doubleValue\":0.012}},{\"key\":\"gen_ai.latency.time_to_first_token\",\"value\":{\"doubleValue\":", (ttft), "}},{\"key\":\"gen_ai.latency.e2e\",\"value\":{\"doubleValue\":", (e2e), "}}],\"status\":{}}");

    /// <summary>A span of the GenAI semantic conventions with content as events.</summary>
    public static string ChatSpanWithEvents(string user, string answer) =>
        string.Concat("{\"traceId\":\"a3\",\"spanId\":\"1a\",\"name\":\"chat qwen\",\"kind\":3,\"startTimeUnixNano\":\"1735693205000000000\",\"endTimeUnixNano\":\"1735693206200000000\",\"attributes\":[{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}},{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"qwen2.5-7b-instruct\"}},{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"24\"}},{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":\"18\"}},{\"key\":\"gen_ai.response.finish_reasons\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"stop\"}]}}}],\"events\":[{\"timeUnixNano\":\"1735693205000000000\",\"name\":\"gen_ai.user.message\",\"attributes\":[{\"key\":\"content\",\"value\":{\"stringValue\":\"", (user), "\"}}]},{\"timeUnixNano\":\"1735693206200000000\",\"name\":\"gen_ai.choice\",\"attributes\":[{\"key\":\"index\",\"value\":{\"intValue\":\"0\"}},{\"key\":\"message\",\"value\":{\"stringValue\":\"{\\\"role\\\": \\\"assistant\\\", \\\"content\\\": \\\"", (answer), "\\\"}\"}}]}],\"status\":{}}");

    public static string HttpSpan() =>
        """{"traceId":"b3","spanId":"2a","name":"GET /health","kind":2,"startTimeUnixNano":"1735693500000000000","endTimeUnixNano":"1735693500001000000","attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}}],"status":{}}""";

    public static AnalysisReport Analyze(string name, LogDialect? dialect, params string[] lines) =>
        LogLines.Analyze(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"), new AnalyzerOptions { Dialect = dialect }, name).Build();

    public static AnalysisReport Analyze(params string[] lines) => Analyze("s.jsonl", null, lines);

    private static string F(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
