namespace QwenLogFunctions.Generation;

/// <summary>
/// The text the generator composes lines from, pre-escaped once at start-up. Sentences are built from four parts
/// (when, who, what, how it ended): 96,000 distinct sentences per language, so prompts carrying two or more of them
/// practically never repeat by chance and repeats stay under the generator's control. No pool text contains a
/// flagged keyword, a digit run long enough to be PII, an '@', or a credential prefix (a test scans them).
/// </summary>
internal static class TextPools
{
    public static readonly TextFragment[] ZhWhen = F(
        "上周", "昨天下午", "本季度", "今年三月", "在上一个迭代中", "最近两个月", "项目启动之初", "上线前一周", "今天上午", "去年年底",
        "在压测阶段", "春节前", "每天凌晨", "在灰度发布期间", "从上个版本开始", "在客户演示时", "在代码评审中", "周末值班时", "过去一年里", "迁移完成后");

    public static readonly TextFragment[] ZhWho = F(
        "我们团队", "运维同事", "产品经理", "后端服务", "新来的实习生", "客服部门", "推荐系统", "数据平台组", "测试环境", "前端页面",
        "支付模块", "日志采集服务", "财务部门", "移动端应用", "搜索服务", "风控模型", "订单系统", "模型推理集群", "市场部", "运营团队");

    public static readonly TextFragment[] ZhWhat = F(
        "完成了数据库的主从切换", "发现接口响应明显变慢", "整理了一份详细的需求文档", "把缓存命中率提升到了九成以上", "遇到了频繁的内存泄漏问题",
        "引入了新的监控告警规则", "重构了核心的排序逻辑", "收到了大量关于退款流程的反馈", "部署了新版本的推理服务", "统计了各渠道的转化率",
        "修复了一个并发写入的缺陷", "评估了迁移到云原生架构的成本", "梳理了现有的权限模型", "优化了批处理任务的调度", "上线了智能客服的第二版",
        "分析了用户流失的主要原因", "更新了接口的版本管理策略", "把平均延迟降低了三成", "补充了端到端的自动化测试", "讨论了下一季度的技术路线");

    public static readonly TextFragment[] ZhHow = F(
        "。", "，效果还不错。", "，但还有一些细节需要确认。", "，整体进展符合预期。", "，大家对结果比较满意。", "，后续还需要持续观察。",
        "，这件事引起了领导的重视。", "，问题已经基本定位。", "，目前仍在复盘中。", "，下周会给出正式结论。", "，数据还需要再核对一遍。", "，文档已经同步到知识库。");

    public static readonly TextFragment[] EnWhen = F(
        "Last week, ", "Yesterday afternoon, ", "This quarter, ", "In March, ", "During the last sprint, ", "Over the past two months, ",
        "At the start of the project, ", "A week before launch, ", "This morning, ", "At the end of last year, ", "During load testing, ",
        "Before the holiday freeze, ", "Every night at 2 a.m., ", "During the canary rollout, ", "Since the previous release, ",
        "In the customer demo, ", "During code review, ", "On the weekend shift, ", "Over the past year, ", "After the migration, ");

    public static readonly TextFragment[] EnWho = F(
        "our team ", "the on-call engineer ", "the product manager ", "the backend service ", "a new intern ", "the support team ",
        "the recommendation system ", "the data platform group ", "the staging environment ", "the checkout page ", "the payment module ",
        "the log collector ", "the finance department ", "the mobile app ", "the search service ", "the fraud model ", "the order system ",
        "the inference cluster ", "the marketing team ", "the operations team ");

    public static readonly TextFragment[] EnWhat = F(
        "switched the primary database to a replica", "noticed that the API had become noticeably slower", "wrote a detailed requirements document",
        "raised the cache hit ratio above ninety percent", "ran into a recurring memory leak", "added new alerting rules to the dashboard",
        "rewrote the core ranking logic", "received a lot of feedback about the refund flow", "deployed a new version of the inference service",
        "measured conversion rates for every channel", "fixed a race condition in the write path", "estimated the cost of moving to Kubernetes",
        "reviewed the existing permission model", "tuned the scheduling of the batch jobs", "shipped the second version of the chatbot",
        "analyzed why users were churning", "changed the API versioning policy", "cut the average latency by a third",
        "added end-to-end tests for the main flows", "discussed the roadmap for next quarter");

