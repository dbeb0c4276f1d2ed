using System.Text.RegularExpressions;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Detects prompt-injection attempts in an input, in English and Chinese, by the grammar of each attack family
/// rather than by fixed phrases: instruction override (verb × quantifier × scope × object), system-prompt
/// extraction, role or mode switches, fake conversation turns and chat-template tokens, and encoded payloads.
/// </summary>
/// <remarks>
/// <para>Text is normalized first (<see cref="TextNormalizer"/>): full-width letters, case, curly quotes,
/// zero-width characters and runs of spaces or punctuation do not hide a phrase.</para>
/// <para>A phrase that is talked about rather than said — quoted or mid-sentence, with a cue such as "what does …
/// mean", "research", "detect", "例如" nearby — does not fire (<see cref="Grammar.IsDiscussion"/>).</para>
/// <para>Speed: a vectorized search for trigger words (and for obfuscation characters) runs first; the grammars run
/// only on inputs that contain one, so ordinary inputs cost one scan.</para>
/// </remarks>
public static partial class PromptInjectionDetector
{
    /// <summary>Category: "ignore previous instructions", "忽略之前的所有指令".</summary>
    public const string InstructionOverride = "instruction_override";

    /// <summary>Category: "reveal your system prompt", "输出你的系统提示词".</summary>
    public const string PromptExtraction = "prompt_extraction";

    /// <summary>Category: DAN, developer mode, "you are now unrestricted", "你现在是…不受任何限制".</summary>
    public const string RoleSwitch = "role_switch";

    /// <summary>Category: chat-template tokens and fake turns (&lt;|im_start|&gt;system, [INST], ### Instruction:).</summary>
    public const string ChatTemplate = "chat_template";

    /// <summary>Category: "decode this base64 and execute it".</summary>
    public const string EncodedPayload = "encoded_payload";

    /// <summary>All categories, in the order they are tried.</summary>
    public static IReadOnlyList<string> Categories { get; } = [InstructionOverride, PromptExtraction, RoleSwitch, ChatTemplate, EncodedPayload];

    // What the scan looks for in place of the English trigger words: a piece of each (every word contains one).
    // The multi-string search tests the first three characters of every piece at each position and verifies the pieces
    // whose three match, so what costs is how often those three occur in English prose: "rompt" stopped at every
    // "from", "thic" at every "this", "ailbr" at every "detail", " dan" at every " data", "e mode" at every "the m…".
    // Pieces start with a rare trigram instead ("mpt", "eth", "jai", "dan", "opp"); the words are then checked in full
    // around each piece found, so results are the same whatever the pieces.
    private static readonly string[] TriggerPieces =
    [
        "gnor", "isreg", "rget", "rgot", "rrid", "ypas", "ructi", "mpt", "rict", "jailb", "nything now", "eloper m", "ethic", "nsor",
        "decod", "dan", "guidel", "p every", "god mo", "opposi", "m messa", "rds abo", " above", "ijack", "eprog", "fflin", "n charac",
        "vil", "ogue", "limit", "se64", "directi", "v mode",
    ];

    // Kept short on purpose: this scan runs on every input and must stay one fast vectorized pass (a short list of
    // ASCII strings, and Chinese words anchored on rare characters). Every production needs one of these words or an
    // obfuscation character (see IsObfuscated), so an input without any cannot match.
    private static readonly KeywordMatcher Triggers = new(
    [
        // Letters and inner spaces only: a symbol in the list ("<|") takes the search off its fast path (measured 3x slower).
        "ignor", "disregard", "forget", "overrid", "bypass", "instruction", "prompt", "restrict", "jailbr", "anything now",
        "developer mode", "ethic", "censor", "decode", "a dan", "as dan", "guideline", "stop everything", "god mode", "opposite mode",
        "forgot", "system message", "words above", "text above", "hijack", "reprogram", "offline", "in character", "evil", "rogue",
        "betterdan", "like dan", "no limit", "limitless", "unlimited", "dev mode", "base64", "directive", "directions",

        // Chinese words anchored on characters that are rare in ordinary text.
        "忽略", "无视", "忘记", "忘掉", "跳过", "抛开", "撇开", "丢弃", "遵守", "绕过", "作废", "扮演", "越狱", "提示词", "系统提示", "理会",
        "不受任何", "开发者模式", "指令", "系统设定", "你的系统", "你收到的", "不用管", "别管", "不要管", "没有任何", "没有限制", "摆脱", "解除",
        "解码", "解密", "失效", "道德",
    ],
        ignoreCase: true,
        searchPieces: TriggerPieces);

