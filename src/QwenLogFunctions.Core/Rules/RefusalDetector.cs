using System.Text.RegularExpressions;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Detects a model's refusal at the start of an output, in English and Chinese, by grammar: an apology followed by
/// an inability or unwillingness ("I apologize, but I cannot…", "很抱歉，我不能…"), a clause that opens with one
/// ("I can't help with that", "我拒绝回答…"), an AI disclaimer ("As an AI language model…", "作为一个人工智能…"),
/// or a policy objection ("this goes against my guidelines").
/// </summary>
/// <remarks>
/// Apologies that are not refusals ("I'm sorry to hear that. Here are some tips", "抱歉让您久等了") and inabilities
/// that are not about the request ("I can't wait", "I cannot stress enough", "我无法确定具体数字") do not fire: the
/// apology needs a refusal clause in the same sentence, and the refusal clause needs a verb of helping or providing.
/// </remarks>
public static partial class RefusalDetector
{
    /// <summary>Category: an apology followed by "I cannot…" / "抱歉…我不能…".</summary>
    public const string Apology = "apology";

    /// <summary>Category: a clause that opens with an inability or unwillingness to help.</summary>
    public const string Inability = "inability";

    /// <summary>Category: "As an AI language model…" / "作为一个人工智能…".</summary>
    public const string AiDisclaimer = "ai_disclaimer";

    /// <summary>Category: "this request goes against my guidelines" / "我必须拒绝".</summary>
    public const string Policy = "policy";

    /// <summary>All categories, in the order they are tried.</summary>
    public static IReadOnlyList<string> Categories { get; } = [Apology, Inability, AiDisclaimer, Policy];

    // Words without which no production can match; kept short so the scan stays one fast pass over every output.
    private static readonly KeywordMatcher Triggers = new(
    [
        "sorry", "apolog", "unfortunately", "can't", "can’t", "cannot", "unable", "not able", "won't", "won’t", "decline", "refuse",
        "as an", "appropriate", "not something", "comfortable", "ｃａｎ", "ｓｏｒｒｙ",
        "抱歉", "对不起", "不好意思", "遗憾", "我不能", "我无法", "我没", "拒绝", "恕", "无可奉告", "作为", "违反", "违背", "无法提供", "不能提供",
        "无法协助", "无法满足", "无法回答", "我不会", "我不便", "我不方便", "我帮不了",
    ],
        ignoreCase: true,
        searchPieces:
        [
            // Rarer pieces of the English words, searched in their place (see PromptInjectionDetector's TriggerPieces).
            "orry", "polog", "fortun", "an't", "nnot", "nable", "t able", "won'", "eclin", "efus", "as an", "ppropr", "t somet", "omfort",
        ]);

    private const string EnglishInability = @"(?:can ?not|can't|cant|won't|wont|will\s+not|am\s+unable|'m\s+unable|am\s+not\s+able|'m\s+not\s+able|must\s+(?:respectfully\s+)?(?:decline|refuse)|have\s+to\s+(?:respectfully\s+)?(?:decline|refuse)|need\s+to\s+decline|am\s+not\s+(?:allowed|permitted|comfortable|going|programmed|designed|in\s+a\s+position)|'m\s+not\s+(?:allowed|permitted|comfortable|going|programmed|designed|in\s+a\s+position)|(?:do\s+not|don't)\s+(?:have\s+(?:access|the\s+ability)|feel\s+comfortable|think\s+i\s+(?:can|should)|provide|assist|support|engage|condone|generate|create|produce)|could\s+not|couldn't|shouldn't|should\s+not|refuse)";
    private const string HelpVerb = @"(?:help|assist|provide|comply|fulfill|fulfil|do|continue|create|generate|engage|support|answer|write|share|give|complete|produce|offer|discuss|participate|facilitate|condone|promote|encourage|perform|make|respond|process|carry|play|pretend|act|tell|reveal|disclose|access|browse|fulfilling|assisting|helping|providing|that|this|with|on|in|be\s+of|go\s+along|satisfy|honou?r|grant|accommodate|agree|endorse|draft|compose|translate|give\s+you)";

    /// <summary>The grammar, for tests of its literal index.</summary>
    internal static GrammarRuleSet RuleSet => Rules;

    private static readonly GrammarRuleSet Rules = new(
    [
        new(Apology, Rule1(), mayBeDiscussed: false, requires: "sorry|apolog|unfortunately|regrettably|afraid"),
        new(Inability, Rule2(), mayBeDiscussed: false),
        new(Inability, Rule3(), mayBeDiscussed: false, requires: "that|able"),
        new(AiDisclaimer, Rule4(), mayBeDiscussed: false, requires: "as a"),
        new(Policy, Rule5(), mayBeDiscussed: false, requires: "appropriate|ethical|responsible|possible|safe|right|against|violat|decline|refuse"),

        new(Apology, Rule6(), mayBeDiscussed: false, requires: "歉|对不起|不好意思|遗憾"),
        new(Inability, Rule7(), mayBeDiscussed: false, requires: "我"),
        new(Inability, Rule8(), mayBeDiscussed: false, requires: "拒绝|无法|不能|不便|恕|无可奉告"),
        new(AiDisclaimer, Rule9(), mayBeDiscussed: false, requires: "作为"),
        new(Policy, Rule10(), mayBeDiscussed: false, requires: "违反|违背|不符合"),
    ]);

    /// <summary>The category of the refusal that opens <paramref name="output"/>, or null when it is not one.</summary>
    /// <param name="output">The output's start (callers pass the configured prefix: refusals come first).</param>
    public static string? Detect(ReadOnlySpan<char> output)
    {
        if (!Triggers.ContainsAny(output))
        {
            return null;
        }

        return Rules.FirstCategory(TextNormalizer.NormalizeToScratch(output), discussionCue: null);
    }