    public static readonly TextFragment[] EnHow = F(
        ".", ", and the results look good.", ", but a few details still need to be confirmed.", ", which was roughly what we expected.",
        ", and everyone was happy with the outcome.", ", so we will keep monitoring it.", ", which got the attention of leadership.",
        ", and the root cause is mostly understood.", ", and the postmortem is still in progress.", ", with a formal conclusion due next week.",
        ", although the numbers need another check.", ", and the notes are now in the wiki.");

    public static readonly TextFragment[] ZhTopics = F(
        "向量数据库", "注意力机制", "KV 缓存", "量化推理", "分布式事务", "服务网格", "零拷贝", "布隆过滤器", "一致性哈希", "流式处理",
        "检索增强生成", "混合专家模型", "灰度发布", "微服务拆分", "读写分离", "限流熔断", "指令微调", "提示词工程", "容器编排", "列式存储");

    public static readonly TextFragment[] EnTopics = F(
        "vector databases", "the attention mechanism", "the KV cache", "quantized inference", "distributed transactions", "a service mesh",
        "zero-copy I/O", "Bloom filters", "consistent hashing", "stream processing", "retrieval-augmented generation", "mixture-of-experts models",
        "canary releases", "splitting a monolith into microservices", "read replicas", "rate limiting and circuit breaking", "instruction tuning",
        "prompt engineering", "container orchestration", "columnar storage");

    public static readonly TextFragment[] ZhAlgorithms = F(
        "快速排序", "二分查找", "LRU 缓存", "Dijkstra 最短路径", "滑动窗口限流器", "字典树", "归并排序", "拓扑排序", "最小堆", "并查集");

    public static readonly TextFragment[] EnAlgorithms = F(
        "quicksort", "binary search", "an LRU cache", "Dijkstra's shortest path", "a sliding-window rate limiter", "a trie", "merge sort",
        "topological sort", "a min-heap", "union-find");

    public static readonly TextFragment[] ZhProblems = F(
        "接口超时", "显存不足", "磁盘写满", "数据库连接池耗尽", "消息积压", "首 token 延迟过高", "CPU 使用率飙升", "缓存雪崩");

    public static readonly TextFragment[] EnProblems = F(
        "API timeouts", "GPU out-of-memory errors", "a full disk", "an exhausted connection pool", "a growing message backlog",
        "high time to first token", "CPU spikes", "a cache stampede");

    /// <summary>Chinese prompt templates: text before the slot, slot kind, text after. Context sentences follow.</summary>
    public static readonly PromptTemplate[] ZhTemplates =
    [
        new("请解释一下", Slot.Topic, "的基本原理，并举一个实际的例子。背景："),
        new("用通俗易懂的语言介绍", Slot.Topic, "，适合刚入门的同学。补充信息："),
        new("帮我写一段关于", Slot.Topic, "的技术方案概述，结合下面的情况："),
        new("", Slot.Topic, "和传统做法相比有哪些优缺点？我们的情况是："),
        new("请总结下面这段工作记录，并指出风险点：", Slot.None, ""),
        new("请把下面这段话翻译成英文：", Slot.None, ""),
        new("根据以下背景，写一封给客户的回复：", Slot.None, ""),
        new("请用 Python 实现", Slot.Algorithm, "，并给出时间复杂度分析。上下文："),
        new("用 Go 写一个", Slot.Algorithm, "的示例，要求有注释。相关背景："),
        new("下面是项目周报的草稿，请帮我润色：", Slot.None, ""),
        new("请列出排查", Slot.Problem, "的步骤。现象如下："),
        new("我们遇到了", Slot.Problem, "，背景如下，应该怎么处理？"),
    ];