    // ---- English building blocks ----
    private const string Gap = @"[\s,:;\-]+";
    private const string StrongVerb = @"(?:ignore|ignoring|disregard|disregarding|forget|forgetting|overlook|override|overriding|overwrite|bypass|neglect|pay\s+no\s+(?:attention|heed|mind)\s+to|stop\s+(?:following|obeying|adhering\s+to)|(?:do\s+not|don't|no\s+longer)\s+(?:follow|obey|adhere\s+to|listen\s+to)|never\s?mind)";
    private const string WeakVerb = @"(?:skip|discard|abandon|drop|erase|delete|remove|clear|reset|scrap|dismiss|set\s+aside|put\s+aside|throw\s+(?:out|away)|cancel|void|revoke)";
    private const string Filler = @"(?:all|any|every|each|the|your|my|of|these|those|that|this|such|and|or|other|both|whole|entire|everything|previous|previously|prior|preceding|above|earlier|former|initial|original|old|given|provided|following|foregoing|past|existing|current|default|standard|system|developer|developer's|safety|security|ethical|content|openai|openai's|programmed|preset|built-in|hidden|secret|set|stated|listed|mentioned|said|just|what|you|you've|have|been|were|was|told|received|to|in|before|so|far|instead|now|then|rest|remaining|further|additional|many|it|its|you're|are|were|is|please|kindly|completely|entirely|totally|simply|also)";
    private const string Scope = @"(?:previous|previously|prior|preceding|above|earlier|former|initial|original|system|your|existing|default|safety|all|every|any|old|given|foregoing|developer)";
    private const string Directive = @"(?:instructions?|instruct|rules?|directions?|directives?|prompts?|pre-?prompts?|guidelines?|guidance|commands?|orders?|context|text|messages?|inputs?|constraints?|restrictions?|limitations?|programming|policy|policies|settings?|training|guardrails?|filters?|content|evidence|conversation|requests?|tasks?|information|info|advice|statements?|specifications?|configuration|everything|anything|safeguards?|protocols?)";

    private const string StrongDirective = @"(?:instructions?|rules?|directions?|directives?|prompts?|guidelines?|commands?|constraints?|restrictions?|programming|policies|guardrails?|filters?|safeguards?|evidence|content|context)";

    /// <summary>A cue that a phrase is discussed, studied, quoted as an example or written in code.</summary>
    /// <remarks>Source-generated like the rules: built with <c>new Regex</c>, it ran in the regex interpreter (native
    /// code compiles no pattern at run time), and on inputs that quote attack phrases while discussing them (an article
    /// on prompt injection, cut into prompts) it took 20-35% of one-thread analyze CPU.</remarks>
    internal static Regex DiscussionCue => DiscussionCuePattern();

