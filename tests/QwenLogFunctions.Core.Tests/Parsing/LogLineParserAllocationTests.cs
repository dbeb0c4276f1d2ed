using System.Text;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>The parser's promise: an accepted line allocates nothing once the buffers have grown.</summary>
public class LogLineParserAllocationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_accepted_line_with_every_vllm_field_allocates_nothing(bool inMetadata)
    {
        const string Vllm = """ "finish_reason": "stop", "queue_time_ms": 134.9, "mean_itl_ms": 9.95, "tokens_per_second": 100.6, "gpu_memory_gb": 21.6""";
        string metadata = """{"prompt_tokens": 105, "completion_tokens": 1316, "total_tokens": 1421, "first_token_latency_ms": 219, "total_latency_ms": 13303, "device": "cuda:0", "temperature": 0.3, "function_calling": false, "json_mode": false"""
            + (inMetadata ? "," + Vllm : "") + "}";
        byte[] line = Encoding.UTF8.GetBytes(
            """{"timestamp": 1735689600, "level": "INFO", "request_id": "req_q8tz236eut43", "model": "qwen2.5-7b-instruct", "input": "你好", "output": "你好！", "metadata": """
            + metadata + (inMetadata ? "" : "," + Vllm) + "}");
        var target = new ParsedLine();
        Assert.Null(LogLineParser.Parse(line, target)); // grows the buffers once

        // The least of several rounds: the runtime itself may allocate on this thread now and then while it recompiles
        // hot methods (tiered compilation), which is not the parser's doing; an allocation per line shows in every round.
        long least = long.MaxValue;
        for (int round = 0; round < 20 && least > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                LogLineParser.Parse(line, target);
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, least);
        Assert.Equal(21.6 * 1024, target.GpuMemoryMb);
    }
}