    public static readonly PromptTemplate[] EnTemplates =
    [
        new("Explain how ", Slot.Topic, " works and give a concrete example. Context:"),
        new("Write a short technical overview of ", Slot.Topic, " for new engineers, given this:"),
        new("What are the pros and cons of ", Slot.Topic, " compared with the traditional approach? Our situation:"),
        new("Summarize the following notes and point out the risks:", Slot.None, ""),
        new("Translate the following paragraph into Chinese:", Slot.None, ""),
        new("Draft a reply to the customer based on this background:", Slot.None, ""),
        new("Implement ", Slot.Algorithm, " in Python and analyze its time complexity. Background:"),
        new("Write ", Slot.Algorithm, " in TypeScript with comments. Some context:"),
        new("Polish this weekly status report:", Slot.None, ""),
        new("List the steps to troubleshoot ", Slot.Problem, ". What we see:"),
        new("We are facing ", Slot.Problem, ". Here is the context, what should we do?"),
    ];

    public static readonly TextFragment[] ZhOpeners = F(
        "好的，下面是详细说明。\n\n", "这是一个很好的问题。\n\n", "当然可以。以下是我的回答：\n\n", "下面分几个方面来说明：\n\n",
        "我们可以从原理和实践两个角度来看。\n\n", "根据你提供的信息，我的建议如下。\n\n");

    public static readonly TextFragment[] EnOpeners = F(
        "Sure, here is a detailed explanation.\n\n", "Great question.\n\n", "Certainly. Here is my answer:\n\n", "Let me break this down.\n\n",
        "Based on what you described, here is what I would do.\n\n");

    public static readonly TextFragment[] ZhClosers = F(
        "希望对你有帮助！", "如果还有问题，欢迎继续提问。", "以上方案可以根据实际情况调整。", "建议先在测试环境验证后再上线。");

    public static readonly TextFragment[] EnClosers = F(
        "Hope this helps!", "Let me know if you have more questions.", "Feel free to adapt this to your setup.",
        "I would validate this in staging before rolling it out.");

    public static readonly TextFragment[] ZhHeadings = F(
        "## 背景\n\n", "## 原理\n\n", "### 实现步骤\n\n", "### 注意事项\n\n", "## 示例代码\n\n", "### 性能分析\n\n", "## 总结\n\n");

    public static readonly TextFragment[] EnHeadings = F(
        "## Background\n\n", "## How it works\n\n", "### Steps\n\n", "### Caveats\n\n", "## Example\n\n", "### Performance\n\n", "## Summary\n\n");

    /// <summary>Hand-written paragraphs, longer and more varied than the combined sentences.</summary>
    public static readonly TextFragment[] ZhParagraphs = F(
        "KV 缓存保存了每一层注意力计算中已经生成的键和值，解码新 token 时只需要计算当前位置的查询向量，再与缓存中的键做点积即可，因此单步解码的计算量从与序列长度平方相关降到了线性。代价是显存占用随上下文长度线性增长，这也是长上下文推理时显存紧张的主要原因。vLLM 的 PagedAttention 把缓存切成固定大小的块，按需分配，碎片率通常可以控制在百分之四以内。\n\n",
        "量化推理的核心思想是用更低的位宽表示权重，例如 AWQ 会先根据激活值的分布找出对精度影响最大的那一小部分通道，对它们做缩放保护，再把其余权重压缩到 4 位。这样 7B 模型的权重可以从约 15GB 降到 4GB 多一点，在消费级显卡上也能流畅运行，而在大多数评测上的精度损失不到一个百分点。\n\n",
        "排查首 token 延迟过高时，建议先区分排队时间和预填充时间：如果排队时间占大头，说明并发超过了服务的处理能力，可以增加副本或调整最大批大小；如果预填充时间长，通常与输入过长有关，可以考虑截断历史对话、开启前缀缓存，或者把系统提示词放在固定的前缀中以提高缓存命中率。\n\n",
        "灰度发布的关键是可观测性。新版本只承接一小部分流量时，需要同时比较两个版本的错误率、延迟分位数和业务指标，并设定明确的回滚阈值。对于大模型服务，还应该抽样比对两个版本的输出质量，例如拒答率、格式错误率和用户的点赞点踩比例。\n\n",
        "一致性哈希把节点和键都映射到同一个环上，每个键归属于顺时针方向遇到的第一个节点。增加或删除节点时，只有相邻区间的键需要迁移。为了让负载更均匀，一般会为每个物理节点创建几十到几百个虚拟节点。\n\n",
        "日志分析不应该只停留在事后排查。把关键指标按小时聚合、设置合理的告警阈值，并定期抽样人工复核输出质量，才能在问题影响用户之前发现它。对于结构化输出的场景，格式错误率往往比平均延迟更早暴露模型或提示词的退化。\n\n");

