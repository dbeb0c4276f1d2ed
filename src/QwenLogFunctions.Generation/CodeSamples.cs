namespace QwenLogFunctions.Generation;

/// <summary>Source code the generated answers quote: the long, escape-heavy text real coding answers are made of.</summary>
internal static class CodeSamples
{
    /// <summary>(language tag, code) pairs.</summary>
    public static readonly (string Language, string Code)[] All =
    [
        ("python", """"
            def quicksort(arr):
                """Return a new sorted list using quicksort."""
                if len(arr) <= 1:
                    return arr
                pivot = arr[len(arr) // 2]
                left = [x for x in arr if x < pivot]
                middle = [x for x in arr if x == pivot]
                right = [x for x in arr if x > pivot]
                return quicksort(left) + middle + quicksort(right)


            if __name__ == "__main__":
                print(quicksort([3, 6, 8, 10, 1, 2, 1]))
            """"),
        ("python", """"
            from collections import OrderedDict


            class LRUCache:
                """固定容量的 LRU 缓存，get 和 put 都是 O(1)。"""

                def __init__(self, capacity: int):
                    self.capacity = capacity
                    self.items = OrderedDict()

                def get(self, key):
                    if key not in self.items:
                        return -1
                    # 访问过的键移到末尾，表示最近使用
                    self.items.move_to_end(key)
                    return self.items[key]

                def put(self, key, value) -> None:
                    if key in self.items:
                        self.items.move_to_end(key)
                    self.items[key] = value
                    if len(self.items) > self.capacity:
                        # 弹出最久未使用的键
                        self.items.popitem(last=False)
            """"),
        ("go", """"
            package search

            // BinarySearch returns the index of target in the sorted slice, or -1.
            func BinarySearch(nums []int, target int) int {
                lo, hi := 0, len(nums)-1
                for lo <= hi {
                    mid := lo + (hi-lo)/2
                    switch {
                    case nums[mid] == target:
                        return mid
                    case nums[mid] < target:
                        lo = mid + 1
                    default:
                        hi = mid - 1
                    }
                }
                return -1
            }
            """"),
        ("typescript", """"
            /** Sliding-window rate limiter: at most `limit` calls per `windowMs`. */
            export class SlidingWindowLimiter {
              private readonly hits: number[] = [];

              constructor(private readonly limit: number, private readonly windowMs: number) {}

              tryAcquire(now: number = Date.now()): boolean {
                while (this.hits.length > 0 && now - this.hits[0] >= this.windowMs) {
                  this.hits.shift();
                }
                if (this.hits.length >= this.limit) {
                  return false;
                }
                this.hits.push(now);
                return true;
              }
            }

            const limiter = new SlidingWindowLimiter(100, 60_000);
            console.log(limiter.tryAcquire() ? "allowed" : "throttled");
            """"),
        ("sql", """"
            -- 每小时的请求数、P95 延迟和平均吞吐
            SELECT
                date_trunc('hour', to_timestamp(ts))                         AS hour,
                count(*)                                                     AS requests,
                quantile_disc(total_latency_ms, 0.95)                        AS p95_latency_ms,
                avg(completion_tokens / (total_latency_ms / 1000.0))
                    FILTER (WHERE total_latency_ms > 0)                      AS avg_tokens_per_s
            FROM inference_logs
            WHERE model = 'qwen2.5-7b-instruct'
            GROUP BY 1
            ORDER BY 1;
            """"),
        ("csharp", """"
            public static async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> action, int attempts, CancellationToken ct)
            {
                var delay = TimeSpan.FromMilliseconds(200);
                for (int i = 1; ; i++)
                {
                    try
                    {
                        return await action(ct);
                    }
                    catch (HttpRequestException) when (i < attempts)
                    {
                        // Exponential back-off with jitter keeps retries from synchronizing.
                        await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(100)), ct);
                        delay *= 2;
                    }
                }
            }
            """"),
        ("python", """"
            import json
            from collections import Counter


            def summarize(path: str) -> dict:
                latencies, levels = [], Counter()
                with open(path, encoding="utf-8") as f:
                    for line in f:
                        if not line.strip():
                            continue
                        record = json.loads(line)
                        levels[record["level"]] += 1
                        latencies.append(record["metadata"]["total_latency_ms"])
                latencies.sort()
                return {
                    "requests": len(latencies),
                    "p95_ms": latencies[int(0.95 * len(latencies))] if latencies else None,
                    "levels": dict(levels),
                }
            """"),
        ("bash", """"
            # 启动 vLLM 的 OpenAI 兼容服务，并限制显存占用
            python -m vllm.entrypoints.openai.api_server \
              --model Qwen/Qwen2.5-7B-Instruct \
              --served-model-name qwen2.5-7b-instruct \
              --max-model-len 32768 \
              --gpu-memory-utilization 0.90 \
              --enable-auto-tool-choice --tool-call-parser hermes \
              --port 8000

            # 每 5 秒记录一次显存
            while true; do
              nvidia-smi --query-gpu=index,memory.used,utilization.gpu --format=csv,noheader >> gpu.csv
              sleep 5
            done
            """"),
        ("java", """"
            public final class Trie {
                private final Trie[] children = new Trie[26];
                private boolean terminal;

                public void insert(String word) {
                    Trie node = this;
                    for (char c : word.toCharArray()) {
                        int i = c - 'a';
                        if (node.children[i] == null) {
                            node.children[i] = new Trie();
                        }
                        node = node.children[i];
                    }
                    node.terminal = true;
                }

                public boolean startsWith(String prefix) {
                    Trie node = this;
                    for (char c : prefix.toCharArray()) {
                        node = node.children[c - 'a'];
                        if (node == null) {
                            return false;
                        }
                    }
                    return true;
                }
            }
            """"),
        ("python", """"
            import heapq


            def dijkstra(graph, source):
                """graph: {node: [(neighbor, weight), ...]}，返回源点到各点的最短距离。"""
                dist = {source: 0}
                heap = [(0, source)]
                while heap:
                    d, node = heapq.heappop(heap)
                    if d > dist.get(node, float("inf")):
                        continue
                    for neighbor, weight in graph.get(node, []):
                        nd = d + weight
                        if nd < dist.get(neighbor, float("inf")):
                            dist[neighbor] = nd
                            heapq.heappush(heap, (nd, neighbor))
                return dist
            """"),
        ("yaml", """"
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: qwen-inference
            spec:
              replicas: 2
              selector:
                matchLabels: { app: qwen-inference }
              template:
                metadata:
                  labels: { app: qwen-inference }
                spec:
                  containers:
                    - name: vllm
                      image: vllm/vllm-openai:v0.6.3
                      args: ["--model", "Qwen/Qwen2.5-7B-Instruct", "--max-model-len", "32768"]
                      resources:
                        limits: { nvidia.com/gpu: 1, memory: 32Gi }
                      readinessProbe:
                        httpGet: { path: /health, port: 8000 }
            """"),
        ("javascript", """"
            // 把 JSONL 日志按小时分组并统计请求数
            import { createReadStream } from "node:fs";
            import { createInterface } from "node:readline";

            const perHour = new Map();
            const rl = createInterface({ input: createReadStream("qwen_logs.jsonl") });
            for await (const line of rl) {
              if (!line.trim()) continue;
              const { timestamp } = JSON.parse(line);
              const hour = new Date(timestamp * 1000).toISOString().slice(0, 13);
              perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
            }
            console.table([...perHour.entries()].sort());
            """"),
    ];
}
