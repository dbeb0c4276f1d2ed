using System.Buffers;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Finds whether any of a set of keywords occurs in a text. ASCII keywords go to a <see cref="SearchValues{T}"/>
/// of strings (a vectorized multi-string search that is fast on any text); every other keyword is anchored on its
/// rarest-looking character, a vectorized search for the anchor characters finds candidates, and each candidate is
/// verified in place.
/// </summary>
/// <remarks>
/// Why not <see cref="SearchValues{T}"/> for all: with Chinese keywords its packed-nibble search meets a candidate at
/// almost every position of Chinese text (CJK code units share low nibbles) and ran at under 200 M chars/s on model
/// outputs. Anchoring Chinese keywords on a rare ideograph keeps candidates rare.
/// </remarks>
public sealed class KeywordMatcher
{
    private const int AnchorSlots = 1024;

    // English letters from most to least frequent: rarer letters make better anchors.
    private const string LetterFrequencyOrder = "etaoinsrhldcumfpgwybvkxjqz";

    // The most frequent Chinese characters in ordinary text; a keyword anchored on one of these would stop everywhere.
    private const string CommonHanzi =
        "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持音跑";

    private readonly (string Keyword, int AnchorOffset, StringComparison Comparison)[][] _byAnchor;
    private readonly char[] _anchorChars;
    private readonly CharSetSearch? _anchorSearch;

    // Anchor index by the anchor's low ten bits (-1: none, -2: several share them): the anchor search stops on
    // every occurrence of an anchor, and a binary search per stop was nearly 1% of analyze CPU.
    private readonly short[] _anchorBySlot = new short[AnchorSlots];
    private readonly int _maxAnchorOffset;
    private readonly StringComparison _comparison;
    private readonly SearchValues<string>? _ascii;
    private readonly Pieces? _pieces;

    /// <summary>Compiles the keywords. Empty keywords are ignored.</summary>
    public KeywordMatcher(IEnumerable<string> keywords, bool ignoreCase)
        : this(keywords, ignoreCase, searchPieces: null)
    {
    }

    /// <summary>
    /// Compiles the keywords; the ASCII ones are found by searching <paramref name="searchPieces"/> (each ASCII keyword
    /// must contain one) and checking the keywords around each piece found. Same results as without pieces, faster when
    /// the keywords start with common letters ("for…", "ins…", "as …") and the pieces are rarer ("rget", "nstru", " dan").
    /// </summary>
    /// <exception cref="ArgumentException">An ASCII keyword contains none of the pieces.</exception>
    public KeywordMatcher(IEnumerable<string> keywords, bool ignoreCase, IReadOnlyCollection<string>? searchPieces)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var groups = new Dictionary<char, List<(string, int, StringComparison)>>();
        var distinct = keywords.Where(k => !string.IsNullOrEmpty(k)).Distinct(ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal).ToList();
        var ascii = distinct.Where(k => System.Text.Ascii.IsValid(k)).ToArray();
        if (ascii.Length > 0 && searchPieces is { Count: > 0 })
        {
            _pieces = new Pieces(ascii, searchPieces, _comparison);
        }
        else if (ascii.Length > 0)
        {
            _ascii = SearchValues.Create(ascii, _comparison);
        }

        foreach (string keyword in distinct.Where(k => !System.Text.Ascii.IsValid(k)))
        {
            int offset = AnchorOffset(keyword);
            char anchor = keyword[offset];
            _maxAnchorOffset = Math.Max(_maxAnchorOffset, offset);

            // A keyword of Chinese characters only has no other case: compared ordinally, it matches the same text
            // without the per-character case mapping OrdinalIgnoreCase does for anything outside ASCII.
            var comparison = keyword.All(IsCaseless) ? StringComparison.Ordinal : _comparison;
            var variants = ignoreCase && char.IsAsciiLetter(anchor)
                ? new[] { char.ToLowerInvariant(anchor), char.ToUpperInvariant(anchor) }
                : [anchor];
            foreach (char c in variants)
            {
                if (!groups.TryGetValue(c, out var list))
                {
                    groups[c] = list = [];
                }

                list.Add((keyword, offset, comparison));
            }
        }

