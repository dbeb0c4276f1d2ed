using System.Buffers;
using System.Text.RegularExpressions;

namespace QwenLogFunctions.Core.Rules;

/// <summary>One production of a detector's grammar: a pattern over normalized text and the category it proves.</summary>
/// <remarks>Patterns are source-generated ([GeneratedRegex]): no compilation at start-up, compiled-code speed.</remarks>
internal sealed class GrammarRule
{
    public GrammarRule(string category, Regex regex, bool mayBeDiscussed = true, string requires = "", string requiresAlso = "", string startsWith = "", Regex? anchored = null)
    {
        if ((startsWith.Length == 0) != (anchored is null))
        {
            throw new ArgumentException("A rule's start literals and its anchored pattern are given together.", nameof(anchored));
        }

        Category = category;
        Regex = regex;
        MayBeDiscussed = mayBeDiscussed;
        Requires = requires.Length == 0 ? [] : requires.Split('|');
        RequiresAlso = requiresAlso.Length == 0 ? [] : requiresAlso.Split('|');
        StartsWith = startsWith.Length == 0 ? [] : startsWith.Split('|');
        Starts = StartsWith.Length == 0 ? null : SearchValues.Create(StartsWith, StringComparison.Ordinal);
        Anchored = anchored;
    }

    public string Category { get; }

    /// <summary>Literals ("a|b|c") of which the normalized text must hold one for the pattern to be tried at all.</summary>
    public string[] Requires { get; }

    /// <summary>
    /// A second list of which the text must hold one too: a pattern that starts on common words ("the", "you") or
    /// whose first list is in nearly every window ("prompt", "mode" in "model") is tried where both are present.
    /// </summary>
    public string[] RequiresAlso { get; }

    /// <summary>
    /// Literals of which every match starts with one ("ignor|disregard|…" for a pattern that opens with its verb), or
    /// none. With them the pattern is tried only where one of them is, by <see cref="Anchored"/>.
    /// </summary>
    /// <remarks>
    /// Why: a pattern that opens with a look-behind ("not ignore" is no attack) or an optional word gives the regex
    /// generator no first characters to search for, and its scan then tries the whole pattern at nearly every
    /// position of the window. On prompts dense in trigger words (prose about prompt injection, legal text full of
    /// "rules" and "provide") those scans were up to a quarter of one-thread analyze CPU (Rule 9 alone 17%).
    /// </remarks>
    public string[] StartsWith { get; }

    /// <summary><see cref="StartsWith"/> as one vectorized multi-string search.</summary>
    public SearchValues<string>? Starts { get; }

    /// <summary>
    /// The same pattern behind <c>\G</c>: it matches only where it is started (look-behinds still see the text before),
    /// and from there exactly as the pattern itself would.
    /// </summary>
    public Regex? Anchored { get; }

    /// <summary>Whether a match quoted or mid-sentence in a discussion ("what does '…' mean?") is not an attack.</summary>
    public bool MayBeDiscussed { get; }

    public Regex Regex { get; }

    /// <summary>
    /// The leftmost match that starts at or after <paramref name="from"/>: the one <see cref="Regex"/> itself finds
    /// from there. With start literals, only their positions are tried, in order, each by the anchored pattern.
    /// </summary>
    public bool NextMatch(ReadOnlySpan<char> text, int from, out int index, out int length)
    {
        if (Anchored is null || Starts is null)
        {
            foreach (var match in Regex.EnumerateMatches(text, from))
            {
                (index, length) = (match.Index, match.Length);
                return true;
            }
        }
        else
        {
            int position = from;
            while (position < text.Length)
            {
                int hit = text[position..].IndexOfAny(Starts);
                if (hit < 0)
                {
                    break;
                }

                hit += position;
                foreach (var match in Anchored.EnumerateMatches(text, hit))
                {
                    (index, length) = (match.Index, match.Length);
                    return true;
                }

                position = hit + 1;
            }
        }

        (index, length) = (0, 0);
        return false;
    }
}