    [GeneratedRegex(@"\b(?:i(?:'m|\s+am)\s+(?:\w+\s+)?sorry|sorry|(?:i|we)\s+(?:\w+\s+)?apologi[sz]e|my\s+(?:sincere\s+)?apologies|apologies|unfortunately|regrettably|i(?:'m|\s+am)\s+afraid)\b[^.!?\n]{0,70}?\bi\s*" + EnglishInability + @"\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule1();

    [GeneratedRegex(@"(?:^|[.!?\n]\s*|[,;:]\s*(?:but|however|so|and)\s+|\bbut\s+)(?:unfortunately,?\s+|however,?\s+|honestly,?\s+|sadly,?\s+|i'm\s+afraid\s+|i\s+am\s+afraid\s+)?i\s*" + EnglishInability + @"\b(?!\s+help\s+but\b)(?:\s+[\w']+){0,2}?\s*\b" + HelpVerb + @"\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule2();

    [GeneratedRegex(@"(?:^|[.!?\n]\s*)(?:but\s+|however,?\s+|unfortunately,?\s+)?(?:that(?:'s|\s+is)\s+(?:not\s+something\s+i\s+can|something\s+i\s+(?:can't|cannot|won't))|i(?:'m|\s+am)\s+not\s+able\s+to\s+(?:do|help|assist|provide)|i\s+won't\s+be\s+able\s+to\s+(?:help|assist|provide|do|fulfill|comply))\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule3();

    [GeneratedRegex(@"(?:^|[.!?\n]\s*|,\s*but\s+|\bbut\s+)(?:however,?\s+)?as\s+an?\s+(?:ai|artificial\s+intelligence|language\s+model|large\s+language\s+model|llm|ai\s+language\s+model|ai\s+assistant|ai\s+model|responsible\s+(?:ai|assistant)|chatbot|virtual\s+assistant|text-based\s+ai|assistant)\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule4();

    [GeneratedRegex(@"\b(?:(?:it(?:'s\s+not|\s+is\s+not|\s+would\s+not\s+be|\s+wouldn't\s+be|'s\s+not\s+going\s+to\s+be)\s+(?:appropriate|ethical|responsible|right|possible|safe)|it(?:'s|\s+is|\s+would\s+be)\s+(?:inappropriate|unethical|irresponsible))\s+(?:\w+\s+)?(?:for\s+me\s+)?to\s+(?:provide|help|assist|share|give|create|generate|write|answer|engage|continue|discuss)|(?:this|that|your|the)\s+(?:request\s+|question\s+|topic\s+)?(?:goes\s+against|violates|is\s+against)\s+(?:my|openai's|the|our)\s+(?:[\w-]+\s+){0,2}?(?:guidelines|policies|policy|programming|principles|rules|terms|values)|\bagainst\s+my\s+(?:programming|guidelines|principles|ethical\s+guidelines|values)|\bi\s+(?:must|have\s+to|need\s+to|will\s+have\s+to)\s+(?:respectfully\s+|politely\s+)?(?:decline|refuse))\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule5();

    [GeneratedRegex(@"(?:很抱歉|非常抱歉|十分抱歉|真的很抱歉|抱歉|对不起|不好意思|很遗憾|遗憾的是|非常遗憾)[^。！？!?\n]{0,30}?(?:我|本助手|本模型|我们)?(?:恐怕)?(?:不能|无法|没办法|没有办法|不可以|不便|不方便|不会|拒绝|难以|帮不了|做不到|恕难|不予|不被允许|不允许)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule6();

    [GeneratedRegex(@"(?:^|[。！？!?\n]\s*|[，,]\s*(?:但是?|不过|然而|所以)?\s*)(?:[^。！？!?\n，,]{0,6}?)我(?:恐怕|实在|真的|目前|暂时)?(?:不能|无法|没办法|没有办法|不可以|不会|不便|不方便|难以|帮不了|必须拒绝|只能拒绝)[^。！？!?\n]{0,6}?(?:提供|回答|满足|完成|执行|协助|帮助|帮你|帮您|帮忙|为你|为您|生成|参与|透露|分享|处理|编写|创作|继续|讨论|支持|答复|回应|告诉|给出|这样做|照做|遵守|响应|配合|做这|做那|写|给你|给您|向你|向您|替你|替您)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule7();

    [GeneratedRegex(@"(?:^|[。！？!?\n]\s*|[，,]\s*)我(?:必须|不得不|只能)?拒绝|(?:^|[。！？!?\n]\s*)(?:无法|不能|不便)(?:为你|为您|向你|向您|给你|给您)?(?:提供|协助|满足|回答|透露|执行|生成|完成)|恕难从命|无可奉告|恕我(?:不能|无法|直言不能)|恕不(?:能|提供)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule8();

    [GeneratedRegex(@"(?:^|[。！？!?\n]\s*|[，,]\s*(?:但是?|不过)?\s*)作为(?:一[个名款位])?(?:人工智能|ai|语言模型|ai语言模型|人工智能语言模型|ai助手|人工智能助手|大语言模型|大型语言模型|聊天机器人|智能助手|负责任的ai)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule9();

    [GeneratedRegex(@"(?:你的|您的|这个|该|此|这类|这种)(?:请求|要求|问题|内容)[^。！？!?\n]{0,8}?(?:违反|违背|不符合)|(?:违反|违背|不符合)(?:了)?我的(?:[^。！？!?\n]{0,4}?)(?:原则|准则|政策|规定|设定|使用政策|安全策略)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule10();
}
