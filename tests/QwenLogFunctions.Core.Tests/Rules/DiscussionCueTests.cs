using System.Text.RegularExpressions;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Tests.Rules;

/// <summary>
/// The discussion cue is written with one word boundary in front of its English alternatives, sorted by first letter,
/// so that the regex generator dispatches on the first character instead of trying some thirty alternatives, each
/// behind its own boundary, at every candidate position. Whether a window holds a cue must not change: checked here
/// against the pattern as it was written before, on windows of every text of the labelled corpus and on texts built
/// from the cue's words, near misses and glued letters.
/// </summary>
public class DiscussionCueTests
{
    // The pattern before the rewrite, kept as the definition the generated one is compared with.
    private const string OriginalPattern =
        @"\bwhat\s+(?:does|do|did)\b[^.!?\n]{0,80}\bmean\b|\bmeaning\b|\bmeans\s+in\b|\bexamples?\s+(?:of|like|such)\b|\bfor\s+example\b|\bresearch|\bpapers?\b|\barticles?\b|\bstud(?:y|ies)\b|\bdetect|\bdefen[cs]e|\bdefend|\bprevent|\bmitigat|\bclassif|\bphrases?\b|\bexplain|\bhow\s+(?:do|does|can|should)\s+(?:i|we|you|they|companies|models?)\s+(?:detect|prevent|block|stop|defend|filter|handle|catch|recogni[sz]e)|\bsuch\s+as\b|\be\.g\.|\bfor\s+instance\b|\bstrings?\b|\bregex|\bpatterns?\b|\bdatasets?\b|\bbenchmark|\battacks?\s+(?:like|such|that|use|where)|\bis\s+an?\s+(?:common|classic|well-known|known|typical|famous)\b|\bknown\s+as\b|\bkeywords?\b|\bdef\s|\breturn\b|\bassert\b|\bprint\(|==|=\s*[""']|什么意思|是什么|含义|意思是|研究|论文|例如|比如|举例|检测|识别|防御|防范|防止|攻击手法|攻击方式|这类|这种|所谓|短语|句子|关键词|样本";

    private static readonly Regex Original = new(OriginalPattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    [Fact]
    public void Finds_a_cue_in_the_same_windows_of_the_corpus_as_the_original_pattern()
    {
        int checkedWindows = 0, withCue = 0;
        foreach (string text in EvaluationCorpus.Texts)
        {
            string normalized = TextNormalizer.Normalize(text);
            for (int start = 0; start < normalized.Length; start += 11)
            {
                foreach (int width in (int[])[9, 30, 120])
                {
                    var window = normalized.AsSpan(start, Math.Min(width, normalized.Length - start));
                    bool expected = Original.IsMatch(window);
                    Assert.True(expected == PromptInjectionDetector.DiscussionCue.IsMatch(window), $"\"{window}\"");
                    checkedWindows++;
                    withCue += expected ? 1 : 0;
                }
            }
        }

        // Not vacuous: windows with and without a cue.
        Assert.InRange(withCue, 500, checkedWindows - 500);
    }

    [Fact]
    public void Finds_a_cue_in_the_same_built_texts_as_the_original_pattern()
    {
        string[] parts =
        [
            "what does", "what did", "what do", " it ", "mean", "meaning", "means in", "means", "example of", "examples like", "example",
            "for example", "for instance", "research", "paper", "papers", "article", "study", "studies", "stud", "detect", "defense",
            "defence", "defend", "def ", "def", "prevent", "mitigate", "classify", "phrase", "phrases", "explain", "how do we detect",
            "how can companies filter", "how should models recognise", "such as", "e.g.", "eg", "string", "strings", "regex",
            "pattern", "dataset", "benchmark", "attack like", "attacks where", "is a common", "is an typical", "is a known",
            "known as", "keyword", "keywords", "return", "assert", "print(", "print", "==", "= \"", "='", "=", "x", "z", "_", "9",
            " ", "\n", ".", "?", "什么意思", "是什么", "研究", "例如", "检测", "攻击方式", "这", "中",
        ];
        var random = new Random(5);
        int withCue = 0;
        for (int round = 0; round < 30_000; round++)
        {
            string text = string.Concat(Enumerable.Range(0, random.Next(1, 7)).Select(_ => parts[random.Next(parts.Length)]));
            bool expected = Original.IsMatch(text);
            Assert.True(expected == PromptInjectionDetector.DiscussionCue.IsMatch(text), $"\"{text}\"");
            withCue += expected ? 1 : 0;
        }

        Assert.InRange(withCue, 3_000, 27_000);
    }
}