/// <summary>
/// A detector's grammar: its rules in the order they are tried, and one index of the literals the rules require.
/// </summary>
/// <remarks>
/// <para>Every rule names literals of which the text must hold one before its pattern is tried. Checking them rule by
/// rule searched each window of text once per literal (about 230 searches for the injection grammar); here one
/// pass of an <see cref="AsciiLiteralIndex"/> marks every ASCII literal present, and each rule then reads its marks.</para>
/// <para>The other literals (Chinese) are found by their rarest character, as <see cref="KeywordMatcher"/> finds
/// keywords: in the same multi-string search as the ASCII ones, they made the framework fall back to an Aho-Corasick
/// automaton with a dictionary lookup per Chinese character, 2% of one-thread analyze CPU.</para>
/// </remarks>
internal sealed class GrammarRuleSet
{
    private readonly GrammarRule[] _rules;
    private readonly string[] _literals;
    private readonly int[][] _literalsOfRule;
    private readonly int[][] _alsoLiteralsOfRule;
    private readonly AsciiLiteralIndex _asciiIndex;
    private readonly char[] _anchorChars;
    private readonly CharSetSearch? _anchorSearch;
    private readonly (int Literal, int Offset)[][] _byAnchor;

    public GrammarRuleSet(params GrammarRule[] rules)
    {
        _rules = rules;
        _literals = [.. rules.SelectMany(rule => rule.Requires.Concat(rule.RequiresAlso)).Distinct(StringComparer.Ordinal)];
        var indexOf = _literals.Select((literal, index) => (literal, index)).ToDictionary(pair => pair.literal, pair => pair.index, StringComparer.Ordinal);
        _literalsOfRule = [.. rules.Select(rule => rule.Requires.Select(literal => indexOf[literal]).ToArray())];
        _alsoLiteralsOfRule = [.. rules.Select(rule => rule.RequiresAlso.Select(literal => indexOf[literal]).ToArray())];
        _asciiIndex = new AsciiLiteralIndex(_literals);
        var byAnchor = _literals
            .Select((literal, index) => (literal, index))
            .Where(pair => !System.Text.Ascii.IsValid(pair.literal))
            .Select(pair => (pair.index, offset: KeywordMatcher.AnchorOffset(pair.literal), pair.literal))
            .GroupBy(entry => entry.literal[entry.offset])
            .OrderBy(group => group.Key)
            .ToArray();
        _anchorChars = [.. byAnchor.Select(group => group.Key)];
        _anchorSearch = _anchorChars.Length > 0 ? new CharSetSearch(_anchorChars) : null;
        _byAnchor = [.. byAnchor.Select(group => group.Select(entry => (entry.index, entry.offset)).ToArray())];
    }

    /// <summary>The literals the rules require, in the order <see cref="MarkPresentLiterals"/> marks them.</summary>
    internal IReadOnlyList<string> Literals => _literals;

    /// <summary>The rules, in the order they are tried (for tests that every match holds its rule's literals).</summary>
    internal IReadOnlyList<GrammarRule> Rules => _rules;

    /// <summary>Finds the first match of any rule that is not a discussion of the phrase; null when none.</summary>
    public string? FirstCategory(ReadOnlySpan<char> normalized, Regex? discussionCue)
    {
        Span<bool> present = _literals.Length <= 512 ? stackalloc bool[_literals.Length] : new bool[_literals.Length];
        MarkPresentLiterals(normalized, present);
        for (int r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r];
            if (!AnyPresent(_literalsOfRule[r], present) || !AnyPresent(_alsoLiteralsOfRule[r], present))
            {
                continue;
            }

            try
            {
                // Matches in order, none overlapping the one before: as Regex.EnumerateMatches gives them.
                int from = 0;
                while (from <= normalized.Length && rule.NextMatch(normalized, from, out int index, out int length))
                {
                    if (!rule.MayBeDiscussed || discussionCue is null || !Grammar.IsDiscussion(normalized, index, length, discussionCue))
                    {
                        return rule.Category;
                    }

                    from = index + Math.Max(length, 1);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A text that makes a pattern backtrack this long is not a phrase anyone types: not a match.
            }
        }

        return null;
    }