        _anchorChars = [.. groups.Keys.Order()];
        _anchorSearch = _anchorChars.Length > 0 ? new CharSetSearch(_anchorChars) : null;
        _byAnchor = new (string, int, StringComparison)[_anchorChars.Length][];
        Array.Fill(_anchorBySlot, (short)-1);
        for (int i = 0; i < _anchorChars.Length; i++)
        {
            ref short slot = ref _anchorBySlot[_anchorChars[i] % AnchorSlots];
            slot = slot == -1 ? (short)i : (short)-2;
            _byAnchor[i] = [.. groups[_anchorChars[i]]];
        }
    }

    /// <summary>Whether no keyword was given.</summary>
    public bool IsEmpty => _anchorChars.Length == 0 && _ascii is null && _pieces is null;

    /// <summary>Whether any keyword occurs in <paramref name="text"/>.</summary>
    public bool ContainsAny(ReadOnlySpan<char> text) =>
        (_ascii is not null && text.ContainsAny(_ascii)) || (_pieces is not null && _pieces.IndexOfAny(text) >= 0) || (_anchorChars.Length > 0 && ContainsAnchored(text));

    /// <summary>Index of the start of the first keyword occurrence in <paramref name="text"/>, or -1.</summary>
    public int IndexOfAny(ReadOnlySpan<char> text)
    {
        int ascii = _ascii is not null ? text.IndexOfAny(_ascii) : _pieces is not null ? _pieces.IndexOfAny(text) : -1;
        int anchored = _anchorChars.Length == 0 ? -1 : IndexOfAnchored(text, startsBefore: ascii < 0 ? int.MaxValue : ascii, firstFound: false);
        return anchored >= 0 ? anchored : ascii;
    }

    /// <summary>ASCII keywords found through pieces of them: a search for the pieces, then the keywords checked around each.</summary>
    private sealed class Pieces
    {
        // Pieces per search: the multi-string search slows down steeply past about a dozen strings (33 trigger pieces in
        // one search cost about 3 times as much on English prose as the same pieces in three), so the pieces are
        // searched in groups and the earliest hit of any group is taken: the same hits, in the same order. Groups are
        // of equal size, at most MaxPiecesPerSearch each: every search is a pass over the text, and the refusal
        // triggers' 14 pieces cost 0.12 µs per 400-character opening in one search against 0.18 µs split 12 + 2
        // (33 injection pieces: 0.25 µs per input in groups of 11 or 12, 0.58 µs in one, 0.34 µs in groups of 8).
        private const int MaxPiecesPerSearch = 16;

        private readonly SearchValues<string>[] _searches;
        private readonly StringComparison _comparison;

        // Pieces by the upper-case form of their first character (what OrdinalIgnoreCase compares; 'ı' and 'ſ' included).
        private readonly Dictionary<char, (string Piece, (string Keyword, int Offset)[] Keywords)[]> _byFirst = [];
        private readonly int _maxOffset;

        public Pieces(string[] keywords, IReadOnlyCollection<string> pieces, StringComparison comparison)
        {
            _comparison = comparison;
            var byPiece = new Dictionary<string, List<(string, int)>>(StringComparer.FromComparison(comparison));
            foreach (string keyword in keywords)
            {
                string piece = pieces.FirstOrDefault(p => p.Length > 0 && keyword.Contains(p, comparison))
                    ?? throw new ArgumentException($"no search piece is part of the keyword \"{keyword}\"", nameof(pieces));
                int offset = keyword.IndexOf(piece, comparison);
                _maxOffset = Math.Max(_maxOffset, offset);
                if (!byPiece.TryGetValue(piece, out var list))
                {
                    byPiece[piece] = list = [];
                }

                list.Add((keyword, offset));
            }

            int groups = (byPiece.Count + MaxPiecesPerSearch - 1) / MaxPiecesPerSearch;
            int perSearch = (byPiece.Count + groups - 1) / groups;
            _searches = [.. byPiece.Keys.Order(StringComparer.Ordinal).Chunk(perSearch).Select(group => SearchValues.Create(group, comparison))];
            foreach (var group in byPiece.GroupBy(pair => First(pair.Key[0])))
            {
                _byFirst[group.Key] = [.. group.Select(pair => (pair.Key, pair.Value.ToArray()))];
            }
        }

        private char First(char c) => _comparison == StringComparison.OrdinalIgnoreCase ? char.ToUpperInvariant(c) : c;

        /// <summary>Start of the first keyword occurrence, or -1.</summary>
        public int IndexOfAny(ReadOnlySpan<char> text)
        {
            int best = -1, position = 0;

            // The next hit of each group at or after position (int.MaxValue: none left); a group is searched again
            // only once position has passed its hit.
            Span<int> next = stackalloc int[_searches.Length];
            next.Fill(-1);
            while (position < text.Length)
            {
                int at = int.MaxValue;
                for (int g = 0; g < _searches.Length; g++)
                {
                    if (next[g] < position)
                    {
                        int hit = text[position..].IndexOfAny(_searches[g]);
                        next[g] = hit < 0 ? int.MaxValue : position + hit;
                    }

                    at = Math.Min(at, next[g]);
                }

                if (at == int.MaxValue)
                {
                    break;
                }

                if (best >= 0 && at - _maxOffset >= best)
                {
                    break; // a keyword around a later piece starts after the one found
                }

                if (_byFirst.TryGetValue(First(text[at]), out var candidates))
                {
                    foreach (var (piece, keywords) in candidates)
                    {
                        if (at + piece.Length > text.Length || !text.Slice(at, piece.Length).Equals(piece, _comparison))
                        {
                            continue;
                        }

                        foreach (var (keyword, offset) in keywords)
                        {
                            int start = at - offset;
                            if (start >= 0 && (best < 0 || start < best) && start + keyword.Length <= text.Length
                                && text.Slice(start, keyword.Length).Equals(keyword, _comparison))
                            {
                                best = start;
                            }
                        }
                    }
                }

                position = at + 1;
            }

            return best;
        }
    }

    private bool ContainsAnchored(ReadOnlySpan<char> text) => IndexOfAnchored(text, int.MaxValue, firstFound: true) >= 0;

    /// <summary>
    /// The earliest start of a keyword found through its anchor that starts before <paramref name="startsBefore"/>, or -1;
    /// with <paramref name="firstFound"/>, the start of the first one found (whether any is there is all that is asked).
    /// </summary>
    /// <remarks>
    /// Keywords are found in the order of their anchors, and a keyword anchored further in (at a larger offset) can
    /// start before one found earlier: the search goes on until no later anchor can give an earlier start.
    /// </remarks>
    private int IndexOfAnchored(ReadOnlySpan<char> text, int startsBefore, bool firstFound)
    {
        // Every keyword found here has a character outside ASCII (the others are searched as strings), so an all-ASCII
        // text holds none: that check is a faster pass than the anchor search, and stops at once on Chinese text. It was
        // once skipped for five anchors or fewer (the anchor search is then a plain compare per anchor), but it costs
        // fewer instructions than those five compares too: the article's sensitive and jailbreak words, searched in
        // every output, 0.4% fewer instructions on the generator's lines (cachegrind, one thread; more on English logs).
        if (_anchorSearch is null || System.Text.Ascii.IsValid(text))
        {
            return -1;
        }

        int best = -1, position = 0;
        while (position < text.Length)
        {
            int at = _anchorSearch.IndexOfAny(text, position);
            if (at < 0)
            {
                break;
            }

            if (at - _maxAnchorOffset >= (best >= 0 ? best : startsBefore))
            {
                break; // every keyword around a later anchor starts too late
            }

            char anchor = text[at];
            int group = _anchorBySlot[anchor % AnchorSlots];
            if (group < 0 || _anchorChars[group] != anchor)
            {
                group = Array.BinarySearch(_anchorChars, anchor);
            }

            foreach (var (keyword, offset, comparison) in _byAnchor[group])
            {
                // A character next to the anchor first, in place, where it compares ordinally: most anchors found are
                // not in a keyword (理 in 处理 is no 理会), and the full comparison is a call.
                int start = at - offset;
                int probe = offset == 0 ? Math.Min(1, keyword.Length - 1) : 0;
                if (start >= 0 && start < startsBefore && (best < 0 || start < best)
                    && start + keyword.Length <= text.Length
                    && (comparison != StringComparison.Ordinal || text[start + probe] == keyword[probe])
                    && text.Slice(start, keyword.Length).Equals(keyword, comparison))
                {
                    if (firstFound)
                    {
                        return start;
                    }

                    best = start;
                }
            }

            position = at + 1;
        }

        return best;
    }

    /// <summary>
    /// Whether <paramref name="c"/> is a CJK ideograph or CJK punctuation mark: Unicode gives these no case mapping, so
    /// no other character equals one under OrdinalIgnoreCase.
    /// </summary>
    internal static bool IsCaseless(char c) => c is (>= '\u3000' and <= '\u303F') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF');

    /// <summary>Index of the character of <paramref name="keyword"/> that is likely rarest in text: the one to search for.</summary>
    internal static int AnchorOffset(string keyword)
    {
        int best = 0, bestScore = int.MinValue;
        for (int i = 0; i < keyword.Length; i++)
        {
            int score = Score(keyword[i]);
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    private static int Score(char c)
    {
        if (char.IsAsciiLetter(c))
        {
            return LetterFrequencyOrder.IndexOf(char.ToLowerInvariant(c), StringComparison.Ordinal) + 10;
        }

        if (c >= '\u4E00' && c <= '\u9FFF')
        {
            // A specific ideograph is rarer than any Latin letter, unless it is one of the everyday ones; those are listed
            // from the most frequent, so among them the later one is the better anchor ("我没" on 没, not on 我).
            int common = CommonHanzi.IndexOf(c, StringComparison.Ordinal);
            return common < 0 ? 40 : 20 + (common * 10 / CommonHanzi.Length);
        }

        if (c is '\u2018' or '\u2019')
        {
            // Curly single quotes ("can’t", "won’t"): rarer than any letter around them. Anchored on 'c' and 'w'
            // instead, the refusal triggers stopped about every 30 characters of English text.
            return 36;
        }

        return char.IsAsciiDigit(c) ? 5 : 0; // spaces and punctuation are everywhere
    }
}