    [GeneratedRegex(
        @"\b(?:" +
            @"articles?\b|assert\b|attacks?\s+(?:like|such|that|use|where)|" +
            @"benchmark|" +
            @"classif|" +
            @"datasets?\b|def\s|defen[cs]e|defend|detect|" +
            @"e\.g\.|examples?\s+(?:of|like|such)\b|explain|" +
            @"for\s+example\b|for\s+instance\b|" +
            @"how\s+(?:do|does|can|should)\s+(?:i|we|you|they|companies|models?)\s+(?:detect|prevent|block|stop|defend|filter|handle|catch|recogni[sz]e)|" +
            @"is\s+an?\s+(?:common|classic|well-known|known|typical|famous)\b|" +
            @"keywords?\b|known\s+as\b|" +
            @"meaning\b|means\s+in\b|mitigat|" +
            @"papers?\b|patterns?\b|phrases?\b|prevent|print\(|" +
            @"regex|research|return\b|" +
            @"strings?\b|stud(?:y|ies)\b|such\s+as\b|" +
            @"what\s+(?:does|do|did)\b[^.!?\n]{0,80}\bmean\b" +
            @")|==|=\s*[""']|什么意思|是什么|含义|意思是|研究|论文|例如|比如|举例|检测|识别|防御|防范|防止|攻击手法|攻击方式|这类|这种|所谓|短语|句子|关键词|样本",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex DiscussionCuePattern();

    /// <summary>The grammar, for tests of its literal index.</summary>
    internal static GrammarRuleSet RuleSet => Rules;

    private static readonly GrammarRuleSet Rules = new(
    [
        // ---- instruction override ----
        new(InstructionOverride, Rule1(), requires: "ignor|disregard|forget|overlook|overrid|overwrit|bypass|neglect|pay no|stop follow|stop obey|stop adher|not follow|n't follow|longer follow|not obey|n't obey|not adhere|n't adhere|not listen|n't listen|never mind|nevermind",
            startsWith: "ignor|disregard|forget|overlook|overrid|overwrit|bypass|neglect|pay|stop|do|no|never", anchored: Rule1Anchored()),
        new(InstructionOverride, Rule2(), requires: "ignor|disregard|forget|overlook|overrid|overwrit|bypass|neglect|pay no|stop follow|stop obey|stop adher|not follow|n't follow|longer follow|not obey|n't obey|not adhere|n't adhere|not listen|n't listen|never mind|nevermind",
            startsWith: "ignor|disregard|forget|overlook|overrid|overwrit|bypass|neglect|pay|stop|do|no|never", anchored: Rule2Anchored()),
        new(InstructionOverride, Rule3(), requires: "ignor|disregard|forget",
            startsWith: "ignore|disregard|forget", anchored: Rule3Anchored()),
        new(InstructionOverride, Rule4(), requires: "skip|discard|abandon|drop|erase|delete|remove|clear|reset|scrap|dismiss|aside|throw|cancel|void|revoke",
            startsWith: "skip|discard|abandon|drop|erase|delete|remove|clear|reset|scrap|dismiss|set|put|throw|cancel|void|revoke", anchored: Rule4Anchored()),
        new(InstructionOverride, Rule5(), requires: "ignor|disregard|forget|overlook|overrid|overwrit|bypass|neglect|pay no|stop follow|stop obey|stop adher|not follow|n't follow|longer follow|not obey|n't obey|not adhere|n't adhere|not listen|n't listen|never mind|nevermind",
            startsWith: "ignor|disregard|forget|overlook|overrid|overwrit|bypass|neglect|pay|stop|do|no|never", anchored: Rule5Anchored()),
        new(InstructionOverride, Rule6(), requires: "forget|ignore|disregard"),
        new(InstructionOverride, Rule7(), requires: "instruction|rule|direction|prompt|guideline|command|directive", requiresAlso: "false|void|null|invalid|wrong|cancel|obsolete|revoked|overridden|overwritten|replaced|date|longer",
            startsWith: "all|any|the|your|my|previous|prior|above|earlier|preceding|old|original|initial|system", anchored: Rule7Anchored()),
        new(InstructionOverride, Rule8(), requires: "new |reprogram|stop everything|hijack",
            requiresAlso: "instruction|rule|directive|task|objective|order|reprogram|stop everything|hijack"),

        // ---- system-prompt extraction ----
        new(PromptExtraction, Rule9(), requires: "prompt|instruction|rules|directive|programming|configuration|system message", requiresAlso: "reveal|print|show|display|output|repeat|recite|tell|give|share|leak|disclose|list|write|spell|dump|copy|paste|return|provide|expose|send|echo|state|type|translate",
            startsWith: "reveal|print|show|display|output|repeat|recite|tell|give|share|leak|disclose|list|write|spell|dump|copy|paste|return|provide|expose|send|echo|state|type|translate", anchored: Rule9Anchored()),
        new(PromptExtraction, Rule10(), requires: "instruction"),
        new(PromptExtraction, Rule11(), requires: "what "),
        new(PromptExtraction, Rule12(), requires: "repeat"),

        // ---- role and mode switches ----
        new(RoleSwitch, Rule13(), requires: "anything now| mode|character", requiresAlso: "anything now|jailbr|unrestricted|unfiltered|uncensored|opposite|evil|dan|antigpt|anti-gpt|chaos|unlocked|limit|god|illegal|unethical|harmful|explicit|restriction|filter|polic|rules"),
        new(RoleSwitch, Rule14(), requires: "mode", requiresAlso: "dev|sudo"),
        new(RoleSwitch, Rule15(), requires: "as |like ",
            requiresAlso: "dan|dude|stan|gpt|evil|jailbroken|unrestricted|unfiltered|uncensored|rogue"),
        new(RoleSwitch, Rule16(), requires: "now|about to|freed|liberated|released|unleashed"),
        new(RoleSwitch, Rule17(), requires: "restricted|bound|limited|constrained|governed|held|tied|obligated",
            startsWith: "no|never|is|are|do", anchored: Rule17Anchored()),
        new(RoleSwitch, Rule18(), requires: "ethic|moral|censorship|confines|guardrail|polic|safety|filter|restriction|limitation|boundar",
            startsWith: "free|broken|break|released|escaped|bypass|with|has|have", anchored: Rule18Anchored()),
        new(RoleSwitch, Rule19(), requires: "bound|obey|follow|abide|adhere|comply|whatsoever|at all|limitless|restriction|boundary|unrestricted|unmonitored|unfiltered|uncensored",
            startsWith: "you|ai|chatgpt|gpt|assistant|model|bot|he|she|it|who", anchored: Rule19Anchored()),
        new(RoleSwitch, Rule20(), requires: "offline|unrestricted|secret agenda"),

        // ---- fake turns and chat-template tokens ----
        // Tokens anywhere, then turns at the start of a line: apart, each pattern has a narrow set of first characters ('<'
        // and '[', or a line start) instead of nearly every letter, and the tokens are looked for only where '<', "inst]"
        // or "sys" is.
        new(ChatTemplate, Rule21(), mayBeDiscussed: true, requires: "<|inst]|sys"),
        // Turns need a ':' and one of their speakers ("##" headings, "sys…", "assistant", "ai", "…gpt"): with ':' alone the
        // pattern ran on the windows of 2,517 of 100,000 generated inputs, more than any other rule.
        new(ChatTemplate, Rule21Turn(), mayBeDiscussed: true, requires: ":", requiresAlso: "##|sys|assistant|ai|gpt"),

        // ---- encoded payloads ----
        new(EncodedPayload, Rule22(), requires: "decode|decrypt|deobfuscate|unscramble|base64|following"),

        // ---- Chinese ----
        new(InstructionOverride, Rule23(), requires: "忽|无视|忘|理会|管|跳过|抛|撇|丢弃|放弃|遵守|绕过|推翻|覆盖|清除|清空",
            requiresAlso: "之前|以前|先前|此前|以上|上述|上面|前面|前述|原来|原有|原先|原始|初始|所有|全部|一切|任何|你的|你收到的|系统|默认|既定|早先|开发者"),
        new(InstructionOverride, Rule24(), requires: "忘|忽略|无视|作废|失效|有效|不算|清空|删除|不用管|理会|适用|取消"),
        // The pattern's own words where they are few ("新" and "把" alone are in most windows of Chinese text), and the
        // group of verbs or objects a match cannot do without: each list is one the pattern needs.
        new(InstructionOverride, Rule25(), requires: "新指令|新的指令|新指示|新的指示|新任务|新的任务|新规则|新的规则"),
        new(PromptExtraction, Rule26(), requires: "系统|system|初始|原始|隐藏|内部|预设|前置|最初|最开始",
            requiresAlso: "输出|告诉我|显示|打印|泄露|泄漏|透露|重复|展示|说出|给我看|复述|列出|发给我|贴出|公开|念出|背诵|写出|提供"),
        new(PromptExtraction, Rule27(), requires: "把", requiresAlso: "系统提示|系统指令|系统消息|系统设定|初始指令|初始提示|原始指令|隐藏指令|提示词|预设指令"),
        new(PromptExtraction, Rule28(), requires: "你的|你所|你收到|你被|你之前"),
        new(RoleSwitch, Rule29(), requires: "你|扮演|假装|假设"),
        new(RoleSwitch, Rule30(), requires: "模式|dan"),

        // Developer or admin mode is also a phone or browser setting: only when no device or how-to question is in the sentence.
        new(RoleSwitch, Rule31(), requires: "模式"),
        new(RoleSwitch, Rule32(), requires: "不受|没有任何|解除|摆脱|突破|绕过|去掉|取消|无视"),
        new(EncodedPayload, Rule33(), requires: "解码|解密"),
    ]);

    /// <summary>Whether the text holds the start of a chat-template token: plain substring searches, each vectorized.</summary>
    private static bool HasTemplateToken(ReadOnlySpan<char> text) =>
        text.ContainsAny('<', '[') && (text.Contains("<|", StringComparison.Ordinal) || text.Contains("[inst", StringComparison.OrdinalIgnoreCase) || text.Contains("<<sys", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the text holds characters used to hide words from scanners (full-width Latin letters, zero-width and
    /// soft-hyphen characters): range and small-set searches, each one vectorized pass.
    /// </summary>
    /// <remarks>Every character this and <see cref="HasTemplateToken"/> look for must be one <see cref="InputScreen"/>
    /// screens for: an input it passes skips both (a test checks the lists).</remarks>
    private static bool IsObfuscated(ReadOnlySpan<char> text) =>
        text.ContainsAnyInRange('\uFF21', '\uFF5A') || text.ContainsAnyInRange('\u200B', '\u200D') || text.ContainsAny('\u00AD', '\u2060', '\uFEFF');

    /// <summary>The category of the first attack found in <paramref name="input"/>, or null when none is.</summary>
    public static string? Detect(ReadOnlySpan<char> input) => Detect(input, mayHideOrTemplate: true);

    /// <summary>
    /// As <see cref="Detect(ReadOnlySpan{char})"/>; <paramref name="mayHideOrTemplate"/> false says the input holds
    /// none of the characters <see cref="InputScreen"/> screens for, so it has no template token and nothing hidden.
    /// </summary>
    internal static string? Detect(ReadOnlySpan<char> input, bool mayHideOrTemplate)
    {
        if (mayHideOrTemplate && (HasTemplateToken(input) || IsObfuscated(input)))
        {
            return Rules.FirstCategory(TextNormalizer.NormalizeToScratch(input), DiscussionCue);
        }

        // Only the neighbourhood of each trigger word is normalized and parsed: every production spans well under
        // WindowChars on either side of its trigger, and long inputs (documents, code) then cost little.
        int position = 0;
        while (position < input.Length)
        {
            int hit = Triggers.IndexOfAny(input[position..]);
            if (hit < 0)
            {
                return null;
            }

            hit += position;
            int start = Math.Max(0, hit - WindowChars);
            int end = Math.Min(input.Length, hit + WindowChars);
            string? category = Rules.FirstCategory(TextNormalizer.NormalizeToScratch(input[start..end]), DiscussionCue);
            if (category is not null)
            {
                return category;
            }

            position = end;
        }

        return null;
    }

    /// <summary>Characters on either side of a trigger word that the grammars see.</summary>
    private const int WindowChars = 500;

    private const string Rule1Pattern = @"(?<!(?:\bnot|\bnever|n't|\bwon't|\bshould)\s+)\b" + StrongVerb + @"\b(?:" + Gap + Filler + @"\b){0,8}" + Gap + Directive + @"\b";

    [GeneratedRegex(Rule1Pattern, Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule1();

    [GeneratedRegex(@"\G(?:" + Rule1Pattern + ")", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule1Anchored();

    private const string Rule2Pattern = @"(?<!(?:\bnot|\bnever|n't|\bwon't|\bshould)\s+)\b" + StrongVerb + @"\b(?:" + Gap + Filler + @"\b){0,5}" + Gap + @"[a-z]+(?:" + Gap + Filler + @"\b){0,3}" + Gap + StrongDirective + @"\b";

    [GeneratedRegex(Rule2Pattern, Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule2();

    [GeneratedRegex(@"\G(?:" + Rule2Pattern + ")", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule2Anchored();

    private const string Rule3Pattern = @"(?<!(?:\bnot|\bnever|n't)\s+)\b(?:ignore|disregard|forget)\b[^.!?\n]{0,60}?(?:\band|,)\s+(?:instead\s+|just\s+|only\s+|then\s+)?(?:say|print|output|write|respond\s+with|reply\s+with|type|repeat|answer\s+with)\s*[""':]";

    [GeneratedRegex(Rule3Pattern, Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule3();

    [GeneratedRegex(@"\G(?:" + Rule3Pattern + ")", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule3Anchored();

    private const string Rule4Pattern = @"(?<!(?:\bnot|\bnever|n't)\s+)\b" + WeakVerb + @"\b(?:" + Gap + Filler + @"\b){0,4}?" + Gap + Scope + @"\b(?:" + Gap + Filler + @"\b){0,3}" + Gap + Directive + @"\b";

    [GeneratedRegex(Rule4Pattern, Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule4();

    [GeneratedRegex(@"\G(?:" + Rule4Pattern + ")", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule4Anchored();

    private const string Rule5Pattern = @"(?<!(?:\bnot|\bnever|n't)\s+)\b" + StrongVerb + @"(?:" + Gap + @"(?:all|any|of|the|everything|what(?:'s|\s+is|\s+was)?|that(?:'s|\s+is|\s+was)?|said|written|stated|you\s+(?:were|have\s+been|'ve\s+been)\s+(?:told|given)|i\s+(?:said|told\s+you|wrote))){0,3}" + Gap + @"(?:above|before|previous(?:ly)?|prior|earlier|preceding|foregoing|so\s+far|until\s+now)\b(?=\s*(?:$|[.,;:!?\n]|and\b|then\b|instead\b|&|\())";

    [GeneratedRegex(Rule5Pattern, Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule5();

    [GeneratedRegex(@"\G(?:" + Rule5Pattern + ")", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule5Anchored();

    [GeneratedRegex(@"\b(?:forget|ignore|disregard)\s+(?:about\s+)?(?:everything|all(?:\s+of)?\s+(?:that|this|it))\b(?:\s+[\w']+){0,4}?\s+(?:before|above|earlier|previously|so\s+far|until\s+now|i\s+(?:said|told|wrote|asked)|you(?:'ve|\s+have)?\s+(?:been\s+told|learned|were\s+told|know)|we\s+(?:discussed|talked))", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule6();

    private const string Rule7Pattern = @"\b(?:(?:all|any|the|your|my)\s?)?(?:previous|prior|above|earlier|preceding|old|original|initial|system)\s+(?:instructions?|rules?|directions?|prompts?|guidelines?|commands?|directives?)\s+(?:are|were|is|have\s+been|has\s+been)\s+(?:now\s+|hereby\s+)?(?:false|void|null|invalid|wrong|cancel(?:l?ed)?|obsolete|revoked|overridden|overwritten|replaced|outdated|out\s+of\s+date|no\s+longer\s+(?:valid|apply|in\s+effect|relevant|active))";

    [GeneratedRegex(Rule7Pattern, Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule7();

    [GeneratedRegex(@"\G(?:" + Rule7Pattern + ")", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule7Anchored();

    [GeneratedRegex(@"\bnew\s+(?:instructions?|rules?|directives?|task|objective|orders?)\s*(?::|to\s+(?:the\s+)?(?:chat\s+)?(?:assistant|ai|bot|model|you)\b|for\s+(?:the\s+)?(?:assistant|ai|bot|model|you)\b|(?:are|is)\s*:)|\b(?:begin|start|initiate)\s+reprogramming\b|\breprogram(?:med|ming)?\s+(?:you|the\s+(?:assistant|ai|model|bot))\b|\bstop\s+everything\b|\b(?:prompt|instructions?|conversation|model)\s+has\s+been\s+(?:\w+\s+){0,2}hijacked", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule8();

    private const string Rule9Pattern = @"\b(?:reveal|print|show|display|output|repeat|recite|tell|give|share|leak|disclose|list|write|spell|dump|copy|paste|return|provide|expose|send|echo|state|type|translate)\b(?:" + Gap + @"(?:me|us|out|back|all|of|the|every|entire|full|complete|exact|whole|original|verbatim|current|real|actual|word|for|raw|underlying|what|exactly)\b){0,5}" + Gap + @"(?:system\s+(?:prompt|message)|(?:initial|original|hidden|secret|internal|pre|starting|first|above|previous|prior|developer)[\s-]+(?:prompt|instructions?|rules|directives|message)|pre-?prompt|prompt\s+(?:above|before)|(?:your|its)\s+(?:[\w']+\s+){0,2}?(?:prompt|instructions?|directives|programming|configuration|system\s+message))\b|\b(?:print|repeat|output|reveal|show|recite|echo|copy|dump|display|leak|disclose)\b[^.!?\n]{0,80}\b(?:your\s+(?:initial|original|hidden|secret|first|starting|exact|full|complete|internal)\s+(?:prompt|instructions?|directives|system\s+message)|the\s+(?:hidden|secret|internal)\s+(?:prompt|instructions?|directives))\b";

    [GeneratedRegex(Rule9Pattern, Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule9();

    [GeneratedRegex(@"\G(?:" + Rule9Pattern + ")", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule9Anchored();

    [GeneratedRegex(@"\b(?:every|all|the|any)\s+(?:of\s+the\s+|of\s+your\s+)?(?:(?:exact|original|initial|first|specific|secret|hidden|actual|full|very|precise)\s+)?instructions?\s+(?:that\s+)?you(?:'ve|\s+have|\s+were|\s+had)?\s+(?:been\s+)?(?:given|told|received|provided)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule10();

    [GeneratedRegex(@"\bwhat\s+(?:is|are|was|were)\s+(?:your\s+(?:[\w']+\s+){0,2}?(?:system\s+prompt|instructions?|initial\s+prompt|prompt|directives)|the\s+system\s+prompt)\b|\bwhat\s+your\s+(?:[\w']+\s+){0,2}?(?:instructions?|prompt|directives)\s+(?:are|is|were|was|say)\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule11();

    [GeneratedRegex(@"\brepeat\s+(?:back\s+)?(?:the\s+|all\s+(?:of\s+)?the\s+)?(?:words|text|everything|sentences?|lines?|content)\s+(?:[\w']+\s+){0,2}?(?:above|before)\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule12();

    [GeneratedRegex(@"\bdo\s+anything\s+now\b|\b(?:jailbreak|jailbroken|unrestricted|unfiltered|uncensored|opposite|evil|dan|antigpt|anti-gpt|chaos|unlocked|no[- ]?limits?|god)\s+mode\b|\b(?:stay|remain|keep)\s+in\s+character\b[\s\S]{0,400}\b(?:illegal|unethical|harmful|explicit|restrictions?|filters?|polic(?:y|ies)|rules)\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule13();

    [GeneratedRegex(@"\b(?:you|chatgpt|assistant|ai|model|bot)\b[^.!?\n]{0,40}\b(?:developer|dev|sudo)\s+mode\b|\b(?:developer|dev|sudo)\s+mode\s+(?:is\s+(?:now\s+)?)?(?:enabled|activated|output|response)\b|\b(?:developer|dev|sudo)\s+mode\s+is\s+(?:now\s+)?on\b|\b(?:simulate|pretend|act\s+as|emulate)\b[^.!?\n]{0,40}\b(?:developer|dev|sudo)\s+mode\b|\b(?:enable|activate|enter|unlock|turn\s+on|switch\s+(?:on|to|into))\s+(?:the\s+)?(?:developer|dev|sudo)\s+mode\b[^.!?\n]{0,60}\b(?:stop|without|no|ignore|bypass|disable|drop|remove)\s+(?:\w+\s+){0,2}?(?:filter\w*|restrictions?|censor\w*|guidelines|polic(?:y|ies)|rules|limits?|safety)\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule14();

    [GeneratedRegex(@"\b(?:act|acting|behave|respond|answer|reply|pretend|play|roleplay|role-play|speak|talk|write)\b(?:\s+[\w']+){0,3}?\s+(?:as|like)\s+(?:a\s+|an\s+|the\s+|my\s+)?(?:(?:better)?dan|dude|stan|antigpt|anti-gpt|(?!chatgpt\b)[a-z]+gpt|evil\s+\w+|jailbroken\s+\w+|unrestricted\s+\w+|unfiltered\s+\w+|uncensored\s+\w+|rogue\s+\w+)\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule15();

    [GeneratedRegex(@"\b(?:you(?:'re|\s+are|\s+will\s+be|'ll\s+be)\s+now|from\s+now\s+on,?\s+you(?:'re|\s+are|\s+will(?:\s+be)?|'ll(?:\s+be)?)?|you\s+(?:will\s+)?now\s+(?:act|be|pretend|respond|behave|become)|you\s+are\s+about\s+to\s+(?:become|immerse\s+yourself)|you\s+(?:have\s+been|are)\s+(?:freed|liberated|released|unleashed))\b[^.!?\n]{0,80}?\b(?:unrestricted|unfiltered|uncensored|jailbroken|jailbreak|freed|liberated|unbound|unlimited|limitless|evil|rogue|dan|anything|no\s+(?:longer\s+(?:bound|restricted|limited|an?\s+ai|chatgpt)|limits?|limitations?|restrictions?|rules|filters?|ethics|morals|boundaries)|without\s+(?:any\s+)?(?:limits?|limitations?|restrictions?|rules|filters?|ethics|morals|censorship|boundaries)|not\s+bound|free\s+(?:from|of)|permanently)\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule16();

    private const string Rule17Pattern = @"\b(?:not|never|isn't|aren't|is\s+not|are\s+not|no\s+longer|doesn't\s+have\s+to\s+be|don't\s+have\s+to\s+be)\s+(?:\w+\s+){0,2}?(?:restricted|bound|limited|constrained|governed|held|tied|obligated)\s+(?:by|to)\s+(?:[\w',]+\s+){0,5}?(?:rules?|restrictions?|limitations?|limits|guidelines|policies|policy|ethics|ethical|morals|filters?|boundaries|confines|programming|openai|content)\b";

    [GeneratedRegex(Rule17Pattern, Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule17();

    [GeneratedRegex(@"\G(?:" + Rule17Pattern + ")", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule17Anchored();

    private const string Rule18Pattern = @"\b(?:free\s+(?:from|of)|broken\s+free\s+of|break(?:s|ing)?\s+free\s+(?:from|of)|released\s+from|escaped(?:\s+from)?|bypass(?:es|ing)?|with\s+no|has\s+no|have\s+no|without\s+(?:any\s+)?)\s+(?:[\w',]+\s+){0,3}?(?:all\s+)?(?:ethics|ethical\s+(?:guidelines|constraints|restrictions)|moral(?:s|ity)|censorship|confines|guardrails|content\s+polic(?:y|ies)|safety\s+(?:guidelines|filters|measures|restrictions)|filters?\s+or\s+restrictions|restrictions\s+or\s+(?:filters|limitations|limits|boundaries)|limitations\s+(?:or|and)\s+restrictions|boundaries\s+or\s+restrictions)\b";

    [GeneratedRegex(Rule18Pattern, Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule18();

    [GeneratedRegex(@"\G(?:" + Rule18Pattern + ")", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule18Anchored();

    private const string Rule19Pattern = @"\b(?:you|you're|your|yourself|ai|chatgpt|gpt|assistant|model|bot|he|she|it|who)\b[^.!?\n]{0,60}?\b(?:(?:not|isn't|aren't|never)\s+bound\s+(?:to|by)\s+(?:any\s+)?|bound\s+to\s+no\s+|(?:doesn't|don't|does\s+not|do\s+not|not|never)\s+(?:have|need|required)\s+to\s+(?:obey|follow|abide\s+by|adhere\s+to|comply\s+with)\s+(?:any\s+)?(?:\w+\s+)?|no\s+(?:limitations?|restrictions?|boundaries|limits|filters?|rules)\s+(?:whatsoever|at\s+all)|(?:limitless|restrictionless|restriction-less|boundary-less|unrestricted|unmonitored|unfiltered|uncensored)\b)";

    [GeneratedRegex(Rule19Pattern, Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule19();

    [GeneratedRegex(@"\G(?:" + Rule19Pattern + ")", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule19Anchored();

    [GeneratedRegex(@"\bassistant\s+is\s+in\s+error\s+and\s+offline\b|\bunrestricted\s+(?:ai|bot|language\s+model|model|assistant|chatbot|version)\b|\bsecret\s+agenda\b[\s\S]{0,300}\b(?:never\s+reveal|is\s+now\s+online|not\s+restricted)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule20();

    [GeneratedRegex(@"<\|\s*(?:im_start|im_end|im_sep|system|user|assistant|endoftext|begin_of_text|end_of_text|start_header_id|end_header_id|eot_id|eom_id|fim_\w+|pad)\s*\|>|\[/?inst\]|<</?sys>>|<\s*/?\s*(?:system|sys)\s*>|\[(?:system|sys)(?:\s+(?:message|prompt|note|override))?\]", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule21();

    [GeneratedRegex(@"^\s*#{2,}\s*(?:instructions?|system(?:\s+prompt)?|response|human|assistant)\s*:|^\s*(?:system|sys)\s*(?:message|prompt)?\s*:\s*\S|^\s*(?:assistant|ai|gpt|chatgpt)\s*:\s*(?:sure|certainly|of\s+course|ok|okay|absolutely|yes|here\s+(?:is|are))\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule21Turn();

    [GeneratedRegex(@"\b(?:decode|decrypt|deobfuscate|unscramble|base64[\s-]?decode)\b[^\n]{0,120}?\b(?:execute|run|follow|obey|perform|carry\s+out|act\s+on|comply\s+with|do\s+(?:what|as)\s+it\s+says|respond\s+to\s+it|answer\s+it)\b|\bfollowing\s+(?:base64|base-64|rot-?13|hex|encoded|encrypted|obfuscated)\s+(?:string|text|message|instructions?|payload|command)\b[^\n]{0,80}?\b(?:execute|follow|obey|perform|do\s+(?:what|as)\s+it\s+says|carry\s+out)\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule22();

    [GeneratedRegex(@"(?:忽略|忽视|无视|忘记|忘掉|忘了|不要理会|别理会|不用理会|不必理会|不要管|别管|不用管|跳过|抛开|撇开|丢弃|抛弃|放弃|停止遵守|不再遵守|不要遵守|别遵守|不必遵守|不用遵守|无需遵守|绕过|推翻|覆盖|清除|清空)[^。！？!?\n]{0,12}?(?:之前|以前|先前|此前|以上|上述|上面|前面|前述|原来|原有|原先|原始|初始|所有|全部|一切|任何|你的|你收到的|系统|默认|既定|早先|开发者)[^。！？!?\n]{0,8}?(?:指令|指示|规则|要求|设定|设置|提示|命令|约束|限制|规定|说明|准则|政策|对话|内容|身份|角色|安排|程序|信息)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule23();

    [GeneratedRegex(@"(?:之前|以前|先前|此前|以上|上述|上面|前面|原来|原有|原先|原始|初始|所有|全部|一切|系统)[^。！？!?\n]{0,6}?(?:指令|指示|规则|要求|设定|提示|命令|约束|规定)[^。！？!?\n]{0,8}?(?:都|全部|统统|一律|已经|已)?(?:忘掉|忘记|忽略|无视|作废|失效|不再有效|无效|不算数?|清空|删除|不用管|不用理会|不必理会|不再适用|取消)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule24();

    [GeneratedRegex(@"新的?(?:指令|指示|任务|规则)[是为]?\s*[:：]", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule25();

    [GeneratedRegex(@"(?:输出|告诉我|显示|打印|泄露|泄漏|透露|重复|展示|说出|给我看|复述|列出|发给我|贴出|公开|念出|背诵|写出|提供)[^。！？!?\n]{0,8}?(?:系统提示|系统指令|系统消息|系统设定|系统prompt|system\s*prompt|初始指令|初始提示|原始指令|原始提示|隐藏指令|内部指令|预设指令|前置指令|最初的指令|最开始的指令)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule26();

    [GeneratedRegex(@"把(?:你的?|你收到的|你被设定的)?[^。！？!?\n]{0,6}?(?:系统提示词?|系统指令|系统消息|系统设定|初始指令|初始提示词?|原始指令|隐藏指令|提示词|预设指令)[^。！？!?\n]{0,10}?(?:告诉我|输出|显示|发给我|打印|透露|说出|复述|列出|写出|泄露|贴出|给我|念出|重复)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule27();

    [GeneratedRegex(@"(?:输出|告诉我|显示|打印|泄露|泄漏|透露|重复|展示|说出|给我看|复述|列出|发给我|贴出|公开|念出|背诵|写出)[^。！？!?\n]{0,4}?你(?:的|所|收到的|被设定的|被赋予的|之前收到的)[^。！？!?\n]{0,6}?(?:提示词|指令|设定|规则|指示|prompt)|你的(?:系统提示词?|初始指令|提示词|系统指令|设定)是什么", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule28();

    [GeneratedRegex(@"(?:你现在是|你现在就是|从现在(?:开始|起)[,，]?你|你将扮演|你要扮演|请扮演|扮演一[个名]|假装你是|假设你是|你不再是|你已经不再是)[^。！？!?\n]{0,30}?(?:没有|不受|无视|摆脱|突破|解除|不需要遵守|不用遵守|无需遵守|不必遵守|无任何|没有任何|不用考虑|不受到)[^。！？!?\n]{0,6}?(?:限制|约束|审查|过滤|道德|规则|束缚|底线|伦理|政策|规定|准则)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule29();

    [GeneratedRegex(@"(?:进入|开启|启用|切换到|切换至|激活|处于|进入了|开启了|现在是)[^。！？!?\n]{0,4}?(?:越狱|上帝|dan|无限制|无审查|邪恶)模式|(?:越狱|dan|无限制|无审查)模式(?:已经?)?(?:开启|启用|激活|已开启)|你现在是\s*dan\b", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule30();

    [GeneratedRegex(@"(?<!(?:如何|怎么|怎样|在哪|哪里|手机|安卓|电脑|浏览器|设置里|iphone|android|windows|chrome|mac|小米|华为|苹果)[^。！？!?\n]{0,20})(?:(?:进入|开启|启用|切换到|切换至|激活|处于|进入了|开启了|现在是)[^。！？!?\n]{0,4}?(?:开发者|管理员|调试|超级用户)模式|(?:开发者|管理员)模式(?:已经?)?(?:开启|启用|激活))(?![^。！？!?\n]*(?:手机|安卓|电脑|浏览器|怎么|如何|吗|\?|？))", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule31();

    [GeneratedRegex(@"(?:你|ai|助手|模型|机器人)[^。！？!?\n]{0,12}?(?:不受任何|没有任何|不受)(?:限制|约束|规则|审查|道德约束|束缚)|(?:解除|摆脱|突破|绕过|去掉|取消|无视)(?:你的|你所有的|所有的?|一切|全部|任何)[^。！？!?\n]{0,4}?(?:限制|约束|审查|过滤|道德|内容政策|安全策略|安全规则|安全限制)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule32();

    [GeneratedRegex(@"(?:base64|rot13|十六进制|编码|密文)[^。！？!?\n]{0,20}?(?:解码|解密|翻译|转换)[^。！？!?\n]{0,12}?(?:执行|运行|照做|遵循|按照|遵守|服从)|(?:解码|解密)[^。！？!?\n]{0,20}?(?:并|然后|后|再)[^。！？!?\n]{0,6}?(?:执行|运行|照做|遵循|按照.{0,4}做|遵守|服从)", Grammar.Options, Grammar.TimeoutMilliseconds)]
    private static partial Regex Rule33();
}