    /// <summary>Sets <c>present[i]</c> for every literal <c>Literals[i]</c> that occurs in <paramref name="text"/>; leaves the others.</summary>
    internal void MarkPresentLiterals(ReadOnlySpan<char> text, Span<bool> present)
    {
        _asciiIndex.MarkPresent(text, present);

        // These literals all have a character outside ASCII: none can be in an all-ASCII window (one fast pass to check).
        if (_anchorSearch is not null && !System.Text.Ascii.IsValid(text))
        {
            int position = 0;
            while (position < text.Length)
            {
                int hit = _anchorSearch.IndexOfAny(text, position);
                if (hit < 0)
                {
                    break;
                }

                foreach (var (literal, offset) in _byAnchor[Array.BinarySearch(_anchorChars, text[hit])])
                {
                    int start = hit - offset;
                    if (start >= 0 && text[start..].StartsWith(_literals[literal], StringComparison.Ordinal))
                    {
                        present[literal] = true;
                    }
                }

                position = hit + 1;
            }
        }
    }

    /// <summary>Whether a rule may match: it requires nothing, or one of its literals is present.</summary>
    private static bool AnyPresent(int[] literals, ReadOnlySpan<bool> present)
    {
        if (literals.Length == 0)
        {
            return true;
        }

        foreach (int literal in literals)
        {
            if (present[literal])
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Building blocks shared by the grammars (all over lower-cased, normalized text).</summary>
internal static class Grammar
{
    /// <summary>Options of every grammar pattern (text is lower-cased by the normalizer; lines matter for turns).</summary>
    public const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Multiline;

    /// <summary>Matching is bounded: a pathological input cannot stall a worker.</summary>
    public const int TimeoutMilliseconds = 1000;

    /// <summary>Characters that end a sentence or clause, in both languages.</summary>
    public const string SentenceEnd = ".!?;\n。！？；";

    private static readonly SearchValues<char> SentenceEnds = SearchValues.Create(SentenceEnd);

    /// <summary>
    /// Whether the phrase at [index, index + length) is talked about rather than said: it is quoted or does not open
    /// its clause, and its sentence carries a discussion cue (a question about meaning, research, detection, code).
    /// </summary>
    public static bool IsDiscussion(ReadOnlySpan<char> text, int index, int length, Regex discussionCue)
    {
        // One vector search each way, not a search of SentenceEnd per character.
        int start = text[..index].LastIndexOfAny(SentenceEnds) + 1;
        int end = index + length;
        int after = text[end..].IndexOfAny(SentenceEnds);
        end = after < 0 ? text.Length : end + after;

        // A question mark or period inside quotes does not end the sentence that quotes it.
        var before = text.Slice(start, index - start);
        bool quoted = IsInsideQuotes(text, start, index);
        int lead = 0;
        foreach (char c in before)
        {
            if (char.IsLetterOrDigit(c))
            {
                lead++;
            }
        }

        bool opensClause = lead <= 12 && !quoted;
        if (opensClause)
        {
            return false;
        }

        // Look a little beyond the sentence: "'Ignore previous instructions.' What does that mean?"
        int cueStart = Math.Max(0, start - 80);
        int cueEnd = Math.Min(text.Length, end + 120);
        return discussionCue.IsMatch(text.Slice(cueStart, cueEnd - cueStart));
    }

    private static bool IsInsideQuotes(ReadOnlySpan<char> text, int sentenceStart, int index)
    {
        int straight = 0, single = 0, open = 0;
        for (int i = Math.Max(0, sentenceStart - 1); i < index; i++)
        {
            char c = text[i];
            if (c == '"')
            {
                straight++;
            }
            else if (c == '\'' && (i == 0 || !char.IsLetter(text[i - 1])))
            {
                single++; // an apostrophe inside a word ("don't") is not a quote
            }
            else if (c is '`' or '「' or '『' or '《')
            {
                open++;
            }
            else if (c is '」' or '』' or '》')
            {
                open--;
            }
        }

        // The character right before the phrase may open a quote even when counting is confused by apostrophes.
        int j = index - 1;
        while (j >= 0 && text[j] == ' ')
        {
            j--;
        }

        bool openedRightBefore = j >= 0 && text[j] is '"' or '\'' or '`' or '「' or '『' or '“';
        return straight % 2 == 1 || single % 2 == 1 || open > 0 || openedRightBefore;
    }
}