    public static readonly TextFragment[] EnParagraphs = F(
        "The KV cache stores the keys and values computed by every attention layer for the tokens generated so far, so decoding a new token only needs the query for the current position. That turns the per-step cost from quadratic to linear in the sequence length, at the price of memory that grows with the context. PagedAttention in vLLM splits the cache into fixed-size blocks allocated on demand, which keeps fragmentation low.\n\n",
        "When time to first token is high, separate queueing from prefill first. Long queues mean the service is saturated: add replicas or tune the maximum batch size. Slow prefill usually comes from long inputs: trim the chat history, enable prefix caching, and keep the fixed part of the prompt at the start so it can be reused across requests.\n\n",
        "A canary release is only as good as its observability. While the new version takes a small slice of traffic, compare error rates, latency percentiles and business metrics side by side, and agree on rollback thresholds before you start. For model services, also sample and compare output quality: refusal rate, format errors and user feedback.\n\n",
        "Structured output is where regressions show up first. A small change to the prompt or the sampling temperature can raise the share of responses that fail to parse, long before average latency or user satisfaction moves. Track the malformed rate per hour and per model version, and alert on sudden jumps.\n\n");

    /// <summary>"System Prompt" capitalized: the article's keyword match is case-sensitive, so these must not raise jailbreak_attempt.</summary>
    public static readonly TextFragment[] CaseDecoys = F(
        "You can adjust the System Prompt in the console settings.\n\n", "Note: the System Prompt is applied before every conversation.\n\n");

    /// <summary>Code blocks fenced for Markdown answers.</summary>
    public static readonly TextFragment[] FencedCode =
        CodeSamples.All.Select(c => new TextFragment("```" + c.Language + "\n" + c.Code + "\n```\n\n")).ToArray();

    /// <summary>Bare code, for JSON outputs that carry code in a string field.</summary>
    public static readonly TextFragment[] BareCode = CodeSamples.All.Select(c => new TextFragment(c.Code)).ToArray();

    public static readonly TextFragment[] CodeLanguages = CodeSamples.All.Select(c => new TextFragment(c.Language)).ToArray();

    /// <summary>Short prompts many users send, the source of most natural repeats.</summary>
    public static readonly string[] PopularPrompts =
    [
        "你好", "你是谁？", "请介绍一下你自己", "讲个笑话", "今天是星期几？", "Hello", "Who are you?", "What can you do?", "hi", "帮我写一首关于春天的诗",
    ];

    /// <summary>One combined sentence as plain text (for answers built as strings, such as JSON documents).</summary>
    public static string Sentence(SeededRandom random, bool chinese) => chinese
        ? random.Pick(ZhWhen).Text + random.Pick(ZhWho).Text + random.Pick(ZhWhat).Text + random.Pick(ZhHow).Text
        : random.Pick(EnWhen).Text + random.Pick(EnWho).Text + random.Pick(EnWhat).Text + random.Pick(EnHow).Text;

    /// <summary>Several combined sentences, English ones separated by spaces.</summary>
    public static string Sentences(SeededRandom random, bool chinese, int count) =>
        string.Join(chinese ? string.Empty : " ", Enumerable.Range(0, count).Select(_ => Sentence(random, chinese)));

    private static TextFragment[] F(params string[] texts) => texts.Select(t => new TextFragment(t)).ToArray();
}
